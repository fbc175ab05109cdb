import { describe, expect, it } from 'vitest';
import { excerpt, plainText, truncate } from '../../../electron/core/sync';

describe('plainText', () => {
  it('strips tags, drops scripts and styles with their content, and keeps words apart', () => {
    expect(plainText('<p>Hello<br>world</p><div>again</div>')).toBe('Hello world again');
    expect(plainText('<style>p{}</style><script>alert(1)</script><b>bold</b> text')).toBe('bold text');
    expect(plainText('<!-- note -->visible')).toBe('visible');
    expect(plainText('cut <a href="x')).toBe('cut');
  });

  it('decodes named and numeric entities, including the Spanish letters the demo uses', () => {
    expect(plainText('Tom &amp; Jerry &lt;3 &quot;hi&quot; &#39;x&#39; &#x263A; &nbsp;ma&ntilde;ana &iquest;s&iacute;?')).toBe(`Tom & Jerry <3 "hi" 'x' ☺ mañana ¿sí?`);
    expect(plainText('&unknown; stays')).toBe('&unknown; stays');
  });

  it('does not turn escaped markup back into tags that get stripped', () => {
    expect(plainText('Use &lt;b&gt; for bold')).toBe('Use <b> for bold');
  });

  it('collapses whitespace and control characters into single spaces', () => {
    expect(plainText('  a\n\n\tb\u0007c  ')).toBe('a b c');
  });
});

describe('excerpt and truncate', () => {
  it('keeps short text as it is', () => {
    expect(excerpt('<p>Short</p>')).toBe('Short');
  });

  it('cuts long text at a word boundary with an ellipsis, within the limit', () => {
    const long = `<p>${'word '.repeat(60)}</p>`;
    const out = excerpt(long, 140);
    expect([...out].length).toBeLessThanOrEqual(140);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(truncate('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
  });
});

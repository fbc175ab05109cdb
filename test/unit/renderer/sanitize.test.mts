// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { BLOCKED_IMAGE_CLASS, HELPDESK_FILE_ATTR, REMOTE_IMAGE_ATTR, htmlToText, sanitizeHtml } from '../../../renderer/src/sanitize';
import { XSS_CORPUS, scriptCapable } from './xss-corpus.mts';

function parse(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

describe('sanitizeHtml against the XSS corpus', () => {
  it('has a corpus of at least 100 payloads across the known families', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(XSS_CORPUS.map((c) => c.family)).size).toBeGreaterThanOrEqual(10);
  });

  for (const images of ['block', 'show'] as const) {
    it(`leaves nothing script-capable in any payload (images: ${images})`, () => {
      const failures: string[] = [];
      for (const { family, html } of XSS_CORPUS) {
        const out = sanitizeHtml(html, { images }).html;
        const problems = scriptCapable(parse(out), { allowRemoteImages: images === 'show' });
        // Serialized and parsed once more, as v-html will: a mutation trick would show up here.
        const reparsed = document.createElement('div');
        reparsed.innerHTML = out;
        problems.push(...scriptCapable(parse(reparsed.innerHTML), { allowRemoteImages: images === 'show' }));
        // Escaped text may mention these words; an actual tag may not.
        if (/<(?:script|iframe|object|embed|form|style|base|meta|svg|math|link)\b/i.test(out)) problems.push('forbidden tag in output');
        if (problems.length) failures.push(`${family}: ${html}\n  → ${out}\n  ${problems.join(', ')}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('the checker itself catches what it is meant to catch', () => {
    expect(scriptCapable(parse('<img src=x onerror=alert(1)>'))).not.toEqual([]);
    expect(scriptCapable(parse('<a href="javascript:alert(1)">x</a>'))).not.toEqual([]);
    expect(scriptCapable(parse('<div style="position:fixed">x</div>'))).not.toEqual([]);
    expect(scriptCapable(parse('<svg></svg>'))).not.toEqual([]);
    expect(scriptCapable(parse('<img src="https://t.test/p.gif">'))).not.toEqual([]);
    expect(scriptCapable(parse('<a href="https://ok.test">x</a>'))).not.toEqual([]);
    expect(scriptCapable(parse('<p><b>fine</b></p>'))).toEqual([]);
  });
});

describe('sanitizeHtml keeps what an agent needs to read', () => {
  it('keeps text formatting, lists, quotes, code, headings and tables', () => {
    const html =
      '<h2>Order</h2><p>Hello <b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u> <s>s</s></p>' +
      '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote>quoted</blockquote><pre><code>x = 1</code></pre>' +
      '<table><thead><tr><th>a</th></tr></thead><tbody><tr><td colspan="2">b</td></tr></tbody></table>';
    expect(sanitizeHtml(html).html).toBe(html);
  });

  it('keeps the text of removed wrappers, and drops the content of script-like ones', () => {
    expect(sanitizeHtml('<form><p>Please <font color=red>help</font></p></form>').html).toBe('<p>Please help</p>');
    expect(sanitizeHtml('<p>a</p><script>evil()</script><style>p{}</style><p>b</p>').html).toBe('<p>a</p><p>b</p>');
  });

  it('strips style and class attributes entirely', () => {
    expect(sanitizeHtml('<p style="color:red" class="btn">x</p>').html).toBe('<p>x</p>');
  });

  it('opens links outside, without a referrer or an opener', () => {
    const out = parse(sanitizeHtml('<a href="https://example.com/a?b=1">site</a> <a href="mailto:a@b.test">mail</a>').html);
    const links = Array.from(out.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'mailto:a@b.test']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('turns a link with an unusable address into plain text', () => {
    const out = parse(sanitizeHtml('<a href="javascript:alert(1)">click</a><a href="/relative">rel</a>').html);
    expect(Array.from(out.querySelectorAll('a')).map((a) => a.hasAttribute('href'))).toEqual([false, false]);
    expect(out.textContent).toBe('clickrel');
  });

  it('replaces remote images with a placeholder by default and counts them', () => {
    const result = sanitizeHtml('<p>See <img src="https://cdn.test/shot.png" alt="screenshot"> and <img src="http://t.test/p.gif"></p>', {
      blockedLabel: 'Imagen bloqueada',
    });
    expect(result.blockedImages).toBe(2);
    const out = parse(result.html);
    expect(out.querySelector('img')).toBeNull();
    expect(Array.from(out.querySelectorAll(`.${BLOCKED_IMAGE_CLASS}`)).map((s) => s.textContent)).toEqual(['Imagen bloqueada: screenshot', 'Imagen bloqueada']);
  });

  it('marks remote images, when allowed, for the core to fetch: the page itself never gets a remote src', () => {
    const result = sanitizeHtml('<img src=" HTTPS://CDN.test/shot.png?a=1&amp;b=2 " alt="s">', { images: 'show' });
    expect(result.blockedImages).toBe(0);
    const img = parse(result.html).querySelector('img');
    expect(img?.hasAttribute('src')).toBe(false);
    // The address as URL.href writes it: the core compares it with the ticket's sources the same way.
    expect(img?.getAttribute(REMOTE_IMAGE_ATTR)).toBe('https://cdn.test/shot.png?a=1&b=2');
    expect(img?.getAttribute('alt')).toBe('s');
  });

  it('marks images stored on the helpdesk so they are fetched through the bridge, not the network', () => {
    const src = 'https://help.acme.test/api/system/download?file=t123456_0123456789abcdef0123456789abcdef01234567_shot.png';
    const img = parse(sanitizeHtml(`<img src="${src}">`, { images: 'show' }).html).querySelector('img');
    expect(img?.hasAttribute('src')).toBe(false);
    expect(img?.getAttribute(HELPDESK_FILE_ATTR)).toBe('t123456_0123456789abcdef0123456789abcdef01234567_shot.png');
    // A file name that could not be a stored name is not passed on.
    const odd = parse(sanitizeHtml('<img src="https://h.test/api/system/download?file=../../etc/passwd">', { images: 'show' }).html).querySelector('img');
    expect(odd?.hasAttribute('src')).toBe(false);
    expect(odd?.getAttribute(REMOTE_IMAGE_ATTR)).toBe('https://h.test/api/system/download?file=../../etc/passwd');
    expect(odd?.hasAttribute(HELPDESK_FILE_ATTR)).toBe(false);
  });

  it('keeps inline raster images (they load nothing) but not SVG ones', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(parse(sanitizeHtml(`<img src="${png}">`).html).querySelector('img')?.getAttribute('src')).toBe(png);
    const svg = sanitizeHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="logo">').html;
    expect(svg).toBe('logo');
  });

  it('caches by input and options', () => {
    const a = sanitizeHtml('<p>x</p><img src="https://i.test/a.png">');
    expect(sanitizeHtml('<p>x</p><img src="https://i.test/a.png">')).toBe(a);
    expect(sanitizeHtml('<p>x</p><img src="https://i.test/a.png">', { images: 'show' })).not.toBe(a);
  });
});

describe('htmlToText', () => {
  it('gives readable text with line breaks and no markup', () => {
    expect(htmlToText('<p>Hello <b>there</b></p><p>Line<br>two</p><script>x()</script>')).toBe('Hello there\nLine\ntwo');
  });
});

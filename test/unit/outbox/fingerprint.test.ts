import { describe, expect, it } from 'vitest';
import { comparableText, fingerprint, isBlank, isEmptyEditor, plainText } from '../../../electron/core/outbox';
import { sanitizeHtml } from '../../../sim/sanitize';

/**
 * The fingerprint must survive what the server does to a comment: sanitising, re-escaping and
 * dropping markup. The simulator's sanitiser stands in for the server's here.
 */
const EDITOR_OUTPUT = [
  '<p>Hello Bob,</p><p>we have refunded the <strong>duplicate</strong> charge.</p>',
  '<p>Tom &amp; Jerry &lt;3 — “quotes” and naïve café 😀</p>',
  '<p>Line one<br>Line two<br/>Line three</p>',
  '<ul><li>first</li><li>second</li></ul><blockquote>quoted</blockquote>',
  '<p>A <a href="javascript:alert(1)" onclick="x()">link</a> and <img src="x" onerror="y()"> image</p>',
  '<p>before<script>alert(1)</script>after<style>p{}</style></p>',
  '<p>&nbsp;spaced&nbsp;&nbsp;out&nbsp;</p>',
  '<custom-tag>kept text</custom-tag><p>5 &gt; 3 and 2 < 4</p>',
  '<p>numeric &#233; &#x1F600; entities</p>',
  '<!-- a comment --><p>after a comment</p>',
];

describe('fingerprint', () => {
  it.each(EDITOR_OUTPUT)('is the same for what we send and what the server stores: %s', (html) => {
    expect(fingerprint(sanitizeHtml(html))).toBe(fingerprint(html));
  });

  it('differs when the visible text differs', () => {
    expect(fingerprint('<p>Thanks, Bob</p>')).not.toBe(fingerprint('<p>Thanks, Rob</p>'));
    expect(fingerprint('<p>refund 10</p>')).not.toBe(fingerprint('<p>refund 100</p>'));
  });

  it('ignores markup and whitespace, which the server may rewrite', () => {
    expect(fingerprint('<p>Hello <b>world</b></p>')).toBe(fingerprint('Hello world'));
    expect(fingerprint('<div>Hello</div>\n\n<div>world</div>')).toBe(fingerprint('<p>Hello world</p>'));
    expect(comparableText('<p>a&nbsp;b\u200bc</p>')).toBe('abc');
  });

  it('keeps the readable text for display', () => {
    expect(plainText('<p>Hello&nbsp;<b>Bob</b>,</p><p>5 &gt; 3</p>')).toBe('Hello Bob , 5 > 3');
  });

  it('knows an empty editor from one with content', () => {
    expect(isBlank('<p></p>')).toBe(true);
    expect(isBlank('<p>&nbsp; <br></p>')).toBe(true);
    expect(isBlank('<p>.</p>')).toBe(false);
    expect(isEmptyEditor('<p><img src="data:image/png;base64,AAAA"></p>')).toBe(false);
    expect(isEmptyEditor('')).toBe(true);
  });
});

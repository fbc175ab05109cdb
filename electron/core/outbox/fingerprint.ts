/**
 * Recognising our own reply among a ticket's comments after an answer was lost.
 *
 * The server does not store what we sent: it runs the HTML through its sanitiser (HTMLPurifier on
 * a real install), which drops some elements with their content, drops unknown tags but keeps
 * their text, re-escapes text and rewrites attributes. So the HTML cannot be compared. What
 * survives every such rewrite is the visible text with whitespace removed: the same measure the
 * server itself uses for its "empty content" rule (reference §2.11).
 */
import { createHash } from 'node:crypto';

/** Elements the sanitiser removes together with everything inside them. */
const DROPPED_WITH_CONTENT = ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'select', 'frameset', 'frame', 'applet'];

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  hellip: '\u2026',
  euro: '\u20ac',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function dropElements(html: string): string {
  let out = html.replace(/<!--[\s\S]*?(-->|$)/g, '');
  for (const tag of DROPPED_WITH_CONTENT) {
    // An element left open swallows the rest of the text, as the sanitiser treats it.
    out = out.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?(</${tag}\\s*>|$)`, 'gi'), '');
  }
  return out;
}

/** The visible text of a piece of editor or server HTML, whitespace kept (for display and checks). */
export function plainText(html: string): string {
  const withoutTags = dropElements(html).replace(/<\/?[a-zA-Z][^>]*>/g, ' ');
  return decodeEntities(withoutTags).normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The comparable core of a message: its visible text with every whitespace character removed. */
export function comparableText(html: string): string {
  // \u00ad (soft hyphen) and zero-width characters are invisible and editors insert them freely.
  return plainText(html).replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g, '');
}

/** Hex SHA-256 of the comparable text: stored with each outbox entry and compared with comments. */
export function fingerprint(html: string): string {
  return createHash('sha256').update(comparableText(html), 'utf8').digest('hex');
}

/** Whether the server's content rule would refuse this as empty (nothing visible after stripping). */
export function isBlank(html: string): boolean {
  return comparableText(html).length === 0;
}

/** What an editor holds when the person has put nothing in it: no text and no image. */
export function isEmptyEditor(html: string): boolean {
  return isBlank(html) && !/<img\b/i.test(html);
}

/**
 * A small allow-list HTML cleaner standing in for the server's HTMLPurifier: the
 * client must cope with sanitised HTML, and a simulator that stored scripts verbatim
 * would hide XSS bugs in the renderer instead of exposing them.
 */

const ALLOWED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'p', 'br', 'hr', 'div', 'span',
  'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'font',
]);
const VOID_TAGS = new Set(['br', 'hr', 'img']);
/** Elements removed together with everything inside them. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'select', 'frameset', 'frame', 'applet']);
const ALLOWED_ATTRS: Record<string, readonly string[]> = {
  '*': ['title', 'style', 'class', 'dir'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'],
  font: ['color', 'size', 'face'],
  p: ['align'],
  div: ['align'],
};
const URL_ATTRS = new Set(['href', 'src']);

function escapeText(text: string): string {
  // Keep existing entities; escape what would otherwise start markup.
  return text.replace(/&(?!#\d+;|#x[0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(value: string): string {
  return value.replace(/&(?!#\d+;|#x[0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;)/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeForCheck(value: string): string {
  // Entity and whitespace tricks (`jav&#x61;script:`, `java\tscript:`) must not slip past the scheme test.
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/\s+/g, '')
    .split('')
    .filter((c) => c.charCodeAt(0) > 0x1f)
    .join('')
    .toLowerCase();
}

function safeUrl(value: string): boolean {
  const v = decodeForCheck(value);
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(v)?.[1];
  return scheme === undefined || ['http', 'https', 'mailto', 'tel', 'ftp'].includes(scheme) || (scheme === 'data' && /^data:image\/(png|gif|jpe?g|webp);/.test(v));
}

function safeStyle(value: string): boolean {
  const v = decodeForCheck(value);
  return !/expression\(|url\(|javascript:|behavior:|-moz-binding/.test(v);
}

const ATTR_RE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function cleanAttributes(tag: string, raw: string): string {
  const allowed = new Set([...(ALLOWED_ATTRS['*'] ?? []), ...(ALLOWED_ATTRS[tag] ?? [])]);
  const out: string[] = [];
  for (let m = ATTR_RE.exec(raw); m; m = ATTR_RE.exec(raw)) {
    const name = (m[1] ?? '').toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (name.startsWith('on') || !allowed.has(name)) continue;
    if (URL_ATTRS.has(name) && !safeUrl(value)) continue;
    if (name === 'style' && !safeStyle(value)) continue;
    out.push(` ${name}="${escapeAttr(value)}"`);
  }
  ATTR_RE.lastIndex = 0;
  return out.join('');
}

const TAG_RE = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/;

export function sanitizeHtml(input: string): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      out += escapeText(input.slice(i));
      break;
    }
    out += escapeText(input.slice(i, lt));
    const rest = input.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = input.indexOf('-->', lt + 4);
      i = end < 0 ? input.length : end + 3;
      continue;
    }
    const m = TAG_RE.exec(rest);
    if (!m) {
      out += '&lt;';
      i = lt + 1;
      continue;
    }
    const closing = m[1] === '/';
    const tag = (m[2] ?? '').toLowerCase();
    i = lt + m[0].length;
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing) {
        const close = new RegExp(`</${tag}\\s*>`, 'i').exec(input.slice(i));
        i = close ? i + close.index + close[0].length : input.length;
      }
      continue;
    }
    if (!ALLOWED_TAGS.has(tag)) continue;
    if (closing) {
      if (!VOID_TAGS.has(tag)) out += `</${tag}>`;
    } else {
      out += VOID_TAGS.has(tag) ? `<${tag}${cleanAttributes(tag, m[3] ?? '')} />` : `<${tag}${cleanAttributes(tag, m[3] ?? '')}>`;
    }
  }
  return out;
}

/** Tag stripping as used for minimized ticket lists and the content-length rule. */
export function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?[a-zA-Z][^>]*>/g, '');
}

/**
 * The content rule (§2.11): after removing tags and whitespace the text must be
 * non-empty and at most 10 000 UTF-8 bytes.
 */
export function validContent(content: string | undefined): content is string {
  if (content === undefined) return false;
  const text = stripTags(content).replace(/\s|&nbsp;/g, '');
  return text.length > 0 && Buffer.byteLength(text, 'utf8') <= 10_000;
}

/** Names and titles: not blank, 1–200 characters (§2.11). */
export function validLength(v: string | undefined, min: number, max: number): v is string {
  if (v === undefined || v.trim() === '') return false;
  const n = [...v].length;
  return n >= min && n <= max;
}

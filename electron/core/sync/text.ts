/**
 * Plain text for notifications. Native notifications render text literally, and a notification
 * body that leaked markup would show tags to the person (or worse, in a host that renders it),
 * so everything that came from the server as HTML passes through here.
 */

/** Elements whose content is never text a person wrote. */
const DROP_WITH_CONTENT = /<(script|style|head|template|noscript|iframe|object|textarea|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Tags after which a reader expects a break; they become a space so words do not run together. */
const BREAKING_TAG = /<\/?(p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|pre|hr|section|article|header|footer)\b[^>]*>/gi;

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', yen: '¥', cent: '¢',
  deg: '°', plusmn: '±', times: '×', divide: '÷', para: '¶', sect: '§', iexcl: '¡', iquest: '¿', shy: '',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', yacute: 'ý', Aacute: 'Á', Eacute: 'É', Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', Yacute: 'Ý',
  agrave: 'à', egrave: 'è', igrave: 'ì', ograve: 'ò', ugrave: 'ù', Agrave: 'À', Egrave: 'È', Igrave: 'Ì', Ograve: 'Ò', Ugrave: 'Ù',
  acirc: 'â', ecirc: 'ê', icirc: 'î', ocirc: 'ô', ucirc: 'û', Acirc: 'Â', Ecirc: 'Ê', Icirc: 'Î', Ocirc: 'Ô', Ucirc: 'Û',
  auml: 'ä', euml: 'ë', iuml: 'ï', ouml: 'ö', uuml: 'ü', yuml: 'ÿ', Auml: 'Ä', Euml: 'Ë', Iuml: 'Ï', Ouml: 'Ö', Uuml: 'Ü',
  atilde: 'ã', otilde: 'õ', ntilde: 'ñ', Atilde: 'Ã', Otilde: 'Õ', Ntilde: 'Ñ', ccedil: 'ç', Ccedil: 'Ç', szlig: 'ß',
  aring: 'å', Aring: 'Å', aelig: 'æ', AElig: 'Æ', oslash: 'ø', Oslash: 'Ø', ordf: 'ª', ordm: 'º',
};

function codePoint(n: number): string {
  // Invalid or control code points would put garbage into a system notification; drop them.
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n < 0x20) return ' ';
  return String.fromCodePoint(n);
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body[0] === '#') return codePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
    return NAMED[body] ?? whole;
  });
}

function withoutControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    out += c < 0x20 || c === 0x7f || c === 0x200b || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }
  return out;
}

/** HTML (or text that may hold entities) → one line of plain text. */
export function plainText(html: string | null | undefined): string {
  if (!html) return '';
  const stripped = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(DROP_WITH_CONTENT, ' ')
    .replace(BREAKING_TAG, ' ')
    // Any other tag, including a broken one cut off at the end of the text.
    .replace(/<\/?[a-zA-Z][^>]*(>|$)/g, '');
  return withoutControls(decodeEntities(stripped)).replace(/\s+/g, ' ').trim();
}

/** At most `max` characters, cut at a word boundary when one is near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  let cut = chars.slice(0, Math.max(1, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  if (space >= cut.length - 20 && space > 0) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,.;:–—-]+$/, '')}…`;
}

export const EXCERPT_LENGTH = 140;

export function excerpt(html: string | null | undefined, max = EXCERPT_LENGTH): string {
  return truncate(plainText(html), max);
}

import DOMPurify, { type Config } from 'dompurify';

/**
 * Every piece of HTML that comes from a helpdesk (ticket bodies, comments, custom responses) was
 * written by someone outside the company. It goes through here before it touches the DOM, and the
 * only way into the DOM is the SafeHtml component, which calls this.
 *
 * Two passes: DOMPurify with a strict allow-list removes anything that can run code or escape its
 * box, then our own pass (on an inert <template>) applies the app's link and image policy.
 */

export type ImagePolicy = 'block' | 'show';

export interface SanitizeOptions {
  /** Remote images are replaced by a placeholder unless the agent asked to see them. */
  images?: ImagePolicy;
  /** The placeholder's words, in the agent's language. */
  blockedLabel?: string;
}

export interface SanitizedHtml {
  html: string;
  /** How many remote images were replaced by a placeholder. */
  blockedImages: number;
}

/** Attribute that marks an image stored on the helpdesk, fetched through the bridge when shown. */
export const HELPDESK_FILE_ATTR = 'data-sd-file';
/** Attribute that holds a remote image's address, fetched by the core when shown (the CSP allows no remote images). */
export const REMOTE_IMAGE_ATTR = 'data-sd-remote';
export const BLOCKED_IMAGE_CLASS = 'sd-blocked-image';

const ALLOWED_TAGS = [
  'p', 'br', 'div', 'span', 'hr',
  'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'mark',
  'a', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'img',
];

// No `style` and no `class`: styles can overlay the app (position:fixed) and classes could borrow its look.
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'colspan', 'rowspan', 'start', 'dir'];

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Relative URLs would resolve against the app itself, so only absolute web and mail links pass.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  // DOMPurify checks every other attribute's value against that pattern; these hold plain values.
  ADD_URI_SAFE_ATTR: ['colspan', 'rowspan', 'start', 'dir'],
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
};

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);
// Raster images only: an SVG data URL is harmless in <img>, but there is no reason to accept one.
const INLINE_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
const STORED_FILE = /^[A-Za-z0-9_.-]{1,255}$/;

/** Whether a src is an inline raster image, the only kind an <img> in customer HTML may end up with. */
export function isInlineImage(src: string): boolean {
  return INLINE_IMAGE.test(src);
}

let purifier: ReturnType<typeof DOMPurify> | null = null;

// A private instance, so a hook added elsewhere in the app can never loosen this one.
function instance(): ReturnType<typeof DOMPurify> {
  purifier ??= DOMPurify(window);
  return purifier;
}

function parseUrl(value: string | null, allowed: Set<string>): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return allowed.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

/** `…/system/download?file=<name>`: an image uploaded to the helpdesk with a ticket or comment. */
function helpdeskFileOf(url: URL): string | null {
  if (!/\/system\/download\/?$/.test(url.pathname)) return null;
  const file = url.searchParams.get('file');
  return file && STORED_FILE.test(file) ? file : null;
}

/** The words shown where an image is not (blocked, loading, failed): the label, then the image's alt text. */
export function imageNote(doc: Document, label: string, alt: string): HTMLSpanElement {
  const span = doc.createElement('span');
  span.className = BLOCKED_IMAGE_CLASS;
  span.textContent = alt ? `${label}: ${alt}` : label;
  return span;
}

function placeholder(doc: Document, img: Element, label: string): Element {
  return imageNote(doc, label, img.getAttribute('alt')?.trim() ?? '');
}

function applyImagePolicy(doc: Document, img: HTMLImageElement, policy: ImagePolicy, label: string): boolean {
  const src = img.getAttribute('src')?.trim() ?? '';
  if (INLINE_IMAGE.test(src)) return false;
  const url = parseUrl(src, IMAGE_PROTOCOLS);
  if (!url) {
    // Nothing loadable: keep what the image said, as text.
    const alt = img.getAttribute('alt')?.trim();
    img.replaceWith(doc.createTextNode(alt ?? ''));
    return false;
  }
  if (policy === 'block') {
    img.replaceWith(placeholder(doc, img, label));
    return true;
  }
  const file = helpdeskFileOf(url);
  if (file) {
    // The window has no session cookie for the helpdesk; SafeHtml fetches the bytes through the bridge.
    img.removeAttribute('src');
    img.setAttribute(HELPDESK_FILE_ATTR, file);
  } else {
    // Never a remote src: the page would ask the image host itself. SafeHtml asks the core instead.
    img.removeAttribute('src');
    img.setAttribute(REMOTE_IMAGE_ATTR, url.href);
  }
  img.setAttribute('referrerpolicy', 'no-referrer');
  img.setAttribute('loading', 'lazy');
  return false;
}

// The timeline counts blocked images and then renders the same fields: one pass serves both.
const CACHE_SIZE = 300;
const cache = new Map<string, SanitizedHtml>();

export function sanitizeHtml(dirty: string, options: SanitizeOptions = {}): SanitizedHtml {
  const policy = options.images ?? 'block';
  const label = options.blockedLabel ?? 'Image blocked';
  const key = `${policy}\u0000${label}\u0000${dirty}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = purify(dirty, policy, label);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

function purify(dirty: string, policy: ImagePolicy, label: string): SanitizedHtml {
  const clean = instance().sanitize(dirty, CONFIG);
  // A <template>'s content lives in an inert document: nothing in it loads or runs while we edit it.
  const template = document.createElement('template');
  template.innerHTML = clean;
  const root = template.content;
  const doc = root.ownerDocument;

  for (const a of Array.from(root.querySelectorAll('a'))) {
    const url = parseUrl(a.getAttribute('href'), LINK_PROTOCOLS);
    if (url) {
      a.setAttribute('href', url.href);
      // The shell opens new-window links in the OS browser; the helpdesk page never sees where from.
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    } else {
      a.removeAttribute('href');
    }
  }

  let blockedImages = 0;
  for (const img of Array.from(root.querySelectorAll('img'))) {
    if (applyImagePolicy(doc, img, policy, label)) blockedImages++;
  }
  return { html: template.innerHTML, blockedImages };
}

/** Plain text of some HTML, for previews and accessible names; never parsed into the live DOM. */
export function htmlToText(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = instance().sanitize(html, { ...CONFIG, ALLOWED_TAGS: ['p', 'br', 'div', 'li'], ALLOWED_ATTR: [] });
  for (const br of Array.from(template.content.querySelectorAll('br'))) br.replaceWith('\n');
  for (const block of Array.from(template.content.querySelectorAll('p, div, li'))) block.append('\n');
  return (template.content.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}


// jsdom has no layout. The rich-text editor measures the caret to scroll it into view (on focus, and
// after inserting text), so any test that mounts it needs these to exist; they report empty boxes.
// Loaded for every test file by vitest's setupFiles; a no-op outside jsdom.
if (typeof Range !== 'undefined' && typeof DOMRect !== 'undefined') {
  Range.prototype.getClientRects ??= () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect ??= () => new DOMRect();
}

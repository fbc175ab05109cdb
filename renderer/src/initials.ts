/** Two letters that tell helpdesks apart in a narrow rail: first letters of the first two words. */
export function initialsOf(label: string): string {
  const words = label.trim().split(/[\s\-_.]+/u).filter(Boolean);
  if (words.length === 0) return '?';
  const letters = words.length === 1 ? Array.from(words[0] ?? '').slice(0, 2) : [Array.from(words[0] ?? '')[0], Array.from(words[1] ?? '')[0]];
  return letters.join('').toLocaleUpperCase();
}

/** A stable hue per helpdesk, so its tile keeps its colour across runs and renames. */
export function hueOf(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

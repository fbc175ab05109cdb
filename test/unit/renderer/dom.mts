// Small stand-ins for Testing Library's queries: find controls the way a person or a screen reader does.

function text(el: Element | null | undefined): string {
  if (!el) return '';
  const copy = el.cloneNode(true) as Element;
  for (const hidden of Array.from(copy.querySelectorAll('[aria-hidden="true"]'))) hidden.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label;
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(' ').map((id) => text(document.getElementById(id))).join(' ');
  if (el.id) {
    const forLabel = document.querySelector(`label[for="${el.id}"]`);
    if (forLabel) return text(forLabel);
  }
  return text(el);
}

function hiddenForAria(el: Element): boolean {
  return !!el.closest('[aria-hidden="true"], [inert]');
}

export function getByRole(role: 'button' | 'dialog' | 'alert' | 'status' | 'navigation', name?: string | RegExp, root: ParentNode = document): HTMLElement {
  const selector = role === 'button' ? 'button, [role="button"]' : role === 'navigation' ? 'nav, [role="navigation"]' : `[role="${role}"]`;
  const found = Array.from(root.querySelectorAll<HTMLElement>(selector)).filter((el) => {
    if (hiddenForAria(el)) return false;
    if (name === undefined) return true;
    const n = accessibleName(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
  if (found.length !== 1) throw new Error(`Expected one ${role} named ${String(name)}, found ${found.length}`);
  return found[0] as HTMLElement;
}

export function queryButton(name: string | RegExp, root: ParentNode = document): HTMLElement | null {
  try {
    return getByRole('button', name, root);
  } catch {
    return null;
  }
}

/** The input a visible <label> names, and what its aria-describedby points at. */
export function getByLabel(label: string, root: ParentNode = document): HTMLInputElement {
  const labels = Array.from(root.querySelectorAll('label')).filter((l) => text(l).replace(/ \(optional\)$/, '') === label && !hiddenForAria(l));
  if (labels.length !== 1) throw new Error(`Expected one label "${label}", found ${labels.length}`);
  const id = labels[0]?.getAttribute('for');
  const input = id ? document.getElementById(id) : labels[0]?.querySelector('input');
  if (!(input instanceof HTMLInputElement)) throw new Error(`Label "${label}" names no input`);
  return input;
}

export function descriptionOf(el: Element): string {
  const ids = el.getAttribute('aria-describedby');
  return ids ? ids.split(' ').map((id) => text(document.getElementById(id))).join(' ') : '';
}

export function key(target: EventTarget, keyName: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

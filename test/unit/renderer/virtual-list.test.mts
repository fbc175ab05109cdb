// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import { h, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import VirtualList from '../../../renderer/src/components/VirtualList.vue';

/** The virtual list's scroll anchoring, with rows 50 px tall and the element's scrollTop as jsdom keeps it. */
const ROW = 50;
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

function mountList(items: string[], keyed = true) {
  const wrapper = mount(VirtualList, {
    attachTo: document.body.appendChild(document.createElement('div')),
    props: { items, rowHeight: ROW, ...(keyed ? { itemKey: (x: unknown) => String(x) } : {}) },
    slots: { default: ({ item }: { item: unknown }) => h('div', { class: 'r' }, String(item)) },
  });
  const scroller = wrapper.element as HTMLElement;
  const scrollTo = async (top: number) => {
    scroller.scrollTop = top;
    scroller.dispatchEvent(new Event('scroll'));
    await nextTick();
  };
  const update = async (next: string[]) => {
    await wrapper.setProps({ items: next });
    await nextTick();
  };
  return { wrapper, scroller, scrollTo, update };
}

describe('virtual list scroll anchoring', () => {
  it('keeps the top row in view where it was when rows arrive above it', async () => {
    const rows = names('t', 100);
    const { scroller, scrollTo, update } = mountList(rows);
    // Row t20 at the top, 20 px of it scrolled past.
    await scrollTo(20 * ROW + 20);
    await update(['n0', 'n1', 'n2', ...rows]);
    expect(scroller.scrollTop).toBe(23 * ROW + 20);
  });

  it('follows the top row up when rows above it go away, and lets go when the row itself goes', async () => {
    const rows = names('t', 100);
    const { scroller, scrollTo, update } = mountList(rows);
    await scrollTo(30 * ROW);
    await update(rows.filter((r) => r !== 't3' && r !== 't7'));
    expect(scroller.scrollTop).toBe(28 * ROW);
    const now = rows.filter((r) => r !== 't3' && r !== 't7' && r !== 't30');
    await update(now);
    expect(scroller.scrollTop).toBe(28 * ROW);
  });

  it('holds nothing at the very top (what arrives first is seen first) or below the view', async () => {
    const rows = names('t', 100);
    const { scroller, scrollTo, update } = mountList(rows);
    await update(['n0', ...rows]);
    expect(scroller.scrollTop).toBe(0);
    await scrollTo(10 * ROW);
    await update(['n0', ...rows, 'n1', 'n2']);
    expect(scroller.scrollTop).toBe(10 * ROW);
  });

  it('does nothing without an item key', async () => {
    const rows = names('t', 100);
    const { scroller, scrollTo, update } = mountList(rows, false);
    await scrollTo(20 * ROW);
    await update(['n0', 'n1', ...rows]);
    expect(scroller.scrollTop).toBe(20 * ROW);
  });
});

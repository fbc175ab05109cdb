// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import axe from 'axe-core';
import { event, ticket } from './fake-host.mts';
import { getByRole, key } from './dom.mts';
import { clickQueue, mine, openConsole, options, settle } from './console-helpers.mts';

enableAutoUnmount(afterEach);
beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

/** axe over the whole page; colour contrast needs real layout, so the browser suites own that rule. */
async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility (axe-core)', () => {
  it('the queue with its filter bar and an open ticket have no violations', async () => {
    await openConsole((id) => [
      ticket(id, {
        ...mine,
        tags: [{ id: 1, name: 'urgent', color: '#e5484d' }],
        file: `t100001_${'a'.repeat(40)}_invoice.pdf`,
        events: [
          event({ type: 'ASSIGN', html: 'Ada Admin' }),
          event({ type: 'COMMENT', html: '<p>A note</p><img src="https://x.test/a.png" alt="shot">', internal: true }),
        ],
        can: { ...ticket('x').can, close: false },
        why: { close: 'Not in your department.' },
      }),
      ticket(id, { ...mine, unread: true }),
    ]);
    await clickQueue(/^All tickets/);
    options()[0]?.click();
    await settle();
    expect(await violations()).toEqual([]);
  });

  it('the command palette and the shortcuts dialog have no violations', async () => {
    await openConsole((id) => [ticket(id, mine)]);
    key(document.body, 'k', { ctrlKey: true, code: 'KeyK' });
    await settle();
    expect(getByRole('dialog', 'Command palette')).toBeTruthy();
    expect(await violations()).toEqual([]);
    key(document.activeElement ?? document.body, 'Escape');
    await settle();
    key(document.body, '?', { shiftKey: true });
    await settle();
    expect(await violations()).toEqual([]);
  });
});

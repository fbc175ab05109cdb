import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave } from '../../../renderer/src/autosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('saves at most once per second while changes keep coming', async () => {
    const save = vi.fn(async () => undefined);
    const a = createAutosave(save, 1000);
    // Ten seconds of typing, a keystroke every 100 ms.
    for (let i = 0; i < 100; i++) {
      a.changed();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(save.mock.calls.length).toBeLessThanOrEqual(10);
  });

  it('saves nothing when nothing changed, and flushes at once when asked', async () => {
    const save = vi.fn(async () => undefined);
    const a = createAutosave(save, 1000);
    await a.flush();
    expect(save).not.toHaveBeenCalled();
    a.changed();
    await a.flush();
    expect(save).toHaveBeenCalledTimes(1);
    // The timer that change started does not save again.
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('never overlaps saves, and keeps going after one fails', async () => {
    let running = 0;
    let overlapped = false;
    const save = vi.fn(async () => {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 50));
      running--;
      if (save.mock.calls.length === 1) throw new Error('disk full');
    });
    const a = createAutosave(save, 1000);
    a.changed();
    const first = a.flush();
    a.changed();
    const second = a.flush();
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, second]);
    expect(save).toHaveBeenCalledTimes(2);
    expect(overlapped).toBe(false);
  });

  it('forgets pending changes on cancel', async () => {
    const save = vi.fn(async () => undefined);
    const a = createAutosave(save, 1000);
    a.changed();
    a.cancel();
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).not.toHaveBeenCalled();
    expect(a.dirty).toBe(false);
  });
});

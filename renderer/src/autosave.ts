/** While typing, at most one save per this many milliseconds. */
export const AUTOSAVE_MS = 1000;

export interface Autosave {
  /** Something changed: a save happens within `interval`, however often this is called meanwhile. */
  changed(): void;
  /** Saves now if anything is unsaved; resolves when every save so far has finished. */
  flush(): Promise<void>;
  /** Forgets unsaved changes (the content is about to be replaced, not edited). */
  cancel(): void;
  /** Whether there are changes no save has taken yet. */
  readonly dirty: boolean;
}

/**
 * A throttle with a trailing save: the first change starts the clock, later ones ride along, and
 * saves never overlap (each waits for the one before, so the newest content always lands last).
 * `save` reads the content itself when it runs, so it saves what is there then, not at the change.
 */
export function createAutosave(save: () => Promise<unknown>, interval = AUTOSAVE_MS): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  let chain: Promise<void> = Promise.resolve();

  function stopTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function run(): Promise<void> {
    stopTimer();
    if (!dirty) return chain;
    dirty = false;
    // A failed save is reported by `save` itself; the chain must stay usable for the next one.
    chain = chain.then(() => save()).then(
      () => undefined,
      () => undefined,
    );
    return chain;
  }

  return {
    changed() {
      dirty = true;
      timer ??= setTimeout(() => void run(), interval);
    },
    flush: run,
    cancel() {
      stopTimer();
      dirty = false;
    },
    get dirty() {
      return dirty;
    },
  };
}

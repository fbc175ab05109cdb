/**
 * Runs `work` once the frame being prepared has been painted: for what can wait a frame so that
 * what the agent asked for shows first (the reply editor costs more to build than the whole
 * conversation). A hidden window paints no frames, so a timeout stands in. Returns a cancel.
 */
export function afterPaint(work: () => void, fallbackMs = 100): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    work();
  };
  const timer = setTimeout(run, fallbackMs);
  // rAF runs just before the paint; the task after it runs once the frame is on screen.
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  return () => {
    done = true;
    clearTimeout(timer);
  };
}

/** Runs `work` when the page has nothing better to do (or after `timeoutMs` at the latest). */
export function whenIdle(work: () => void, timeoutMs = 2_000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout: timeoutMs });
  else setTimeout(work, Math.min(timeoutMs, 200));
}

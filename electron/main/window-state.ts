import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const zBounds = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(400), height: z.number().int().min(300), maximized: z.boolean() });
export type WindowBounds = z.infer<typeof zBounds>;

const DEFAULT: WindowBounds = { x: -1, y: -1, width: 1280, height: 820, maximized: false };

/** Window size and position, kept in a small JSON file beside the database. */
export function loadWindowState(dir: string): WindowBounds {
  try {
    return zBounds.parse(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')));
  } catch {
    return DEFAULT;
  }
}

export function saveWindowState(dir: string, bounds: WindowBounds): void {
  try {
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify(bounds));
  } catch {
    // Losing the window position is harmless; never fail a quit over it.
  }
}

/**
 * The bytes of attachments waiting in drafts and the outbox, one file per attachment under
 * `<dataDir>/attachments/<uuid>`. A file is on disk (and synced) before any row refers to it, and
 * goes only after the row that owned it is gone; a crash between the two steps leaves at worst an
 * unreferenced file, which `collectGarbage` removes at the next start.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AttachmentRef } from '../store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class AttachmentFiles {
  readonly dir: string;
  /** Written (or being written) but not yet referenced by a row: garbage collection must not take them. */
  private readonly unsettled = new Set<string>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'attachments');
  }

  /** Writes the bytes durably and returns the reference a row may now hold. */
  async write(name: string, mimeType: string, bytes: Uint8Array): Promise<AttachmentRef> {
    const id = randomUUID();
    const path = join(this.dir, id);
    this.unsettled.add(id);
    let handle;
    try {
      await mkdir(this.dir, { recursive: true });
      handle = await open(path, 'wx', 0o600);
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle?.close();
      await rm(path, { force: true });
      this.unsettled.delete(id);
      throw error;
    }
    await handle.close();
    // The new directory entry must be durable too, or a power cut could keep the row and lose the name.
    await syncDirectory(this.dir);
    return { name, path, size: bytes.byteLength, mimeType };
  }

  /** The row now refers to the file, or the file was removed: it is no longer in the making. */
  settle(ref: AttachmentRef): void {
    this.unsettled.delete(this.idOf(ref));
  }

  /** The id the renderer sees; the file name inside our folder. */
  idOf(ref: AttachmentRef): string {
    return basename(ref.path);
  }

  /**
   * Where the bytes are. Resolved inside our own folder from the id rather than trusting the
   * stored absolute path, so a moved data folder still works and a tampered row cannot point
   * the sender at an arbitrary file.
   */
  pathOf(ref: AttachmentRef): string {
    const id = this.idOf(ref);
    if (!UUID.test(id)) throw new Error(`attachment reference "${id}" is not one of ours`);
    return join(this.dir, id);
  }

  async read(ref: AttachmentRef): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(ref)));
  }

  async exists(ref: AttachmentRef): Promise<boolean> {
    try {
      const handle = await open(this.pathOf(ref), 'r');
      await handle.close();
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the files of rows that are already gone. Missing files are fine. */
  async remove(refs: readonly AttachmentRef[]): Promise<void> {
    for (const ref of refs) {
      const id = this.idOf(ref);
      if (UUID.test(id)) await rm(join(this.dir, id), { force: true });
    }
  }

  /** Deletes every file in the folder whose id is not in `referenced`; returns how many went. */
  async collectGarbage(referenced: ReadonlySet<string>): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (referenced.has(name) || this.unsettled.has(name)) continue;
      await rm(join(this.dir, name), { force: true, recursive: true });
      removed++;
    }
    return removed;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the file itself is synced.
  }
}

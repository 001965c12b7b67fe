import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync, type WriteStream, writeFileSync } from 'node:fs';
import { readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

let counter = 0;

/** A temp name in the target's own folder (rename is atomic only within a file system), hidden, unique. */
export function tempPath(target: string): string {
  counter++;
  return join(dirname(target), `.${basename(target)}.${process.pid}-${threadId}-${counter}.tmp`);
}

/** Only names {@link tempPath} makes: --out may be a folder with other people's files in it. */
export function isTempName(name: string): boolean {
  return /^\..+\.\d+-\d+-\d+\.tmp$/.test(name);
}

/** Write a whole file so a reader (or a killed run) only ever sees the old or the new content. */
export async function writeAtomic(target: string, content: string | Uint8Array): Promise<void> {
  const temp = tempPath(target);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function writeAtomicSync(target: string, content: string | Uint8Array): void {
  const temp = tempPath(target);
  try {
    writeFileSync(temp, content);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Temp files of an interrupted run. */
export async function removeTempFiles(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(names.filter(isTempName).map((name) => unlink(join(folder, name)).catch(() => {})));
}

/**
 * Rows are gathered to this many bytes before they go to the file: one write per report and CSV was
 * a trip through libuv's thread pool each, three per input.
 */
const BATCH_BYTES = 256 * 1024;

/** A streamed output file that appears under its real name only once complete. */
export class AtomicStream {
  readonly target: string;
  readonly tempName: string;
  private readonly stream: WriteStream;
  private failed: Error | undefined;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;

  constructor(target: string) {
    this.target = target;
    this.tempName = tempPath(target);
    // A large buffer: waiting for "drain" after every batch would hold the reorder window back.
    this.stream = createWriteStream(this.tempName, { highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => {
      this.failed = error;
    });
  }

  /** Resolves at once unless the stream's buffer is full, so a producer cannot outrun the disk. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    if (chunk.length === 0) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    if (this.batchBytes >= BATCH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    // A stream that failed is destroyed: it takes no more writes and never drains. Checked here, in
    // the same turn as the write, a failure can only come while waiting, and then rejects the wait.
    if (this.failed) throw this.failed;
    if (this.batch.length === 0) return;
    const chunk = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async commit(): Promise<void> {
    await this.flush();
    if (this.failed) throw this.failed;
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failed) throw this.failed;
    await rename(this.tempName, this.target);
  }

  async abort(): Promise<void> {
    this.batch = [];
    this.stream.destroy();
    await rm(this.tempName, { force: true });
  }
}

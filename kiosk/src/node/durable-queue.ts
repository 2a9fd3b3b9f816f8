/**
 * A list kept on disk in the data dir, written through on every change (atomic replace, in
 * order), read back at start; a missing or damaged file starts empty rather than refuse to
 * boot. Beyond `max` the oldest entries go: an outbox offline for weeks must not fill the disk.
 * The terminal's event outbox and the mailbox's read marks queue on it.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from './files.ts';

export class DurableQueue<T> {
  #items: T[] = [];
  #write: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly max: number,
  ) {}

  async open(): Promise<void> {
    let raw: unknown = [];
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      // Missing or damaged: start empty rather than refuse to boot.
    }
    const parsed = z.array(this.schema).safeParse(raw);
    this.#items = parsed.success ? parsed.data : [];
  }

  get items(): readonly T[] {
    return this.#items;
  }

  /** Appends (dropping the oldest beyond `max`); resolves once it is on disk. */
  add(item: T): Promise<void> {
    this.#items.push(item);
    if (this.#items.length > this.max) this.#items.splice(0, this.#items.length - this.max);
    return this.#persist();
  }

  /** Removes the entries `gone` picks; resolves once that is on disk. */
  remove(gone: (item: T) => boolean): Promise<void> {
    this.#items = this.#items.filter((i) => !gone(i));
    return this.#persist();
  }

  /** Resolves when every change so far is on disk. */
  settled(): Promise<void> {
    return this.#write;
  }

  #persist(): Promise<void> {
    const snapshot = JSON.stringify(this.#items);
    this.#write = this.#write.then(() => writeFileAtomic(this.file, snapshot));
    return this.#write;
  }
}

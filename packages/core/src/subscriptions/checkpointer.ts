import type { LeaseFence } from '../contracts/lease-records';

/** Where a handler's checkpoint lives, a narrow view of the store. */
export interface CheckpointStore {
  loadCheckpoint(name: string): Promise<number | undefined>;
  /** Moves the checkpoint forward only; refused (`LeaseLostError`) once `fence` is no longer current. */
  saveCheckpoint(name: string, position: number, fence?: LeaseFence): Promise<void>;
}

/**
 * A handler's durable checkpoint, written behind: the write of one batch's position runs while
 * the next batch is delivered, and is awaited before the next write, when the handler goes
 * live, before a rebuild and on leaving. A crash therefore redelivers up to two batches.
 * Every write carries the fence of the lease held (`fence()`): a holder that lost its lease
 * cannot move the checkpoint any more.
 */
export class Checkpointer {
  /** The position last written, or being written. */
  private saved = 0;
  /** The last write started: each waits for the one before it. */
  private writing: Promise<void> | undefined;
  private writeError: { readonly error: unknown } | undefined;
  /** Between `load` and `close`: the loop consumes under a lease, whose fence its writes carry. */
  private consuming = false;

  constructor(
    private readonly store: CheckpointStore,
    private readonly name: string,
    private readonly fence: () => LeaseFence | undefined = () => undefined,
  ) {}

  /** The stored checkpoint; without one, `initial()`, saved at once so that a restart resumes there. */
  async load(initial: () => Promise<number>): Promise<number> {
    this.writing = undefined;
    this.writeError = undefined;
    const stored = await this.store.loadCheckpoint(this.name);
    const position = stored ?? (await initial());
    if (stored === undefined) await this.store.saveCheckpoint(this.name, position, this.fence());
    this.saved = position;
    this.consuming = true;
    return position;
  }

  /** Starts writing `position` once the previous write is done (throwing that one's error); does not wait for it. */
  async saveBehind(position: number): Promise<void> {
    if (position === this.saved) return;
    await this.flush();
    this.write(position);
  }

  /** Waits for the writes under way; throws the error of one that failed. */
  async flush(): Promise<void> {
    await this.settled();
    const failed = this.writeError;
    this.writeError = undefined;
    if (failed) throw failed.error;
  }

  /**
   * Makes the stored checkpoint cover `position`, which the handler got past, for those who
   * read the stored checkpoint rather than the handler (a truncation): writes it, behind the
   * write under way, unless a write covers it already, and waits. Nothing outside
   * `load`…`close`. Never throws: a write that fails leaves the stored checkpoint behind, for
   * its reader to see, and its error for the loop's next flush, as the loop's own writes do.
   */
  async cover(position: number): Promise<void> {
    if (this.consuming && position > this.saved) this.write(position);
    await this.settled();
  }

  /** The checkpoint was set to `position` elsewhere (a rebuild's reset). */
  resetTo(position: number): void {
    this.saved = position;
  }

  /**
   * On leaving: waits for the writes under way and saves `position` if it moved, unless the
   * lease was lost (the new holder owns the checkpoint now). Never throws: a save that fails
   * here only means redelivery from the previous checkpoint.
   */
  async close(position: number, leaseLost: boolean): Promise<void> {
    this.consuming = false;
    await this.settled();
    this.writeError = undefined;
    if (position === this.saved || leaseLost) return;
    this.saved = position;
    await this.store.saveCheckpoint(this.name, position, this.fence()).catch(() => undefined);
  }

  /** Starts writing `position` after the write under way; a failure is kept for the next flush. */
  private write(position: number): void {
    const fence = this.fence();
    const run = () =>
      this.store.saveCheckpoint(this.name, position, fence).catch((error: unknown) => {
        this.writeError = { error };
      });
    this.writing = this.writing ? this.writing.then(run) : run();
    this.saved = position;
  }

  /**
   * Waits for every write started, those started meanwhile too (a `cover` while the loop
   * flushes): a rebuild's reset, which flushes first, never lands before one of them.
   */
  private async settled(): Promise<void> {
    while (this.writing) {
      const writing = this.writing;
      await writing;
      if (this.writing === writing) this.writing = undefined;
    }
  }
}

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
  private writing: Promise<void> | undefined;
  private writeError: { readonly error: unknown } | undefined;

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
    return position;
  }

  /** Starts writing `position` once the previous write is done (throwing that one's error); does not wait for it. */
  async saveBehind(position: number): Promise<void> {
    if (position === this.saved) return;
    await this.flush();
    this.writing = this.store.saveCheckpoint(this.name, position, this.fence()).catch((error: unknown) => {
      this.writeError = { error };
    });
    this.saved = position;
  }

  /** Waits for the write under way; throws its error. */
  async flush(): Promise<void> {
    await this.writing;
    this.writing = undefined;
    const failed = this.writeError;
    this.writeError = undefined;
    if (failed) throw failed.error;
  }

  /** The checkpoint was set to `position` elsewhere (a rebuild's reset). */
  resetTo(position: number): void {
    this.saved = position;
  }

  /**
   * On leaving: waits for the write under way and saves `position` if it moved, unless the
   * lease was lost (the new holder owns the checkpoint now). Never throws: a save that fails
   * here only means redelivery from the previous checkpoint.
   */
  async close(position: number, leaseLost: boolean): Promise<void> {
    await this.writing;
    this.writing = undefined;
    this.writeError = undefined;
    if (position === this.saved || leaseLost) return;
    this.saved = position;
    await this.store.saveCheckpoint(this.name, position, this.fence()).catch(() => undefined);
  }
}

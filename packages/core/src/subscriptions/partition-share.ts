import type { LeaseRecord, ProcessRecord } from '../contracts/lease-records';

/**
 * This process's share of a partitioned handler: at most `ceil(partitions / live processes)`
 * partitions (the count read at most every `refreshMs`). A partition on standby takes its lease
 * only while the process holds less than its share; a partition held beyond the share is given
 * up after the batch in hand. So a joining process finds partitions let go for it, and the
 * survivors of a dead one take its partitions once its leases expire and its membership row with
 * them.
 *
 * The live processes are those whose membership row says they run the handler; but a process
 * that holds partitions counts a peer only once the peer holds one too, or has kept its
 * membership for `settleMs` (half a lease period). Else a peer that has just started, and on busy
 * cores may take seconds before it tries for a lease, would stop the survivors of a dead process at
 * their share and leave its partitions unheld: the survivors take them, and give the newcomer its
 * share once it has settled. A process that holds nothing counts every peer, so that processes
 * starting together share from the start.
 */
export class PartitionShare {
  private readonly held = new Set<number>();
  private live = 1;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly handler: string,
    private readonly count: number,
    private readonly ownerId: string,
    private readonly processes: () => Promise<ProcessRecord[]>,
    private readonly leases: () => Promise<LeaseRecord[]>,
    private readonly refreshMs: number,
    private readonly settleMs: number,
  ) {}

  /** How many partitions this process holds now. */
  get size(): number {
    return this.held.size;
  }

  /** Reserves partition `index` if the process is below its share; false if it is not. */
  async mayTake(index: number): Promise<boolean> {
    const share = await this.share();
    if (this.held.has(index)) return true;
    if (this.held.size >= share) return false;
    this.held.add(index);
    return true;
  }

  /** Partition `index` is not held here (not taken, lost, given up). */
  released(index: number): void {
    this.held.delete(index);
  }

  /** Whether partition `index` is one too many here; if so it counts as given up already. */
  async surplus(index: number): Promise<boolean> {
    const share = await this.share();
    if (this.held.size <= share || !this.held.has(index)) return false;
    this.held.delete(index);
    return true;
  }

  private async share(): Promise<number> {
    if (performance.now() - this.checkedAt >= this.refreshMs) {
      this.reading ??= this.countLive().finally(() => (this.reading = undefined));
      await this.reading;
    }
    return Math.ceil(this.count / this.live);
  }

  /** A store that cannot answer keeps the last count: the share moves later, never wrongly. */
  private async countLive(): Promise<void> {
    try {
      const peers = (await this.processes()).filter((p) => p.handlers.includes(this.handler) && p.id !== this.ownerId);
      let counted = peers;
      if (this.held.size > 0 && peers.length > 0) {
        const holders = new Set(
          (await this.leases())
            .filter((l) => l.handler === this.handler && !l.expired && l.owner !== undefined)
            .map((l) => l.owner!.id),
        );
        // Both times by the database's clock: a membership renewed for `settleMs` since it began.
        const settled = (p: ProcessRecord) => p.heartbeatAt.getTime() - p.startedAt.getTime() >= this.settleMs;
        counted = peers.filter((p) => holders.has(p.id) || settled(p));
      }
      this.live = counted.length + 1;
    } catch {
      // keep the last count
    }
    this.checkedAt = performance.now();
  }
}

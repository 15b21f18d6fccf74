import type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  ProcessMember,
  ProcessRecord,
} from '../contracts/lease-records';
import type { LeaseStore } from '../contracts/lease-store';

interface Row {
  owner: LeaseOwner | undefined;
  token: number;
  state: LeaseState | 'released';
  acquiredAt?: Date;
  renewedAt?: Date;
  expiresAt: number;
  lastError?: LeaseError;
}

const keyOf = (handler: string, partition: number) => `${partition}\u0000${handler}`;

/**
 * Handler leases in this process's memory, with the same rules as the database's (expiry,
 * fencing tokens, membership): for the in-memory store, whose clock is the process's own.
 *
 * @example
 * const leases = new LocalLeases();
 * const fence = await leases.acquireLease({ id: 'p1', host: 'h', pid: 1 }, 'balances', 0, 10_000);
 */
export class LocalLeases implements LeaseStore {
  private readonly rows = new Map<string, Row>();
  private readonly members = new Map<string, ProcessRecord>();

  acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined> {
    return Promise.resolve().then(() => {
      const key = keyOf(handler, partition);
      const row = this.rows.get(key);
      const now = Date.now();
      if (row?.owner && row.owner.id !== owner.id && row.expiresAt > now) return undefined;
      const token = (row?.token ?? 0) + 1;
      const at = new Date(now);
      this.rows.set(key, {
        owner: { ...owner },
        token,
        state: 'active',
        acquiredAt: at,
        renewedAt: at,
        expiresAt: now + periodMs,
      });
      return { handler, partition, ownerId: owner.id, token };
    });
  }

  renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): Promise<LeaseFence[]> {
    return Promise.resolve().then(() => {
      const now = Date.now();
      const at = new Date(now);
      const known = this.members.get(member.id);
      this.members.set(member.id, {
        id: member.id,
        host: member.host,
        pid: member.pid,
        handlers: [...member.handlers],
        startedAt: known?.startedAt ?? at,
        heartbeatAt: at,
        expiresAt: new Date(now + periodMs),
      });
      return held.filter((fence) => {
        const row = this.current(fence);
        if (!row || row.owner?.id !== member.id) return false;
        row.renewedAt = at;
        row.expiresAt = now + periodMs;
        return true;
      });
    });
  }

  releaseLease(fence: LeaseFence): Promise<void> {
    return Promise.resolve().then(() => {
      const row = this.current(fence);
      if (!row) return;
      row.owner = undefined;
      row.state = 'released';
      row.expiresAt = Date.now();
    });
  }

  recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void> {
    return Promise.resolve().then(() => {
      const row = this.current(fence);
      if (!row) return;
      row.state = state;
      if (lastError) row.lastError = { ...lastError };
    });
  }

  readLeases(): Promise<LeaseRecord[]> {
    return Promise.resolve().then(() => {
      const now = Date.now();
      return [...this.rows.entries()]
        .map(([key, row]) => {
          const [partition, handler] = key.split('\u0000') as [string, string];
          return {
            handler,
            partition: Number(partition),
            ...(row.owner ? { owner: { ...row.owner } } : {}),
            token: row.token,
            state: row.state,
            ...(row.acquiredAt ? { acquiredAt: row.acquiredAt } : {}),
            ...(row.renewedAt ? { renewedAt: row.renewedAt } : {}),
            expiresAt: new Date(row.expiresAt),
            expired: row.expiresAt <= now,
            ...(row.lastError ? { lastError: { ...row.lastError } } : {}),
          };
        })
        .sort((a, b) => (a.handler < b.handler ? -1 : a.handler > b.handler ? 1 : a.partition - b.partition));
    });
  }

  readProcesses(): Promise<ProcessRecord[]> {
    return Promise.resolve().then(() => {
      const now = Date.now();
      return [...this.members.values()]
        .filter((p) => p.expiresAt.getTime() > now)
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .map((p) => ({ ...p, handlers: [...p.handlers] }));
    });
  }

  leaveProcesses(ownerId: string): Promise<void> {
    return Promise.resolve().then(() => {
      this.members.delete(ownerId);
    });
  }

  /** Whether `fence` is the lease's current grant: what a fenced write checks. */
  holds(fence: LeaseFence): boolean {
    return this.current(fence) !== undefined;
  }

  /** The row `fence` names, if the fence is still its current grant (token and owner). */
  private current(fence: LeaseFence): Row | undefined {
    const row = this.rows.get(keyOf(fence.handler, fence.partition));
    return row && row.token === fence.token && row.owner?.id === fence.ownerId ? row : undefined;
  }
}

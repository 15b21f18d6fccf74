import type { HandlerStatus } from '../contracts/handler-status';
import type { LeaseStore } from '../contracts/lease-store';

/**
 * The statuses of partitions with the process that holds each one (read from the leases, one
 * statement for all): which process runs which partition, seen from any of them.
 */
export async function withOwners(
  statuses: readonly HandlerStatus[],
  store: Pick<LeaseStore, 'readLeases'>,
): Promise<HandlerStatus[]> {
  const leases = await store.readLeases().catch(() => []);
  const owners = new Map(
    leases.filter((l) => l.owner && !l.expired).map((l) => [`${l.partition}\u0000${l.handler}`, l.owner!]),
  );
  return statuses.map((s) => {
    if (s.partition === undefined) return s;
    const owner = owners.get(`${s.partition}\u0000${s.name}`);
    return owner ? { ...s, owner: { id: owner.id, host: owner.host, pid: owner.pid } } : s;
  });
}

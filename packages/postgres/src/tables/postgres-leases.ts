import { LeaseLostError } from '@edict/core';
import type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  LeaseStore,
  ProcessMember,
  ProcessRecord,
} from '@edict/core/spi';
import type { Requests } from '../connection/requests';
import { leaseStatements, type LeaseStatements } from './lease-statements';
import { storedLeaseError, toLeaseRecord, toProcessRecord, type LeaseRow, type ProcessRow } from './lease-rows';

const fenceValues = (f: LeaseFence) => [f.handler, f.partition, f.ownerId, f.token];

/**
 * Handler leases on PostgreSQL: rows of `<schema>.leases`, one statement per operation, with
 * expiry by the server's clock and fencing tokens, so that they hold across processes and
 * through a transaction-mode pooler. The base of `PostgresHandlerState`.
 */
export class PostgresLeases implements LeaseStore {
  protected readonly leaseSql: LeaseStatements;

  constructor(
    S: string,
    protected readonly requests: Requests,
  ) {
    this.leaseSql = leaseStatements(S);
  }

  async acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined> {
    const rows = await this.requests.query<{ token: number }>('acquire lease', this.leaseSql.acquire, [
      handler,
      partition,
      owner.id,
      owner.host,
      owner.pid,
      periodMs,
    ]);
    return rows[0] ? { handler, partition, ownerId: owner.id, token: rows[0].token } : undefined;
  }

  async renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): Promise<LeaseFence[]> {
    const rows = await this.requests.query<{ handler: string; partition: number; token: number }>(
      'renew leases',
      this.leaseSql.renew,
      [
        member.id,
        member.host,
        member.pid,
        member.handlers,
        periodMs,
        held.map((f) => f.handler),
        held.map((f) => f.partition),
        held.map((f) => f.token),
      ],
    );
    const kept = new Set(rows.map((r) => `${r.partition}\u0000${r.handler}#${r.token}`));
    return held.filter((f) => kept.has(`${f.partition}\u0000${f.handler}#${f.token}`));
  }

  async releaseLease(fence: LeaseFence): Promise<void> {
    await this.requests.query('release lease', this.leaseSql.release, fenceValues(fence));
  }

  async recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void> {
    await this.requests.query('record lease state', this.leaseSql.record, [
      ...fenceValues(fence),
      state,
      storedLeaseError(lastError),
    ]);
  }

  async readLeases(): Promise<LeaseRecord[]> {
    const rows = await this.requests.query<LeaseRow>('read leases', this.leaseSql.readLeases, []);
    return rows.map(toLeaseRecord);
  }

  async readProcesses(): Promise<ProcessRecord[]> {
    const rows = await this.requests.query<ProcessRow>('read processes', this.leaseSql.readProcesses, []);
    return rows.map(toProcessRecord);
  }

  async leaveProcesses(ownerId: string): Promise<void> {
    await this.requests.query('leave processes', this.leaseSql.leave, [ownerId]);
  }

  /** Moves a checkpoint forward under `fence`, in one statement; `LeaseLostError` if the fence moved. */
  protected async fencedSave(name: string, position: number, fence: LeaseFence): Promise<void> {
    const [row] = await this.requests.query<{ held: boolean }>('save checkpoint', this.leaseSql.fencedSave, [
      ...fenceValues(fence),
      name,
      position,
    ]);
    if (!row?.held) throw new LeaseLostError(fence.handler, fence.partition, fence.token);
  }
}

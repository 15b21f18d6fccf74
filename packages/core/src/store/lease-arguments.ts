import type { LeaseFence, LeaseOwner, ProcessMember } from '../contracts/lease-records';
import { InvalidArgumentError } from '../errors';
import { checkCount, checkName } from './store-arguments';

/** The longest lease period a store accepts: a day. */
export const MAX_LEASE_PERIOD_MS = 86_400_000;
/** The states a holder may record. */
export const LEASE_STATES = ['active', 'catching-up', 'live', 'retrying', 'failed'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Argument checks of the lease methods, shared by every store. */
export function checkOwner(owner: LeaseOwner): void {
  if (typeof owner !== 'object' || owner === null) throw new InvalidArgumentError('lease owner', 'expected an object');
  checkOwnerId(owner.id);
  checkName('lease owner host', owner.host);
  checkCount('lease owner pid', owner.pid, 0);
}

export function checkOwnerId(id: unknown): void {
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidArgumentError('lease owner id', 'expected a uuid');
}

export function checkLeaseKey(handler: unknown, partition: unknown): void {
  checkName('handler name', handler);
  checkCount('partition', partition, 0);
}

export function checkPeriod(periodMs: unknown): void {
  checkCount('lease period', periodMs, 1);
  if ((periodMs as number) > MAX_LEASE_PERIOD_MS) {
    throw new InvalidArgumentError('lease period', `at most ${MAX_LEASE_PERIOD_MS} ms, got ${String(periodMs)}`);
  }
}

export function checkFence(fence: LeaseFence): void {
  if (typeof fence !== 'object' || fence === null) throw new InvalidArgumentError('lease fence', 'expected an object');
  checkLeaseKey(fence.handler, fence.partition);
  checkOwnerId(fence.ownerId);
  checkCount('lease token', fence.token, 1);
}

export function checkMember(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): void {
  checkOwner(member);
  if (!Array.isArray(member.handlers)) throw new InvalidArgumentError('process handlers', 'expected an array of names');
  for (const name of member.handlers) checkName('handler name', name);
  if (!Array.isArray(held)) throw new InvalidArgumentError('held leases', 'expected an array of fences');
  for (const fence of held as readonly LeaseFence[]) {
    checkFence(fence);
    if (fence.ownerId !== member.id) throw new InvalidArgumentError('held leases', 'a fence of another owner');
  }
  checkPeriod(periodMs);
}

export function checkLeaseState(state: unknown): void {
  if (!(LEASE_STATES as readonly unknown[]).includes(state)) {
    throw new InvalidArgumentError('lease state', `expected one of ${LEASE_STATES.join(', ')}, got ${String(state)}`);
  }
}

import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { LeaseFence } from '../contracts/lease-records';
import type { StoredCheckpoint } from '../contracts/store-records';
import { InvalidArgumentError } from '../errors';
import { CheckedLeaseStore } from './checked-lease-store';
import { checked } from './checked';
import { checkFence } from './lease-arguments';
import { checkCheckpoint, checkCount, checkName } from './store-arguments';

/** Checks a list of checkpoint names (`kind` names it in the error). */
function checkNames(kind: string, names: readonly string[]): void {
  if (!Array.isArray(names)) throw new InvalidArgumentError(kind, 'expected an array of checkpoint names');
  for (const name of names) checkName('checkpoint name', name);
}

/**
 * The checkpoint methods of `CheckedEventStore` (over its lease methods): each checks its
 * arguments (an `InvalidArgumentError` naming the argument, nothing written) before the
 * store's part runs.
 */
export class CheckedCheckpointStore extends CheckedLeaseStore {
  constructor(private readonly checkpointPart: HandlerStateStore) {
    super(checkpointPart);
  }

  loadCheckpoint(name: string): Promise<number | undefined> {
    return checked(
      () => checkName('checkpoint name', name),
      () => this.checkpointPart.loadCheckpoint(name),
    );
  }

  saveCheckpoint(name: string, position: number, fence?: LeaseFence): Promise<void> {
    return checked(
      () => {
        checkCheckpoint(name, position);
        if (fence !== undefined) checkFence(fence);
      },
      () => this.checkpointPart.saveCheckpoint(name, position, fence),
    );
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    return checked(
      () => checkCheckpoint(name, position),
      () => this.checkpointPart.resetCheckpoint(name, position),
    );
  }

  readHandlerCheckpoints(handler: string): Promise<StoredCheckpoint[]> {
    return checked(
      () => checkName('handler name', handler),
      () => this.checkpointPart.readHandlerCheckpoints(handler),
    );
  }

  replaceCheckpoints(
    remove: readonly string[],
    write: readonly string[],
    position: number,
    fences: readonly LeaseFence[],
  ): Promise<void> {
    return checked(
      () => {
        checkNames('checkpoints to remove', remove);
        checkNames('checkpoints to write', write);
        checkCount('position', position, 0);
        if (!Array.isArray(fences)) throw new InvalidArgumentError('lease fences', 'expected an array of fences');
        for (const fence of fences as readonly LeaseFence[]) checkFence(fence);
      },
      () => this.checkpointPart.replaceCheckpoints(remove, write, position, fences),
    );
  }
}

import type { Class } from '../contracts/class';
import { DuplicateHandlerNameError } from '../errors';
import { nameOf } from './decorated';

/** Handler names of all kinds share one namespace: each names a subscription and its checkpoint. */
export class HandlerNames {
  private readonly owners = new Map<string, string>();

  claim(name: string, ctor: Class): void {
    const previous = this.owners.get(name);
    if (previous) throw new DuplicateHandlerNameError(name, previous, nameOf(ctor));
    this.owners.set(name, nameOf(ctor));
  }
}

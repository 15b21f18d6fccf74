import type { Message } from '../support/mailbox';

/** Listener → suite: listening, caught up, ready for traffic. */
export interface ReadyMessage extends Message {
  readonly kind: 'ready';
}

/** Suite → listener: report once the event at `through` (the last position written) was handled. */
export interface CollectMessage extends Message {
  readonly kind: 'collect';
  readonly through: number;
}

/** Listener → suite: when each event reached the handler, as [position, wall-clock ms]. */
export interface SeenMessage extends Message {
  readonly kind: 'seen';
  readonly entries: readonly (readonly [number, number])[];
}

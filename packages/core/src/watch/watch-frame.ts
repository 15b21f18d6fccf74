import type { RecordedEvent } from '../contracts/store-records';
import type { EventContext } from '../contracts/event-context';

/** What a watcher is told about an event besides the event: a handler's context, less the handler. */
export type WatchedEventContext = Omit<EventContext, 'handlerName'>;

/** A stored event, decoded (and upcast) into an instance of its `@Event` class. */
export interface EventFrame {
  readonly kind: 'event';
  /** The event's global position: pass it as `from` to resume right after it. */
  readonly position: number;
  readonly event: object;
  readonly context: WatchedEventContext;
  /** The event as stored: its encoded data and metadata, as `raw` watchers and tools show it. */
  readonly recorded: RecordedEvent;
}

/**
 * Sent once, where the replay of stored events ends and live events begin: every event up to
 * `position` has been read (and those asked for sent).
 */
export interface LiveFrame {
  readonly kind: 'live';
  readonly position: number;
}

/**
 * Sent after `heartbeatMs` without another frame. `position` is how far the log has been read:
 * with a filter it can be past the last event sent, and resuming from it is as safe.
 */
export interface HeartbeatFrame {
  readonly kind: 'heartbeat';
  readonly position: number;
}

/** What `edict.watch` yields. */
export type WatchFrame = EventFrame | LiveFrame | HeartbeatFrame;

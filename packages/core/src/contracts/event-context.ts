/** What a handler's `@On` method receives besides the event. */
export interface EventContext {
  readonly handlerName: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** The event's version in its stream. */
  readonly version: number;
  /** The event's global position. */
  readonly position: number;
  readonly createdAt: Date;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** The metadata given at dispatch. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The personal properties of the event that read as `REDACTED`: their subject was forgotten. Empty otherwise. */
  readonly redacted: readonly string[];
}

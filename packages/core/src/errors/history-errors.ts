import { EdictError } from './edict-error';

/**
 * A time-travel load asked for a version the stream never reached. `version` is what was asked
 * for, `streamVersion` the stream's version now.
 */
export class VersionNotReachedError extends EdictError {
  readonly code = 'VERSION_NOT_REACHED';
  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly streamVersion: number,
  ) {
    super(`Stream '${streamId}' never reached version ${version}: it is at version ${streamVersion}`);
  }
}

/**
 * The state asked for needs events that `truncate` removed, and no snapshot the aggregate can
 * use covers them: a time-travel load to before the stream's truncation, or a load whose
 * snapshot was ignored (its `snapshotVersion` changed) on a truncated stream. `version` is the
 * version asked for (undefined: the current state, or a time), `keptFrom` the stream's first
 * kept version.
 */
export class StreamTruncatedError extends EdictError {
  readonly code = 'STREAM_TRUNCATED';
  constructor(
    readonly streamId: string,
    readonly version: number | undefined,
    readonly keptFrom: number,
  ) {
    super(
      `Stream '${streamId}' keeps its events from version ${keptFrom} on: ${
        version === undefined ? 'the state asked for' : `the state at version ${version}`
      } needs events that were truncated, and no usable snapshot covers them`,
    );
  }
}

/** Why `truncate` refused: see `TruncationRefusedError`. */
export type TruncationRefusal =
  /** The stream has no snapshot of the aggregate's current `snapshotVersion`. */
  | 'no-snapshot'
  /** The snapshot's version is below `before - 1`: it does not cover every event to remove. */
  | 'snapshot-too-old'
  /** `before` is past the stream's last event: the last event always stays (it carries the version). */
  | 'beyond-stream'
  /** Handlers of the application (named in `behind`) have not processed every event to remove yet. */
  | 'handlers-behind'
  /**
   * The aggregate applies events that hold personal data: its snapshots are sealed with its
   * subjects' keys, so after a `forget` no snapshot could stand in for the events removed and
   * the stream could never be loaded again.
   */
  | 'personal-data';

/**
 * `truncate` refused and removed nothing. `snapshotVersion` is the stream version of the usable
 * snapshot (undefined when there is none), `streamVersion` the stream's version, `behind` the
 * handlers that have yet to process the events (for `handlers-behind`).
 */
export class TruncationRefusedError extends EdictError {
  readonly code = 'TRUNCATION_REFUSED';
  constructor(
    readonly streamId: string,
    readonly before: number,
    readonly reason: TruncationRefusal,
    readonly snapshotVersion: number | undefined,
    readonly streamVersion: number,
    readonly behind: readonly string[] = [],
  ) {
    super(
      `Stream '${streamId}' cannot be truncated before version ${before}: ${explain(reason, snapshotVersion, streamVersion, behind)}`,
    );
  }
}

function explain(reason: TruncationRefusal, snapshot: number | undefined, stream: number, behind: readonly string[]) {
  switch (reason) {
    case 'no-snapshot':
      return 'it has no snapshot of the current snapshot version to cover the events removed';
    case 'snapshot-too-old':
      return `its snapshot is at version ${String(snapshot)}, so it covers only the events before version ${String((snapshot ?? 0) + 1)}`;
    case 'beyond-stream':
      return `the stream is at version ${stream}, and its last event always stays`;
    case 'handlers-behind':
      return `handlers have yet to process the events to remove: ${behind.join(', ')}`;
    case 'personal-data':
      return 'its aggregate applies events with personal data, whose sealed snapshots a forget would make unreadable';
  }
}

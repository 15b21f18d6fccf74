import type { IncomingMessage } from 'node:http';
import type { WatchOptions } from '@edict/core';
import type { WatchScope } from './watch-scope';

/** A request the SSE handler cannot serve as asked: why, for a 400 or 403 answer. */
export class WatchRequestProblem {
  constructor(
    readonly status: 400 | 403,
    readonly code: string,
    readonly message: string,
  ) {}
}

const PARAMS = ['from', 'stream', 'aggregate', 'type'];
const POSITION = /^(0|[1-9][0-9]{0,15})$/;

/**
 * The watch a request asks for: `?from=start|end|<position>`, `stream=`, `aggregate=` and
 * `type=` (each may repeat), within `scope`. A `Last-Event-ID` header (what EventSource sends
 * when it reconnects) wins over `from`: the stream resumes right after the last position the
 * client received. Answers a problem instead for anything it cannot honour.
 */
export function watchRequest(
  request: IncomingMessage,
  scope: WatchScope | undefined,
  heartbeatMs: number,
): WatchOptions | WatchRequestProblem {
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
  for (const key of query.keys()) {
    if (!PARAMS.includes(key)) {
      return new WatchRequestProblem(
        400,
        'UNKNOWN_PARAMETER',
        `Unknown parameter '${key}'; valid: ${PARAMS.join(', ')}`,
      );
    }
  }
  const resumeFrom = request.headers['last-event-id'];
  const from = typeof resumeFrom === 'string' && resumeFrom !== '' ? resumeFrom : (query.get('from') ?? 'end');
  if (from !== 'start' && from !== 'end' && !POSITION.test(from)) {
    return new WatchRequestProblem(
      400,
      'INVALID_FROM',
      `'from' (or Last-Event-ID) must be start, end or a position, got '${from.slice(0, 40)}'`,
    );
  }
  let streams = query.getAll('stream');
  let aggregates = query.getAll('aggregate');
  let types = query.getAll('type');
  if (scope) {
    const outside = outsideScope(scope, streams, aggregates, types);
    if (outside) return new WatchRequestProblem(403, 'OUTSIDE_SCOPE', `This request may not read ${outside}`);
    if (streams.length === 0 && aggregates.length === 0) {
      streams = [...(scope.streams ?? [])];
      aggregates = [...(scope.aggregates ?? [])];
    }
    if (types.length === 0) types = [...(scope.types ?? [])];
  }
  return {
    from: from === 'start' || from === 'end' ? from : Number(from),
    heartbeatMs,
    ...(streams.length > 0 ? { streams } : {}),
    ...(aggregates.length > 0 ? { aggregates } : {}),
    ...(types.length > 0 ? { types } : {}),
  };
}

function outsideScope(scope: WatchScope, streams: string[], aggregates: string[], types: string[]): string | undefined {
  const byStream = scope.streams !== undefined || scope.aggregates !== undefined;
  const allowedStream = (s: string) =>
    (scope.streams ?? []).includes(s) || (scope.aggregates ?? []).some((a) => s.startsWith(`${a}-`));
  if (byStream) {
    const stream = streams.find((s) => !allowedStream(s));
    if (stream !== undefined) return `stream '${stream}'`;
    const aggregate = aggregates.find((a) => !(scope.aggregates ?? []).includes(a));
    if (aggregate !== undefined) return `aggregate '${aggregate}'`;
  }
  const type = scope.types ? types.find((t) => !scope.types!.includes(t)) : undefined;
  return type === undefined ? undefined : `type '${type}'`;
}

import type { EventLog } from '../contracts/event-log';
import type { HandlerStatus } from '../contracts/handler-status';
import type { HandlerSample } from './edict-metrics';

/**
 * Each handler's lag, in events and in seconds (the age of the first event it has not
 * processed: one read of one event per handler that is behind), and its dead letters.
 */
export async function handlerSamples(
  status: () => Promise<readonly HandlerStatus[]>,
  log: Pick<EventLog, 'readAll'>,
  now = Date.now(),
): Promise<HandlerSample[]> {
  const samples: HandlerSample[] = [];
  for (const s of await status()) {
    let lagSeconds = 0;
    if (s.lag > 0) {
      const [next] = await log.readAll(s.position, 1);
      if (next) lagSeconds = Math.max(0, (now - next.createdAt.getTime()) / 1000);
    }
    samples.push({ name: s.name, lagEvents: s.lag, lagSeconds, deadLetters: s.deadLettered });
  }
  return samples;
}

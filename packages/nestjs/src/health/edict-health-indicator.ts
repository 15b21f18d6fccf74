import { Injectable } from '@nestjs/common';
import type { HandlerState } from '@edict/core';
import { EdictService } from '../service/edict-service';

/** One handler, as readiness sees it. */
export interface HandlerHealth {
  readonly name: string;
  readonly state: HandlerState;
  readonly lag: number;
  /** Caught up in this process, or on standby while another process runs it. */
  readonly ready: boolean;
}

/** What `EdictHealthIndicator.check` found. */
export interface EdictHealth {
  /** `up` when Edict runs, its store answers and every handler is ready; else `down`. */
  readonly status: 'up' | 'down';
  readonly store: { readonly reachable: boolean; readonly headPosition?: number; readonly error?: string };
  readonly handlers: readonly HandlerHealth[];
  /** Why it is down, one sentence each; empty when up. */
  readonly problems: readonly string[];
}

/** How long the store may take to answer, in ms, before it counts as unreachable. */
const STORE_TIMEOUT_MS = 2_000;

/**
 * Readiness of the Edict application: the store answers (its head position is read), every
 * handler has caught up (or stands by while another process holds it), and none has stopped
 * or failed. It depends on no health library: answer a readiness probe with it, or wrap
 * `check()` in `@nestjs/terminus`'s `HealthIndicatorService` if the application uses it.
 *
 * @example
 * @Get('health/ready')
 * async ready() {
 *   const health = await this.health.check();
 *   if (health.status === 'down') throw new ServiceUnavailableException(health);
 *   return health;
 * }
 */
@Injectable()
export class EdictHealthIndicator {
  constructor(private readonly edict: EdictService) {}

  async check(): Promise<EdictHealth> {
    if (!this.edict.started) {
      return { status: 'down', store: { reachable: false }, handlers: [], problems: ['Edict has not started'] };
    }
    const problems: string[] = [];
    let store: EdictHealth['store'];
    try {
      const headPosition = await withTimeout(this.edict.store.headPosition(), STORE_TIMEOUT_MS);
      store = { reachable: true, headPosition };
    } catch (error) {
      store = { reachable: false, error: error instanceof Error ? error.message : String(error) };
      problems.push(`the event store does not answer: ${store.error}`);
    }
    let handlers: HandlerHealth[] = [];
    try {
      handlers = (await withTimeout(this.edict.status(), STORE_TIMEOUT_MS)).map((h) => ({
        name: h.name,
        state: h.state,
        lag: h.lag,
        ready: (h.caughtUp && h.state !== 'failed' && h.state !== 'stopped') || h.state === 'standby',
      }));
    } catch (error) {
      problems.push(`the handlers' status is unknown: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const h of handlers) {
      if (h.state === 'failed' || h.state === 'stopped') problems.push(`handler ${h.name} is ${h.state}`);
      else if (!h.ready) problems.push(`handler ${h.name} has not caught up (${h.state}, ${h.lag} behind)`);
    }
    return { status: problems.length === 0 ? 'up' : 'down', store, handlers, problems };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import { InvalidOptionsError } from '../errors';

/** What a handler's failure leads to, after the retries the policy allows. */
export type ErrorPolicy =
  | {
      readonly kind: 'retry';
      /** Tries in all, the first included. */
      readonly attempts: number;
      readonly initialDelayMs: number;
      readonly maxDelayMs: number;
      /** What happens when the attempts are used up. */
      readonly then: 'stop' | 'skip';
    }
  | { readonly kind: 'skip' }
  | { readonly kind: 'stop' };

export type ErrorDecision =
  { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'skip' | 'stop' };

/**
 * Error policies for event handlers. A failing handler never drops an event silently: it is
 * retried, recorded as a dead letter (skip), or the handler stops at that event (stop), and
 * its status shows the error.
 *
 * @example
 * @EventHandler('emails', { errorPolicy: ErrorPolicy.retry({ attempts: 5, then: 'skip' }) })
 */
export const ErrorPolicy = {
  /** Retry with exponential backoff (with jitter), then stop (default) or skip. */
  retry(options: Partial<Omit<Extract<ErrorPolicy, { kind: 'retry' }>, 'kind'>> = {}): ErrorPolicy {
    const valid = ['attempts', 'initialDelayMs', 'maxDelayMs', 'then'];
    for (const key of Object.keys(options)) {
      if (!valid.includes(key)) throw new InvalidOptionsError('ErrorPolicy.retry', key, valid);
    }
    const policy: ErrorPolicy = {
      kind: 'retry',
      attempts: options.attempts ?? 5,
      initialDelayMs: options.initialDelayMs ?? 100,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      then: options.then ?? 'stop',
    };
    checkPolicy('ErrorPolicy.retry', policy);
    return policy;
  },
  /** Record the event as a dead letter at the first failure and go on. */
  skip(): ErrorPolicy {
    return { kind: 'skip' };
  },
  /** Stop the handler at the first failure; it resumes from that event when restarted. */
  stop(): ErrorPolicy {
    return { kind: 'stop' };
  },
  /** Default: 5 tries with backoff from 100 ms, then stop. */
  default(): ErrorPolicy {
    return ErrorPolicy.retry();
  },
} as const;

export function checkPolicy(where: string, policy: unknown): asserts policy is ErrorPolicy {
  const valid = ['retry', 'skip', 'stop'];
  const p = policy as Partial<Record<string, unknown>> | null;
  if (typeof p !== 'object' || p === null || !valid.includes(String(p.kind))) {
    throw new InvalidOptionsError(
      where,
      'errorPolicy',
      valid,
      'must be made by ErrorPolicy.retry(), .skip() or .stop()',
    );
  }
  if (p.kind !== 'retry') return;
  const positive = (k: string) => Number.isSafeInteger(p[k]) && (p[k] as number) > 0;
  if (!positive('attempts') || !positive('initialDelayMs') || !positive('maxDelayMs')) {
    throw new InvalidOptionsError(
      where,
      'errorPolicy',
      valid,
      'needs positive integer attempts, initialDelayMs and maxDelayMs',
    );
  }
  if (p.then !== 'stop' && p.then !== 'skip') {
    throw new InvalidOptionsError(where, 'errorPolicy.then', ['stop', 'skip'], `must be 'stop' or 'skip'`);
  }
}

/** The decision for the given failed attempt (1 = the first try failed). */
export function decide(policy: ErrorPolicy, attempt: number): ErrorDecision {
  if (policy.kind !== 'retry') return { action: policy.kind };
  if (attempt >= policy.attempts) return { action: policy.then };
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": half fixed, half random, so retries of many handlers spread out.
  return { action: 'retry', delayMs: Math.round(ceiling / 2 + Math.random() * (ceiling / 2)) };
}

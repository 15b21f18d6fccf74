import type {
  DeliveryFailure,
  ErrorDecision,
  ErrorPolicyData,
  ErrorPolicyFunction,
  ErrorPolicy as ErrorPolicyForm,
} from '../contracts/error-policy';
import { errorInfo } from '../errors/error-info';
import { ErrorPolicyError, InvalidOptionsError } from '../errors';
import { checkOptionKeys } from '../validation/rules';
import { decisionProblem } from './error-decision';

/** What a handler's failure leads to: one of the data forms, or a function that decides. */
export type ErrorPolicy = ErrorPolicyForm;

type RetryPolicy = Extract<ErrorPolicyData, { kind: 'retry' }>;

/**
 * Error policies for event handlers. A failing handler never drops an event silently: it is
 * retried, recorded as a dead letter (skip), or the handler stops at that event (stop), and
 * its status shows the error. A function `(error, failure, attempt) => ErrorDecision` may be
 * given instead, to decide by the error.
 *
 * @example
 * @EventHandler('emails', { errorPolicy: ErrorPolicy.retry({ attempts: 5, then: 'skip' }) })
 */
export const ErrorPolicy = {
  /** Retry with exponential backoff (with jitter), then stop (default) or skip. */
  retry(options: Partial<Omit<RetryPolicy, 'kind'>> = {}): ErrorPolicyData {
    const valid = ['attempts', 'initialDelayMs', 'maxDelayMs', 'then'];
    checkOptionKeys('ErrorPolicy.retry', options, valid);
    const policy: ErrorPolicyData = {
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
  skip(): ErrorPolicyData {
    return { kind: 'skip' };
  },
  /** Stop the handler at the first failure; it resumes from that event when restarted. */
  stop(): ErrorPolicyData {
    return { kind: 'stop' };
  },
  /** Default: 5 tries with backoff from 100 ms, then stop. */
  default(): ErrorPolicyData {
    return ErrorPolicy.retry();
  },
} as const;

export function checkPolicy(where: string, policy: unknown): asserts policy is ErrorPolicy {
  if (typeof policy === 'function') return;
  const valid = ['retry', 'skip', 'stop'];
  const p = policy as Partial<Record<string, unknown>> | null;
  if (typeof p !== 'object' || p === null || !valid.includes(String(p.kind))) {
    throw new InvalidOptionsError(
      where,
      'errorPolicy',
      valid,
      'must be made by ErrorPolicy.retry(), .skip() or .stop(), or be a function (error, failure, attempt) => decision',
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

/**
 * The decision for the given failed attempt (1 = the first try failed). A function policy
 * that throws or returns something else than a decision gives an `ErrorPolicyError`.
 */
export function decide(policy: ErrorPolicy, error: unknown, failure: DeliveryFailure, attempt: number): ErrorDecision {
  if (typeof policy === 'function') return decideBy(policy, error, failure, attempt);
  if (policy.kind !== 'retry') return { action: policy.kind };
  if (attempt >= policy.attempts) return { action: policy.then };
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": half fixed, half random, so retries of many handlers spread out.
  return { action: 'retry', delayMs: Math.round(ceiling / 2 + Math.random() * (ceiling / 2)) };
}

function decideBy(policy: ErrorPolicyFunction, error: unknown, failure: DeliveryFailure, attempt: number) {
  const fail = (reason: string, cause?: unknown) =>
    new ErrorPolicyError(failure.handlerName, failure.event.position, reason, errorInfo(error).message, cause);
  let decision: unknown;
  try {
    decision = policy(error, failure, attempt);
  } catch (thrown) {
    throw fail(`it threw: ${errorInfo(thrown).message}`, thrown);
  }
  const problem = decisionProblem(decision);
  if (problem !== undefined) throw fail(problem);
  return decision as ErrorDecision;
}

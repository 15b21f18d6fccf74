import { ErrorDecision, ErrorPolicy, ErrorPolicyError, type DeliveryFailure, type RecordedEvent } from '@edict/core';
import { checkPolicy, decide } from '../../../src/policies/error-policy';

const failure: DeliveryFailure = { handlerName: 'h', event: { position: 9, type: 't.T' } as RecordedEvent };
const boom = new Error('boom');

describe('error policies', () => {
  describe('as data', () => {
    it('retry: backs off with a jittered, doubling, capped delay, then does `then`', () => {
      const policy = ErrorPolicy.retry({ attempts: 6, initialDelayMs: 100, maxDelayMs: 500, then: 'skip' });
      for (let attempt = 1; attempt < 6; attempt++) {
        const ceiling = Math.min(500, 100 * 2 ** (attempt - 1));
        const d = decide(policy, boom, failure, attempt);
        expect(d.action).toBe('retry');
        const { delayMs } = d as { delayMs: number };
        expect(delayMs).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delayMs).toBeLessThanOrEqual(ceiling);
      }
      expect(decide(policy, boom, failure, 6)).toEqual({ action: 'skip' });
      expect(decide(ErrorPolicy.default(), boom, failure, 5)).toEqual({ action: 'stop' });
    });

    it('skip and stop decide at the first failure', () => {
      expect(decide(ErrorPolicy.skip(), boom, failure, 1)).toEqual({ action: 'skip' });
      expect(decide(ErrorPolicy.stop(), boom, failure, 1)).toEqual({ action: 'stop' });
    });
  });

  describe('as a function', () => {
    it('decides with the error, the failed delivery and the attempt', () => {
      const seen: unknown[] = [];
      const policy = (error: unknown, f: DeliveryFailure, attempt: number) => {
        seen.push([error, f, attempt]);
        return attempt < 2 ? ErrorDecision.retry(0) : ErrorDecision.stop();
      };
      expect(decide(policy, boom, failure, 1)).toEqual({ action: 'retry', delayMs: 0 });
      expect(decide(policy, boom, failure, 2)).toEqual({ action: 'stop' });
      expect(seen).toEqual([
        [boom, failure, 1],
        [boom, failure, 2],
      ]);
    });

    it('is an ErrorPolicyError when it throws or returns no decision', () => {
      const thrown = new Error('policy bug');
      let threw: unknown;
      try {
        decide(
          () => {
            throw thrown;
          },
          boom,
          failure,
          1,
        );
      } catch (e) {
        threw = e;
      }
      expect(threw).toBeInstanceOf(ErrorPolicyError);
      expect(threw).toMatchObject({
        code: 'ERROR_POLICY',
        handlerName: 'h',
        position: 9,
        reason: 'it threw: policy bug',
        handlerError: 'boom',
        cause: thrown,
      });
      expect(() => decide(() => ({ action: 'retry' }) as ErrorDecision, boom, failure, 1)).toThrow(
        /delayMs must be an integer from 0 to 2147483647/,
      );
      expect(() => decide(() => ErrorDecision.retry(1.5), boom, failure, 1)).toThrow(ErrorPolicyError);
      expect(decide(() => ErrorDecision.retry(2_147_483_647), boom, failure, 1)).toEqual({
        action: 'retry',
        delayMs: 2_147_483_647,
      });
    });

    it('is accepted where a policy is checked, as the data forms are', () => {
      expect(() => checkPolicy('where', () => ErrorDecision.skip())).not.toThrow();
      for (const policy of [ErrorPolicy.retry(), ErrorPolicy.skip(), ErrorPolicy.stop()]) {
        expect(() => checkPolicy('where', policy)).not.toThrow();
      }
      expect(() => checkPolicy('where', 'retry')).toThrow(/or be a function \(error, failure, attempt\) => decision/);
    });
  });
});

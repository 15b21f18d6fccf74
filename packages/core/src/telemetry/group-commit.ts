import type { Histogram, Meter } from '@opentelemetry/api';
import { otelApi } from './otel-api';

/**
 * For stores that commit many appends in one transaction: records each transaction's number
 * of appends on the histogram `edict.store.group_commit.size` of the global meter provider
 * (`scope`: the store's package). The instrument is made on the first call that finds an SDK
 * registered; until then, and without `@opentelemetry/api`, a call costs one clock read (the
 * providers are looked at again once a second).
 *
 * @example
 * const recordGroupCommit = groupCommitRecorder('@edict/postgres');
 * recordGroupCommit(batch.length);
 */
export function groupCommitRecorder(scope: string): (appends: number) => void {
  let histogram: Histogram | undefined;
  let lookAgainAt = 0;
  return (appends) => {
    if (histogram === undefined) {
      const now = Date.now();
      if (now < lookAgainAt) return;
      const api = otelApi();
      const meter: Meter | undefined = api?.metrics.getMeterProvider().getMeter(scope);
      if (api === undefined || meter === undefined || meter.constructor === api.createNoopMeter().constructor) {
        lookAgainAt = now + 1000; // an SDK started later is seen within a second, not looked for on every append
        return;
      }
      histogram = meter.createHistogram('edict.store.group_commit.size', {
        description: 'Appends (commands) committed together in one transaction',
        unit: '{append}',
        advice: { explicitBucketBoundaries: [1, 2, 4, 8, 16, 32, 64, 128, 256] },
      });
    }
    histogram.record(appends);
  };
}

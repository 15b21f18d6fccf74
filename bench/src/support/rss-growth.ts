/** An RSS sample: the fraction of the run's commands done, and the RSS in MB. */
export type RssSample = readonly [fraction: number, rssMb: number];

/**
 * How much RSS grew after warm-up: the highest RSS of the last quarter of the run minus the
 * highest of the second quarter (the first quarter is warm-up: caches fill, code gets compiled).
 */
export function rssGrowthAfterWarmUp(samples: readonly RssSample[]): number {
  const peakBetween = (from: number, to: number) =>
    Math.max(...samples.filter(([f]) => f >= from && f < to).map(([, rss]) => rss));
  const second = peakBetween(0.25, 0.5);
  const last = peakBetween(0.75, 1.01);
  return Number.isFinite(second) && Number.isFinite(last) ? last - second : Number.NaN;
}

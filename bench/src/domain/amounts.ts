/**
 * The amount of the `version`-th deposit of a seeded stream, the same in Edict's store and in
 * the baseline table, so both folds must reach the same total (a check that both did the work).
 */
export const seededAmount = (version: number): number => 1 + (version % 100);

/** The sum of `seededAmount` over versions 1..`count`. */
export function seededTotal(count: number): number {
  let total = 0;
  for (let v = 1; v <= count; v++) total += seededAmount(v);
  return total;
}

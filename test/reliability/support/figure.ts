import { writeFileSync, writeSync } from 'fs';
import { join } from 'path';

/**
 * The one figure line a scenario prints: what was done, what was checked, what was lost.
 * Set it as soon as the figures are known (before asserting on them); it is printed once,
 * after the scenario, even when an assertion failed (then it shows what went wrong). The
 * suite's reporter (figure-reporter.cjs) prints it; without that reporter it goes straight to
 * stdout.
 */
export function figureLine(scenario: string): { set(text: string): void } {
  let line = `${scenario}: did not finish (see the failure above)`;
  afterAll(() => {
    const dir = process.env.EDICT_FIGURES_DIR;
    if (dir) writeFileSync(join(dir, `${scenario}.txt`), line);
    else writeSync(1, `\n${line}\n\n`);
  });
  return {
    set(text: string) {
      line = `${scenario}: ${text}`;
    },
  };
}

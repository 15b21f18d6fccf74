import type { CommandMeasurement } from '../support/measure-commands';
import type { CostKind, MetricSpec, Sample } from './result';

const COSTS: readonly { kind: CostKind; what: string; unit: string }[] = [
  { kind: 'cpu', what: 'CPU per command', unit: 'µs/cmd' },
  { kind: 'rows', what: 'rows written per command', unit: 'rows/cmd' },
  { kind: 'wal', what: 'WAL per command', unit: 'B/cmd' },
  { kind: 'rowBytes', what: 'bytes per event row', unit: 'B' },
  { kind: 'storage', what: 'table and index growth per command', unit: 'B/cmd' },
];

const costId = (caseId: string, kind: CostKind) => `${caseId}.${kind}`;

/** The cost rows of a command case (`caseId` is its throughput metric), baseline and Edict. */
export function costSpecs(caseId: string, caseLabel: string): MetricSpec[] {
  return COSTS.map(({ kind, what, unit }) => ({
    id: costId(caseId, kind),
    label: `${caseLabel}: ${what}`,
    unit,
    better: 'lower',
    cost: { of: caseId, kind },
  }));
}

/** A command run as a sample: its rate under `caseId`, its costs under `costSpecs`' ids. */
export function commandSample(caseId: string, m: CommandMeasurement): Sample {
  return {
    [caseId]: m.rate,
    [costId(caseId, 'cpu')]: m.cpu,
    [costId(caseId, 'rows')]: m.rows,
    [costId(caseId, 'wal')]: m.wal,
    [costId(caseId, 'rowBytes')]: m.rowBytes,
    [costId(caseId, 'storage')]: m.storage,
  };
}

export const rowsCostId = (caseId: string): string => costId(caseId, 'rows');
export const rowBytesCostId = (caseId: string): string => costId(caseId, 'rowBytes');

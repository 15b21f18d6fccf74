// Test helpers shared by the workspaces' tests and the reliability suite's child processes
// (which load the built copy). Nothing here needs Jest at load time.
export { Credit, Credited, Debit, Debited, Ledger, Overdrawn } from './ledger';
export { quietLogger, sleep } from './quiet-logger';
export type { QuietLogger } from './quiet-logger';
export { until } from './until';
export {
  Acct,
  CompleteTransfer,
  Deposit,
  Deposited,
  FailTransfer,
  MoneyTransfer,
  NoFunds,
  NotOpen,
  Open,
  Opened,
  RequestTransfer,
  Transfer,
  TransferCompleted,
  TransferFailed,
  TransferRequested,
  Withdraw,
  Withdrawn,
  transferDomain,
} from './transfers';
export { Audit, Count, Counted, PartitionedAudit, Tally, historyApp } from './history';
export { historySuite } from './history-suite';
export { spanRecord } from './spans';
export type { SpanRecord } from './spans';
export {
  ChangePlan,
  Directory,
  Member,
  PERSONAL_VALUES,
  PlanChanged,
  Refer,
  Referred,
  Register,
  Registered,
  Welcome,
  masterKey,
  memberDomain,
  memberApp,
  personalWorkload,
  FailingOnRegistered,
} from './personal';
export type { Seen } from './personal';
export { startServerProcess } from './server-process';
export type { ServerProcess } from './server-process';
export {
  credit,
  exactlyOnceInOrder,
  partitionOfLedger,
  recorder,
  repartitionApp,
  repartitionSuite,
  settled,
} from './repartition-suite';
export type { Delivery, Keying } from './repartition-suite';

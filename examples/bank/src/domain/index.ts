// The bank's domain: what the aggregates decide, with no wiring and no storage.
export { Account } from './account';
export type { AccountStatus } from './account';
export { Transfer } from './transfer';
export type { TransferStatus } from './transfer';
export { MAX_MINOR_UNITS, CURRENCY_CODE } from './money';

export { OpenAccount } from './commands/open-account';
export { DepositMoney } from './commands/deposit-money';
export { WithdrawMoney } from './commands/withdraw-money';
export { CloseAccount } from './commands/close-account';
export type { MoneyMovementOptions } from './commands/money-movement-options';
export { RequestTransfer } from './commands/request-transfer';
export { CompleteTransfer } from './commands/complete-transfer';
export { FailTransfer } from './commands/fail-transfer';

export { AccountOpened } from './events/account-opened';
export { MoneyDeposited } from './events/money-deposited';
export { MoneyWithdrawn } from './events/money-withdrawn';
export { AccountClosed } from './events/account-closed';
export { TransferRequested } from './events/transfer-requested';
export { TransferCompleted } from './events/transfer-completed';
export { TransferFailed } from './events/transfer-failed';
export type { FailedTransferMoney } from './events/transfer-failed';

export { AccountNotOpen } from './errors/account-not-open';
export { AccountAlreadyOpen } from './errors/account-already-open';
export { AccountIsClosed } from './errors/account-is-closed';
export { InsufficientFunds } from './errors/insufficient-funds';
export { BalanceNotZero } from './errors/balance-not-zero';
export { BalanceLimitExceeded } from './errors/balance-limit-exceeded';
export { CurrencyMismatch } from './errors/currency-mismatch';
export { SameAccountTransfer } from './errors/same-account-transfer';
export { TransferAlreadyRequested } from './errors/transfer-already-requested';
export { TransferNotRequested } from './errors/transfer-not-requested';
export { TransferAlreadySettled } from './errors/transfer-already-settled';

// The bank's domain: what the aggregate decides, with no wiring and no storage.
export { Account } from './account';
export type { AccountStatus } from './account';
export { MAX_MINOR_UNITS } from './money';

export { OpenAccount } from './commands/open-account';
export { DepositMoney } from './commands/deposit-money';
export { WithdrawMoney } from './commands/withdraw-money';
export { CloseAccount } from './commands/close-account';

export { AccountOpened } from './events/account-opened';
export { MoneyDeposited } from './events/money-deposited';
export { MoneyWithdrawn } from './events/money-withdrawn';
export { AccountClosed } from './events/account-closed';

export { AccountNotOpen } from './errors/account-not-open';
export { AccountAlreadyOpen } from './errors/account-already-open';
export { AccountIsClosed } from './errors/account-is-closed';
export { InsufficientFunds } from './errors/insufficient-funds';
export { BalanceNotZero } from './errors/balance-not-zero';
export { BalanceLimitExceeded } from './errors/balance-limit-exceeded';

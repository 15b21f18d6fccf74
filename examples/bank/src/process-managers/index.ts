// The bank's process managers.
export { MoneyTransfer } from './money-transfer';

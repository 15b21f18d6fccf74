/** What a deposit or a withdrawal may carry besides the account and the amount. */
export interface MoneyMovementOptions {
  /**
   * The currency the caller means. When given, the account refuses the command unless it
   * holds money in that currency (`CURRENCY_MISMATCH`); transfers always give it.
   */
  readonly currency?: string;
  /** Set by the `MoneyTransfer` process manager on the debit, credit and refund of a transfer. */
  readonly transferId?: string;
}

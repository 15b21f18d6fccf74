/** How subscriptions read the log (`Edict.create`'s `subscriptions` option). */
export interface SubscriptionSettings {
  /** Events read per query. */
  readonly batchSize: number;
  /** How often a live handler polls the store when no wake-up came (safety net). */
  readonly pollIntervalMs: number;
  /** How often a standby handler tries to take the lease. */
  readonly standbyRetryMs: number;
  /**
   * How long a handler lease lasts unless renewed (renewed every third of it, by the
   * database's clock): a process that dies gives its handlers up within this time. Default
   * 10 000 ms; at least 300 ms and at most a day.
   */
  readonly leasePeriodMs: number;
}

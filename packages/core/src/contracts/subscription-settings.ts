/** How subscriptions read the log (`Edict.create`'s `subscriptions` option). */
export interface SubscriptionSettings {
  /** Events read per query. */
  readonly batchSize: number;
  /** How often a live handler polls the store when no wake-up came (safety net). */
  readonly pollIntervalMs: number;
  /** How often a standby handler tries to take the lease. */
  readonly standbyRetryMs: number;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FailedTransferMoney } from '../domain/events/transfer-failed';
import { minorUnits } from './minor-units';

/**
 * Where a transfer stands, as its requester sees it: `requested`, then `debited` once the
 * source paid, then `completed` or `failed`.
 */
export type TransferSummaryStatus = 'requested' | 'debited' | 'completed' | 'failed';

/**
 * One row per transfer, with its status and, once failed, why and where its money went.
 * Written by the `bank.transfers` projection.
 *
 * @example
 * const transfer = await dataSource.getRepository(TransferSummary).findOneBy({ transferId });
 */
@Entity('transfers')
export class TransferSummary {
  @PrimaryColumn('uuid', { name: 'transfer_id' })
  transferId!: string;

  @Column('uuid', { name: 'from_account_id' })
  fromAccountId!: string;

  @Column('uuid', { name: 'to_account_id' })
  toAccountId!: string;

  /** In minor units of `currency`. */
  @Column('bigint', { transformer: minorUnits })
  amount!: number;

  @Column('text')
  currency!: string;

  @Column('text')
  status!: TransferSummaryStatus;

  /** The code of the refusal that failed the transfer (`INSUFFICIENT_FUNDS`, `ACCOUNT_CLOSED`…). */
  @Column('text', { name: 'failure_code', nullable: true })
  failureCode!: string | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  /** For a failed transfer: what became of its money. */
  @Column('text', { name: 'failure_money', nullable: true })
  failureMoney!: FailedTransferMoney | null;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

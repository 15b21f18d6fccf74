import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from './minor-units';

/** What moved the money of a statement entry. */
export type StatementEntryKind = 'deposit' | 'withdrawal' | 'transfer-in' | 'transfer-out' | 'refund';

/**
 * One line of an account's statement: a movement of money and the balance right after it.
 * Entries are numbered 1, 2, 3… per account. Written by the `bank.statements` projection.
 *
 * @example
 * const entries = await dataSource.getRepository(StatementEntry).find({ where: { accountId }, order: { entry: 'ASC' } });
 */
@Entity('statement_entries')
export class StatementEntry {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId!: string;

  @PrimaryColumn('integer')
  entry!: number;

  @Column('text')
  kind!: StatementEntryKind;

  /** In minor units: positive for money in, negative for money out. */
  @Column('bigint', { transformer: minorUnits })
  amount!: number;

  /** The running balance: the account's balance once this entry is booked. */
  @Column('bigint', { name: 'balance_after', transformer: minorUnits })
  balanceAfter!: number;

  /** The transfer this movement is a step of, if any. */
  @Column('uuid', { name: 'transfer_id', nullable: true })
  transferId!: string | null;

  /** The global position of the event that booked it. */
  @Column('bigint', { transformer: minorUnits })
  position!: number;

  @Column('timestamptz', { name: 'booked_at' })
  bookedAt!: Date;
}

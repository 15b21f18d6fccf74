import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnits } from './minor-units';

/**
 * One row per account: its holder, currency, balance and status. Written by the
 * `bank.balances` projection.
 *
 * @example
 * const row = await dataSource.getRepository(AccountBalance).findOneBy({ accountId });
 */
@Entity('account_balances')
export class AccountBalance {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  owner!: string;

  @Column('text')
  currency!: string;

  /** In minor units of `currency`. */
  @Column('bigint', { transformer: minorUnits })
  balance!: number;

  @Column('text')
  status!: 'open' | 'closed';

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  /** When the last event that changed the row happened. */
  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

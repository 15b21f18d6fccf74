import { EventHandler, On, type EventContext } from '@edict/core';
import { AccountClosed } from '../domain/events/account-closed';
import { AccountOpened } from '../domain/events/account-opened';
import { MoneyDeposited } from '../domain/events/money-deposited';
import { MoneyWithdrawn } from '../domain/events/money-withdrawn';
import { formatMoney } from '../format-money';

interface Holder {
  readonly owner: string;
  readonly currency: string;
}

/**
 * One readable line per account event, in global order, kept in memory. Register an instance
 * to read `lines` afterwards. The list lives only as long as the process while the checkpoint
 * lives in the store: right for the in-memory store, not for a durable one (there, write a
 * projection whose rows commit with its checkpoint).
 *
 * @example
 * const activityLog = new ActivityLog();
 * const edict = await createBank(store, { activityLog });
 * await edict.dispatch(new DepositMoney(id, 100), { consistency: 'strong' });
 * console.log(activityLog.lines.join('\n'));
 */
@EventHandler('bank.activity-log', { startFrom: 'origin' })
export class ActivityLog {
  /** One line per event handled, oldest first. */
  readonly lines: string[] = [];
  private readonly holders = new Map<string, Holder>();

  @On(AccountOpened)
  onOpened(e: AccountOpened, ctx: EventContext): void {
    this.holders.set(e.accountId, { owner: e.owner, currency: e.currency });
    this.add(ctx, e.accountId, `opened an account in ${e.currency}`);
  }

  @On(MoneyDeposited)
  onDeposited(e: MoneyDeposited, ctx: EventContext): void {
    this.add(ctx, e.accountId, `deposited ${this.money(e.accountId, e.amount)}`);
  }

  @On(MoneyWithdrawn)
  onWithdrawn(e: MoneyWithdrawn, ctx: EventContext): void {
    this.add(ctx, e.accountId, `withdrew ${this.money(e.accountId, e.amount)}`);
  }

  @On(AccountClosed)
  onClosed(e: AccountClosed, ctx: EventContext): void {
    this.add(ctx, e.accountId, 'closed the account');
  }

  private money(accountId: string, amount: number): string {
    const currency = this.holders.get(accountId)?.currency;
    return currency === undefined ? `${amount} (minor units)` : formatMoney(amount, currency);
  }

  private add(ctx: EventContext, accountId: string, what: string): void {
    const who = this.holders.get(accountId)?.owner ?? `account ${accountId}`;
    this.lines.push(`#${ctx.position} ${who} ${what}`);
  }
}

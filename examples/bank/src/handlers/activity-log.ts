import { EventHandler, On, type EventContext } from '@edict/core';
import { AccountClosed } from '../domain/events/account-closed';
import { AccountOpened } from '../domain/events/account-opened';
import { MoneyDeposited } from '../domain/events/money-deposited';
import { MoneyWithdrawn } from '../domain/events/money-withdrawn';
import { TransferCompleted } from '../domain/events/transfer-completed';
import { TransferFailed } from '../domain/events/transfer-failed';
import { TransferRequested } from '../domain/events/transfer-requested';
import { formatMoney } from '../format-money';

interface Holder {
  readonly owner: string;
  readonly currency: string;
}

/**
 * One readable line per event, in global order, kept in memory: a plain event handler. Register
 * an instance to read `lines` afterwards. The list lives only as long as the process while the
 * checkpoint lives in the store: right for the in-memory store, not for a durable one (there,
 * write a projection whose rows commit with its checkpoint, as the read models do).
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
    this.add(ctx, `${this.who(e.accountId)} opened an account in ${e.currency}`);
  }

  @On(MoneyDeposited)
  onDeposited(e: MoneyDeposited, ctx: EventContext): void {
    const what = e.transferId === undefined ? 'deposited' : `received by transfer ${short(e.transferId)}`;
    this.add(ctx, `${this.who(e.accountId)} ${what} ${this.money(e.accountId, e.amount)}`);
  }

  @On(MoneyWithdrawn)
  onWithdrawn(e: MoneyWithdrawn, ctx: EventContext): void {
    const what = e.transferId === undefined ? 'withdrew' : `paid by transfer ${short(e.transferId)}`;
    this.add(ctx, `${this.who(e.accountId)} ${what} ${this.money(e.accountId, e.amount)}`);
  }

  @On(AccountClosed)
  onClosed(e: AccountClosed, ctx: EventContext): void {
    this.add(ctx, `${this.who(e.accountId)} closed the account`);
  }

  @On(TransferRequested)
  onTransferRequested(e: TransferRequested, ctx: EventContext): void {
    const money = formatMoney(e.amount, e.currency);
    this.add(
      ctx,
      `transfer ${short(e.transferId)}: ${this.who(e.fromAccountId)} sends ${money} to ${this.who(e.toAccountId)}`,
    );
  }

  @On(TransferCompleted)
  onTransferCompleted(e: TransferCompleted, ctx: EventContext): void {
    this.add(ctx, `transfer ${short(e.transferId)} completed`);
  }

  @On(TransferFailed)
  onTransferFailed(e: TransferFailed, ctx: EventContext): void {
    this.add(ctx, `transfer ${short(e.transferId)} failed: ${e.code}, money ${e.money}`);
  }

  private who(accountId: string): string {
    return this.holders.get(accountId)?.owner ?? `account ${accountId}`;
  }

  private money(accountId: string, amount: number): string {
    const currency = this.holders.get(accountId)?.currency;
    return currency === undefined ? `${amount} (minor units)` : formatMoney(amount, currency);
  }

  private add(ctx: EventContext, line: string): void {
    this.lines.push(`#${ctx.position} ${line}`);
  }
}

const short = (id: string): string => id.slice(0, 8);

import { randomBytes } from 'node:crypto';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  Edict,
  ErrorPolicy,
  Event,
  EventHandler,
  Executes,
  On,
  ProcessManager,
  type EventContext,
} from '@edict/core';
import { IsString } from 'class-validator';

// A member register with personal data: a name and an email (the member's), and a referral
// that names a second person (the referrer's name is the referrer's personal data).

@Event('members.Registered', { personalData: { name: 'memberId', email: 'memberId' } })
export class Registered {
  constructor(
    readonly memberId: string,
    readonly name: string,
    readonly email: string,
    readonly plan: string,
  ) {}
}

@Event('members.Referred', { personalData: { referrerName: 'referrerId' } })
export class Referred {
  constructor(
    readonly memberId: string,
    readonly referrerId: string,
    readonly referrerName: string,
  ) {}
}

@Event('members.PlanChanged')
export class PlanChanged {
  constructor(
    readonly memberId: string,
    readonly plan: string,
  ) {}
}

@Command('members.Register')
export class Register {
  @AggregateId() memberId!: string;
  @IsString() name!: string;
  @IsString() email!: string;
  @IsString() plan!: string;
  static of(memberId: string, name: string, email: string, plan = 'basic'): Register {
    return Object.assign(new Register(), { memberId, name, email, plan });
  }
}

@Command('members.Refer')
export class Refer {
  @AggregateId() memberId!: string;
  @IsString() referrerId!: string;
  @IsString() referrerName!: string;
  static of(memberId: string, referrerId: string, referrerName: string): Refer {
    return Object.assign(new Refer(), { memberId, referrerId, referrerName });
  }
}

@Command('members.ChangePlan')
export class ChangePlan {
  @AggregateId() memberId!: string;
  @IsString() plan!: string;
  static of(memberId: string, plan: string): ChangePlan {
    return Object.assign(new ChangePlan(), { memberId, plan });
  }
}

@Aggregate('member', { snapshotEvery: 2 })
export class Member {
  name = '';
  email = '';
  plan = '';
  referrers: string[] = [];

  @Executes(Register) register(c: Register) {
    return new Registered(c.memberId, c.name, c.email, c.plan);
  }
  @Executes(Refer) refer(c: Refer) {
    return new Referred(c.memberId, c.referrerId, c.referrerName);
  }
  @Executes(ChangePlan) changePlan(c: ChangePlan) {
    return new PlanChanged(c.memberId, c.plan);
  }
  @Applies(Registered) onRegistered(e: Registered) {
    this.name = e.name;
    this.email = e.email;
    this.plan = e.plan;
  }
  @Applies(Referred) onReferred(e: Referred) {
    this.referrers = [...this.referrers, e.referrerName];
  }
  @Applies(PlanChanged) onPlanChanged(e: PlanChanged) {
    this.plan = e.plan;
  }
}

/** What a handler saw: each event's type, the values it read, and what its context said was redacted. */
export interface Seen {
  readonly type: string;
  readonly position: number;
  readonly values: Record<string, unknown>;
  readonly redacted: readonly string[];
}

/** A handler that keeps what it is given (a read model that copies personal data, as many do). */
@EventHandler('members.directory', { startFrom: 'origin' })
export class Directory {
  readonly seen: Seen[] = [];
  reset(): void {
    this.seen.length = 0;
  }
  @On(Registered) onRegistered(e: Registered, ctx: EventContext) {
    this.seen.push({ type: ctx.eventType, position: ctx.position, values: { ...e }, redacted: ctx.redacted });
  }
  @On(Referred) onReferred(e: Referred, ctx: EventContext) {
    this.seen.push({ type: ctx.eventType, position: ctx.position, values: { ...e }, redacted: ctx.redacted });
  }
}

/**
 * A process manager started by each registration, keeping only ids and the plan (never
 * personal values): its state is in the table scan.
 */
@ProcessManager('members.welcome')
export class Welcome {
  plan = '';
  @On(Registered, { correlateBy: 'memberId', start: true }) onRegistered(e: Registered) {
    this.plan = e.plan;
    return [];
  }
}

/** A fresh 32-byte master key. */
export const masterKey = (): Buffer => randomBytes(32);

/** The personal values the workload below writes: none may appear in any table. */
export const PERSONAL_VALUES = [
  'Ada Lovelace',
  'ada@example.org',
  'Charles Babbage',
  'Grace Hopper',
  'grace@example.org',
];

/** The domain's classes, for `Edict.create`. */
export const memberDomain = { aggregates: [Member], processManagers: [Welcome] };

/** The domain with the directory and the failing handler, for the table scans. */
export const memberApp = () => ({ ...memberDomain, handlers: [new Directory(), FailingOnRegistered] });

/** A handler that fails on every registration: its error policy records them as dead letters. */
@EventHandler('members.failing', { startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
export class FailingOnRegistered {
  @On(Registered) onRegistered() {
    throw new Error('mail server down');
  }
}

/**
 * A workload that reaches every table: commands with ids (idempotency records), events with
 * personal data of three people, snapshots, a process manager's state, a handler's checkpoint
 * and dead letters; then one person forgotten and read again through every path.
 */
export async function personalWorkload(edict: Edict): Promise<void> {
  await edict.dispatch(Register.of('m-ada', 'Ada Lovelace', 'ada@example.org'), { commandId: 'c-1' });
  await edict.dispatch(Refer.of('m-ada', 'p-babbage', 'Charles Babbage'), { commandId: 'c-2' });
  await edict.dispatch(ChangePlan.of('m-ada', 'gold'), { commandId: 'c-3' });
  await edict.dispatch(Register.of('m-grace', 'Grace Hopper', 'grace@example.org'), { commandId: 'c-4' });
  await edict.dispatch(Register.of('m-ada', 'Ada Lovelace', 'ada@example.org'), { commandId: 'c-1' }); // a repeat
  await edict.caughtUp();
  await edict.forget('m-grace');
  await edict.rebuild('members.directory');
  await edict.dispatch(ChangePlan.of('m-grace', 'gold'), { commandId: 'c-5' });
}

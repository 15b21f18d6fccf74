import { Allow } from 'class-validator';
import {
  AGGREGATE_ID,
  COMMAND,
  readOwn,
  recordOnClass,
  type AggregateIdRecord,
  type CommandRecord,
} from './metadata-keys';

/**
 * Declares a command class with its stable type name. Its properties are validated with
 * class-validator before anything else happens; properties without a validator are rejected.
 *
 * @example
 * @Command('bank.DepositMoney')
 * class DepositMoney {
 *   @AggregateId() @IsUUID() accountId!: string;
 *   @IsInt() @IsPositive() amount!: number;
 * }
 */
export function Command(type: string): ClassDecorator {
  return (target) => recordOnClass<CommandRecord>(COMMAND, target, { type });
}

/**
 * Marks the property that holds the id of the aggregate a command targets. The value must be
 * a non-empty string; add class-validator decorators (e.g. `@IsUUID()`) to constrain it.
 */
export function AggregateId(): PropertyDecorator {
  const allow = Allow();
  return (target, property) => {
    const existing = readOwn<readonly AggregateIdRecord[]>(AGGREGATE_ID, target.constructor) ?? [];
    recordOnClass<readonly AggregateIdRecord[]>(AGGREGATE_ID, target.constructor, [
      ...existing,
      { property: String(property) },
    ]);
    // Lets class-validator's whitelist accept the property even without other validators.
    allow(target, property);
  };
}

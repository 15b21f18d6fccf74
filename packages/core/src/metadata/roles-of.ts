import {
  AGGREGATE,
  COMMAND,
  COMMAND_HANDLER,
  EVENT,
  EVENT_HANDLER,
  PROCESS_MANAGER,
  readOwn,
} from '../decorators/metadata-keys';

/** What a decorated class is to Edict, as its own class decorators recorded. */
export type EdictRole = 'aggregate' | 'command-handler' | 'event-handler' | 'process-manager' | 'command' | 'event';

const ROLES: readonly (readonly [symbol, EdictRole])[] = [
  [AGGREGATE, 'aggregate'],
  [COMMAND_HANDLER, 'command-handler'],
  [EVENT_HANDLER, 'event-handler'],
  [PROCESS_MANAGER, 'process-manager'],
  [COMMAND, 'command'],
  [EVENT, 'event'],
];

/**
 * The roles the class decorators of Edict gave this very class (not inherited): what a
 * container (NestJS, or any other) reads to sort the classes it holds into `Edict.create`'s
 * options. Empty for anything else, functions and instances included. Nothing is checked here:
 * `Edict.create` checks the classes it is given.
 *
 * @example
 * rolesOf(Account); // ['aggregate']
 * rolesOf(Balances); // ['event-handler'] (a TypeORM @Projection records @EventHandler too)
 */
export function rolesOf(target: unknown): readonly EdictRole[] {
  if (typeof target !== 'function') return [];
  return ROLES.filter(([key]) => readOwn(key, target) !== undefined).map(([, role]) => role);
}

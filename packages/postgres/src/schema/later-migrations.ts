import { COMMAND_FINGERPRINTS } from './migration-5-command-fingerprints';
import { DEAD_LETTER_RETRIES } from './migration-6-dead-letter-retries';
import type { Migration } from './migrations';

/** The migrations after the fourth, one file each, in order. */
export const LATER_MIGRATIONS: readonly Migration[] = [COMMAND_FINGERPRINTS, DEAD_LETTER_RETRIES];

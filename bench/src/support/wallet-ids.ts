/**
 * The dispatch scenarios' wallet ids are made from their index, so that pgbench, which cannot
 * make strings, can write the same ids into its statement: a fixed UUID prefix and 12 decimal
 * digits (decimal digits are hex digits; the result is a well-formed version 4 UUID).
 */
export const WALLET_ID_PREFIX = '00000000-0000-4000-8000-';

/** Added to the index so that every wallet's last group has exactly 12 digits. */
export const WALLET_ID_OFFSET = 100_000_000_000;

export const walletIdOf = (index: number): string => `${WALLET_ID_PREFIX}${WALLET_ID_OFFSET + index}`;

export const walletStreamId = (walletId: string): string => `wallet-${walletId}`;

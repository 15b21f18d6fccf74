import { BadRequestException } from '@nestjs/common';
import type { DispatchOptions } from '@edict/core';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The dispatch options of a write: strong consistency, so that the read models show the change
 * when the response goes out; and, with an `Idempotency-Key` header, that key as the command
 * id, so that a retried request is not executed twice (Edict returns the first result).
 */
export function writeOptions(idempotencyKey: string | undefined): DispatchOptions {
  if (idempotencyKey === undefined) return { consistency: 'strong' };
  if (!KEY.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters, once');
  }
  return { consistency: 'strong', commandId: idempotencyKey };
}

import { InvalidOptionsError } from '@edict/core';
import { checkOptionKeys } from '@edict/core/spi';
import type { EdictModuleOptions } from './edict-module-options';

const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const CORRELATION_OPTIONS = ['header', 'user'];

/**
 * Checks the module's own options (each mistake an `InvalidOptionsError`); the others are
 * checked by `Edict.create` at bootstrap. Returns the options for `Edict.create`.
 */
export function checkModuleOptions(where: string, options: unknown): EdictModuleOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError(where, '(options)', [], 'must be an object of Edict.create options');
  }
  const { correlation, httpStatuses } = options as EdictModuleOptions;
  if (correlation !== undefined && correlation !== false) {
    checkOptionKeys(`${where} correlation`, correlation, CORRELATION_OPTIONS);
    if (
      correlation.header !== undefined &&
      !(typeof correlation.header === 'string' && HEADER.test(correlation.header))
    ) {
      throw new InvalidOptionsError(
        `${where} correlation`,
        'header',
        CORRELATION_OPTIONS,
        'must be an HTTP header name',
      );
    }
    if (correlation.user !== undefined && typeof correlation.user !== 'function') {
      throw new InvalidOptionsError(
        `${where} correlation`,
        'user',
        CORRELATION_OPTIONS,
        'must be a function of the user',
      );
    }
  }
  if (httpStatuses !== undefined) {
    if (typeof httpStatuses !== 'object' || httpStatuses === null) {
      throw new InvalidOptionsError(where, 'httpStatuses', [], 'must map error codes to HTTP statuses');
    }
    for (const [code, status] of Object.entries(httpStatuses)) {
      if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
        throw new InvalidOptionsError(
          where,
          'httpStatuses',
          [],
          `must give an error status (400 to 599) for ${code}, got ${String(status)}`,
        );
      }
    }
  }
  return options as EdictModuleOptions;
}

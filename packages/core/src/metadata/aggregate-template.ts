import type { Class } from '../contracts/class';
import { defineValue } from '../util/define-value';
import { copyData, isService } from './process-template';

/**
 * How an aggregate's instances are made. Given as a class, each stream's instance is
 * constructed with no arguments. Given as an instance (so that a container such as NestJS can
 * inject services into its constructor), each stream's instance is a copy of it: its services
 * (objects of a class, functions) shared by reference as hidden properties, so that they are
 * never state (not snapshotted, not walked by the mutation check, not restored); its other
 * properties, the initial state, copied afresh.
 */
export function aggregateTemplate(entry: Class | object): () => object {
  if (typeof entry === 'function') {
    const ctor = entry as Class;
    return () => new ctor();
  }
  const template = entry as Record<string, unknown>;
  const keys = Object.keys(template);
  const services = new Set(keys.filter((key) => isService(template[key])));
  const proto = Object.getPrototypeOf(entry) as object;
  return () => {
    const made = Object.create(proto) as Record<string, unknown>;
    for (const key of keys) {
      if (services.has(key)) {
        Object.defineProperty(made, key, {
          value: template[key],
          enumerable: false,
          writable: false,
          configurable: true,
        });
      } else {
        defineValue(made, key, copyData(template[key]));
      }
    }
    return made;
  };
}

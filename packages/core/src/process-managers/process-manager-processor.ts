import { v5 as uuidv5 } from 'uuid';
import type { DispatchOptions, DispatchResult } from '../contracts/dispatch';
import { hasErrorCode, isDomainError, ProcessCorrelationError } from '../errors';
import type { HandlerMeta } from '../metadata/registry';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import { decodeJson, encodeJson } from '../serialization/json-codec';
import { defineValue } from '../util/define-value';
import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { JsonValue, RecordedEvent } from '../contracts/store-records';
import type { EventProcessor } from '../contracts/event-processor';
import type { EventContext } from '../contracts/event-context';
import type { ProcessContext } from './process-context';

/** Namespace of the command ids a process manager derives from (process, event, index). */
const PROCESS_COMMAND_NAMESPACE = '3b0f5d7e-8c2a-4f61-9d3e-5a7c1b9e2f40';

/** Dispatches a command; `cause` is the stored event it comes from (its trace continues). */
export type Dispatch = (command: object, options: DispatchOptions, cause?: object) => Promise<DispatchResult>;

type Method = (...args: unknown[]) => unknown;

const commandsOf = (returned: unknown): object[] =>
  returned === undefined || returned === null ? [] : Array.isArray(returned) ? (returned as object[]) : [returned];

/** A rejection is the command's own fault (a rule or its input), not the infrastructure's. */
const isRejection = (error: unknown) =>
  isDomainError(error) || hasErrorCode(error, 'COMMAND_VALIDATION') || hasErrorCode(error, 'INVALID_AGGREGATE_ID');

/**
 * Runs one process manager: finds the instance an event belongs to, restores it, lets it
 * decide, dispatches the commands it returns, and saves its state with the event's position.
 *
 * Every command id is derived from (process, event id, index), and an instance remembers the
 * last position it handled, so a redelivered event (after a crash) dispatches nothing twice.
 */
export function processManagerProcessor(
  meta: HandlerMeta,
  store: AggregateStateStore,
  dispatch: Dispatch,
): EventProcessor {
  const pm = meta.processManager!;
  return {
    async process(event: object, ctx: EventContext, recorded: RecordedEvent): Promise<void> {
      const route = pm.correlation.get(ctx.eventType)!;
      const instanceId = route.by(event);
      if (instanceId === undefined || instanceId === null) return; // the event belongs to no process
      const problem = checkIdentifier(instanceId, MAX_ID_LENGTH);
      if (problem !== undefined) throw new ProcessCorrelationError(meta.name, ctx.eventType, problem);
      const id = instanceId as string;

      const stored = await store.loadProcessState(meta.name, id);
      if (!stored && !route.start) return; // not started: the event is not for any instance
      if (stored && (stored.ended || stored.position >= recorded.position)) return;

      const instance = pm.create() as Record<string, Method>;
      if (stored) {
        for (const key of Object.keys(stored.state))
          defineValue(instance, key, decodeJson(stored.state[key] as JsonValue));
      }
      const correlationId = stored?.correlationId ?? ctx.correlationId;
      let ended = false;
      const pctx: ProcessContext = {
        ...ctx,
        processName: meta.name,
        instanceId: id,
        processCorrelationId: correlationId,
        end: () => {
          ended = true;
        },
      };

      const send = async (commands: object[], key: string): Promise<void> => {
        for (let i = 0; i < commands.length; i++) {
          const command = commands[i]!;
          try {
            const commandId = uuidv5(`${meta.name}:${recorded.eventId}:${key}${i}`, PROCESS_COMMAND_NAMESPACE);
            await dispatch(command, { commandId, causationId: recorded.eventId, correlationId }, recorded);
          } catch (error) {
            const compensate = pm.onRejected.get((command as { constructor: never }).constructor);
            if (!compensate || !isRejection(error)) throw error;
            const next = commandsOf(await instance[compensate]!.call(instance, command, error, pctx));
            await send(next, `${key}${i}r`);
          }
        }
      };

      const method = meta.on.get(ctx.eventType)!;
      await send(commandsOf(await instance[method]!.call(instance, event, pctx)), '');
      await store.saveProcessState({
        process: meta.name,
        instanceId: id,
        correlationId,
        state: encodeJson(pm.stateOf(instance), `state of process ${meta.name}`, Number.MAX_SAFE_INTEGER),
        position: recorded.position,
        ended,
      });
    },
  };
}

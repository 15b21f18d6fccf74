import { Injectable } from '@nestjs/common';
import type {
  Class,
  CommandPayload,
  DeadLetter,
  DispatchOptions,
  DispatchResult,
  Edict,
  EventStore,
  HandlerStatus,
  RebuildProgress,
} from '@edict/core';
import { requestContext } from '../correlation/request-context';
import { EdictNotStartedError } from '../errors';

/** The running application and its store, once started. */
interface Running {
  readonly edict: Edict;
  readonly store: EventStore;
}

/**
 * Edict in a Nest application: inject it to dispatch commands, load aggregates and wait for
 * handlers. It is the application that `EdictModule` starts at bootstrap and stops at
 * shutdown. A dispatch made while a request is answered carries the request's correlation id
 * and user (see `EdictCorrelationInterceptor`), unless its options give their own.
 *
 * @example
 * @Controller('accounts')
 * class AccountsController {
 *   constructor(private readonly edict: EdictService) {}
 *   @Post()
 *   open(@Body() command: OpenAccount) {
 *     return this.edict.dispatch(command, { consistency: 'strong' });
 *   }
 * }
 */
@Injectable()
export class EdictService {
  private running: Running | undefined;

  /** @internal Called by the module once Edict is created. */
  attach(edict: Edict, store: EventStore): void {
    this.running = { edict, store };
  }

  /** The Edict application itself, for what this service does not forward. */
  get edict(): Edict {
    return this.get('edict').edict;
  }

  /** The event store, as the module's options gave it. */
  get store(): EventStore {
    return this.get('store').store;
  }

  /** True once Edict has started (it may have stopped since: calls then get `EdictStoppedError`). */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** `Edict.dispatch`, with the request's correlation id and user in the options. */
  dispatch<C extends object>(
    command: Class<C>,
    payload: CommandPayload<C>,
    options?: DispatchOptions,
  ): Promise<DispatchResult>;
  dispatch(commandType: string, payload: object, options?: DispatchOptions): Promise<DispatchResult>;
  dispatch(command: object, options?: DispatchOptions): Promise<DispatchResult>;
  dispatch(target: object | string, second?: object, third?: DispatchOptions): Promise<DispatchResult> {
    const edict = this.get('dispatch').edict as {
      dispatch(target: object | string, second?: object, third?: DispatchOptions): Promise<DispatchResult>;
    };
    if (typeof target === 'function' || typeof target === 'string') {
      return edict.dispatch(target, second, withRequest(third));
    }
    return edict.dispatch(target, withRequest(second));
  }

  /** `Edict.load`: an aggregate's current state. */
  load<T extends object>(aggregate: Class<T>, id: string): Promise<T> {
    return this.get('load').edict.load(aggregate, id);
  }

  /** `Edict.status`: every handler's state, position and lag. */
  status(): Promise<HandlerStatus[]> {
    return this.get('status').edict.status();
  }

  /** `Edict.caughtUp`: resolves when the named handlers (all by default) are live. */
  caughtUp(names?: string | readonly string[]): Promise<void> {
    return this.get('caughtUp').edict.caughtUp(names);
  }

  /** `Edict.rebuild`: replays a handler (a projection) from the start of the log. */
  rebuild(handlerName: string, onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    return this.get('rebuild').edict.rebuild(handlerName, onProgress);
  }

  /** `Edict.deadLetters`: the events a handler skipped. */
  deadLetters(handlerName: string): Promise<DeadLetter[]> {
    return this.get('deadLetters').edict.deadLetters(handlerName);
  }

  /** `Edict.forget`: destroys a subject's key; their personal data reads as `REDACTED` from then on. */
  forget(subjectId: string): Promise<boolean> {
    return this.get('forget').edict.forget(subjectId);
  }

  private get(operation: string): Running {
    if (!this.running) throw new EdictNotStartedError(operation);
    return this.running;
  }
}

/** The options with the request's correlation id and metadata, the options' own winning. */
function withRequest(options: DispatchOptions | undefined): DispatchOptions | undefined {
  const context = requestContext.current();
  // Options that are not an object are left to Edict, which refuses them by name.
  if (!context || (options !== undefined && (typeof options !== 'object' || options === null))) return options;
  return {
    ...options,
    correlationId: options?.correlationId ?? context.correlationId,
    metadata: { ...context.metadata, ...options?.metadata },
  };
}

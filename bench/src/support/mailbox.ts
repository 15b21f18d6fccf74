/** A message between the suite and one of its child processes. */
export interface Message {
  readonly kind: string;
}

/** A child's failure, reported to the parent before it exits. */
export interface ErrorMessage extends Message {
  readonly kind: 'error';
  readonly message: string;
}

/**
 * Messages received and not yet taken, and the one taker waiting. An `error` message rejects
 * whoever waits; so does `close` (the other side went away).
 */
export class Mailbox {
  private readonly inbox: Message[] = [];
  private waiter: { kind: string; resolve: (m: Message) => void; reject: (e: Error) => void } | undefined;
  private closed: Error | undefined;

  receive(message: Message): void {
    const waiter = this.waiter;
    if (waiter && (message.kind === waiter.kind || message.kind === 'error')) {
      this.waiter = undefined;
      settle(message, waiter.resolve, waiter.reject);
    } else {
      this.inbox.push(message);
    }
  }

  close(reason: Error): void {
    this.closed = reason;
    this.waiter?.reject(reason);
    this.waiter = undefined;
  }

  /** The next message of `kind`. */
  next<M extends Message>(kind: M['kind']): Promise<M> {
    return new Promise<Message>((resolve, reject) => {
      const index = this.inbox.findIndex((m) => m.kind === kind || m.kind === 'error');
      if (index >= 0) settle(this.inbox.splice(index, 1)[0]!, resolve, reject);
      else if (this.closed) reject(this.closed);
      else this.waiter = { kind, resolve, reject };
    }) as Promise<M>;
  }
}

function settle(message: Message, resolve: (m: Message) => void, reject: (e: Error) => void): void {
  if (message.kind === 'error') reject(new Error((message as ErrorMessage).message));
  else resolve(message);
}

import { Mailbox, type ErrorMessage, type Message } from '../support/mailbox';

/** A child's line to the suite that forked it. */
export interface ParentLink {
  /** Resolves once the message is handed to the IPC channel. */
  send<M extends Message>(message: M): Promise<void>;
  next<M extends Message>(kind: M['kind']): Promise<M>;
  /** Resolves when the parent says it is done with this child (it disconnects). */
  readonly released: Promise<void>;
}

/**
 * Runs a child's `main`: a failure goes to the parent as an `error` message and a non-zero
 * exit code; success ends the process once `main` has closed what it opened.
 */
export function runChild(main: (parent: ParentLink) => Promise<void>): void {
  const mailbox = new Mailbox();
  const released = new Promise<void>((resolve) =>
    process.once('disconnect', () => {
      mailbox.close(new Error('the parent went away'));
      resolve();
    }),
  );
  process.on('message', (message: Message) => mailbox.receive(message));
  const link: ParentLink = {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        if (!process.send) return reject(new Error('not started by the bench suite (no IPC channel)'));
        process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
      }),
    next: (kind) => mailbox.next(kind),
    released,
  };
  main(link).then(
    () => {
      if (process.connected) process.disconnect();
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.exitCode = 1;
      void link
        .send({ kind: 'error', message } satisfies ErrorMessage)
        .catch(() => console.error(message))
        .finally(() => process.connected && process.disconnect());
    },
  );
}

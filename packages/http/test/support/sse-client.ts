/** One message of an event stream, as a browser's EventSource parses it. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  /** The last event id after this message (what `Last-Event-ID` would send). */
  readonly lastEventId: string;
}

/**
 * A small EventSource for tests, on fetch: parses the text/event-stream format as the HTML
 * standard says (fields, comments, ids set by messages without data), one connection, no retry.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  lastEventId = '';
  retry: number | undefined;
  status = 0;
  contentType = '';
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  private ended = false;
  done: Promise<void> = Promise.resolve();

  static async connect(url: string, lastEventId?: string): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, {
      signal: client.controller.signal,
      headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
    });
    client.status = response.status;
    client.contentType = response.headers.get('content-type') ?? '';
    if (response.ok && response.body) client.done = client.read(response.body);
    else client.ended = true;
    return client;
  }

  /** Waits until `check` holds for the messages received (or the stream ended). */
  async until(check: (messages: readonly SseMessage[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.messages)) {
      if (this.ended) throw new Error(`the stream ended; got ${JSON.stringify(this.messages.slice(-3))}`);
      if (Date.now() > deadline)
        throw new Error(`not there after ${timeoutMs} ms: ${JSON.stringify(this.messages.slice(-3))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  close(): void {
    this.controller.abort();
  }

  /** The data of unnamed messages (events), parsed. */
  events<T = { position: number; type: string; data: Record<string, unknown> }>(): T[] {
    return this.messages.filter((m) => m.event === 'message').map((m) => JSON.parse(m.data) as T);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    let event = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length > 0)
              this.messages.push({ event: event || 'message', data: data.join('\n'), lastEventId: this.lastEventId });
            data = [];
            event = '';
            this.wake();
            continue;
          }
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') data.push(value);
          else if (field === 'event') event = value;
          else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
          else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
        }
      }
    } catch {
      // aborted
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

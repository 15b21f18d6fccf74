import { get, type ClientRequest } from 'node:http';
import { wallClock } from './clock';

/**
 * A lean SSE client for many connections at once: notes the id (the position) of each message
 * and when it arrived, and when the `live` event came. No retry: a run fails if a stream ends.
 */
export class SseReader {
  /** Position → wall-clock ms when its message was parsed. */
  readonly received = new Map<number, number>();
  live = false;
  private request: ClientRequest | undefined;
  private ended: Error | undefined;

  constructor(private readonly url: string) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = get(this.url, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`SSE answered ${response.statusCode}`));
        response.setEncoding('utf8');
        let buffer = '';
        let id = '';
        let event = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, end);
            buffer = buffer.slice(end + 1);
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ') && event === '') this.received.set(Number(id), wallClock());
            else if (line === '') {
              if (event === 'live') this.live = true;
              event = '';
            }
          }
        });
        response.on('end', () => (this.ended = new Error('an SSE stream ended')));
        resolve();
      });
      this.request.on('error', (error) => {
        this.ended = error;
        reject(error);
      });
    });
  }

  /** Throws if the stream broke. */
  check(): void {
    if (this.ended) throw this.ended;
  }

  close(): void {
    this.request?.destroy();
  }
}

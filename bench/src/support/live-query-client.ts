import WebSocket from 'ws';
import { wallClock } from './clock';

interface Result {
  readonly id: string;
  readonly position: number;
  readonly at: number;
}

/**
 * One WebSocket connection to a live-query server with many subscriptions: keeps, per
 * subscription id, the results as they arrive (position, wall-clock ms).
 */
export class LiveQueryClient {
  readonly results = new Map<string, Result[]>();
  private readonly socket: WebSocket;
  private failure: Error | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as {
        type: string;
        id: string;
        position: number;
        code?: string;
      };
      if (message.type === 'error') this.failure = new Error(`live query ${message.id} failed: ${message.code}`);
      if (message.type !== 'result') return;
      const list = this.results.get(message.id) ?? [];
      list.push({ id: message.id, position: message.position, at: wallClock() });
      this.results.set(message.id, list);
    });
    socket.on('close', () => (this.failure ??= new Error('a live-query connection closed')));
  }

  static async connect(url: string): Promise<LiveQueryClient> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new LiveQueryClient(socket);
  }

  subscribe(id: string, query: string, params: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ type: 'subscribe', id, query, params }));
  }

  /** Throws if the server reported an error or the connection closed. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.terminate();
  }
}

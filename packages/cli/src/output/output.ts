import Table from 'cli-table3';

/** Where a command writes, and how: JSON for scripts, tables and colour (on a terminal) for people. */
export interface Streams {
  readonly stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;
export type Colour = keyof typeof ANSI;

/** The output of one command run. */
export class Output {
  /** Colours only on a terminal, and never under NO_COLOR. */
  readonly colours: boolean;

  constructor(
    private readonly streams: Streams,
    readonly json: boolean,
  ) {
    const tty = (streams.stdout as NodeJS.WriteStream).isTTY === true;
    this.colours = tty && !json && streams.env.NO_COLOR === undefined;
  }

  /** Whether stdout is a terminal (progress bars, live redraws). */
  get tty(): boolean {
    return (this.streams.stdout as NodeJS.WriteStream).isTTY === true;
  }

  get stdout(): Streams['stdout'] {
    return this.streams.stdout;
  }

  line(text = ''): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** One JSON value on one line (NDJSON when called once per item). */
  value(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  warn(text: string): void {
    this.streams.stderr.write(`${this.paint('yellow', text)}\n`);
  }

  error(text: string): void {
    this.streams.stderr.write(`${this.paint('red', text)}\n`);
  }

  paint(colour: Colour, text: string): string {
    return this.colours ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text;
  }

  /** A table with a header row; cells are strings already. */
  table(head: readonly string[], rows: readonly (readonly string[])[]): string {
    const table = new Table({
      head: head.map((h) => this.paint('bold', h)),
      style: { head: [], border: [], compact: true },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    table.push(...rows.map((r) => [...r]));
    return table.toString();
  }
}

/** A short, one-line rendering of a JSON value, cut at `max` characters. */
export function brief(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A text cut at `max` characters. */
export const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

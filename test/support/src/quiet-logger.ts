/** What `quietLogger` returns: a logger, and the lines it was told. */
export interface QuietLogger {
  readonly lines: string[];
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that keeps what it is told, so tests stay quiet and can look. */
export function quietLogger(): QuietLogger {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

import { SingleBar } from 'cli-progress';
import type { Output } from './output';

/**
 * A progress bar of done/total with the rate and the time left, drawn only on a terminal
 * (a script gets the summary line the command prints at the end).
 */
export class ProgressBar {
  private readonly bar: SingleBar | undefined;
  private started = false;
  private readonly since = Date.now();

  constructor(out: Output) {
    if (!out.tty || out.json) return;
    this.bar = new SingleBar({
      format: '{bar} {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      stream: out.stdout,
      fps: 10,
      etaBuffer: 50,
    });
  }

  update(done: number, total: number): void {
    if (!this.bar) return;
    const rate = Math.round(done / Math.max(0.001, (Date.now() - this.since) / 1000));
    if (!this.started) {
      this.started = true;
      this.bar.start(total, done, { rate });
    } else {
      this.bar.setTotal(total);
      this.bar.update(done, { rate });
    }
  }

  stop(): void {
    if (this.started) this.bar?.stop();
  }
}

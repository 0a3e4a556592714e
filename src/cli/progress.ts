import { SingleBar } from 'cli-progress';

/** Counts shown beside the bar. */
export interface ProgressCounts {
  /** Records accepted so far (for an import: new plus already stored). */
  readonly records: number;
  /** Lines rejected so far. */
  readonly rejected: number;
}

export interface ProgressOptions {
  /** Value of `done` at the end (bytes for an import); 0 = unknown: counts and rate, no bar, percentage or ETA. */
  readonly total: number;
  /** Shown first on the line, e.g. "importing". */
  readonly label: string;
  /** Where to draw. Default: process.stderr, so stdout stays clean for data. */
  readonly stream?: NodeJS.WriteStream;
  /** Draw at all? Default: only when `stream` is a terminal; a pipe or a log file gets nothing. */
  readonly enabled?: boolean;
}

export interface Progress {
  /** Reports how far the work is (`done` of `total`) and the counts so far. Cheap: redraws are throttled. */
  update(done: number, counts: ProgressCounts): void;
  /** Draws the final state and ends the line; later calls do nothing. */
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A one-line progress display for long commands (import, demo): a bar with percentage,
 * records per second, ETA and the accepted/rejected counts. Prints nothing at all unless
 * enabled (by default: on a terminal).
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (!(options.enabled ?? stream.isTTY === true)) return silent;
  const known = options.total > 0;
  const format = known
    ? '{label} [{bar}] {percentage}% | {rate} records/s | ETA {eta_formatted} | {records} accepted, {rejected} rejected'
    : '{label} {records} accepted, {rejected} rejected | {rate} records/s | {duration_formatted}';
  const bar = new SingleBar({
    format,
    stream,
    fps: 10,
    barsize: 30,
    hideCursor: false,
    linewrap: false,
    etaBuffer: 50,
    // Forced on (enabled: true) without a terminal: print plain lines rather than nothing.
    noTTYOutput: stream.isTTY !== true,
  });
  const started = performance.now();
  const payload = (counts: ProgressCounts) => {
    const seconds = (performance.now() - started) / 1000;
    const lines = counts.records + counts.rejected;
    return {
      label: options.label,
      records: whole.format(counts.records),
      rejected: whole.format(counts.rejected),
      rate: seconds > 0 ? whole.format(lines / seconds) : '0',
    };
  };
  bar.start(known ? options.total : 0, 0, payload({ records: 0, rejected: 0 }));
  let stopped = false;
  return {
    update(done, counts) {
      if (stopped) return;
      bar.update(known ? Math.min(done, options.total) : done, payload(counts));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

import { closeSync, openSync, writeSync } from 'node:fs';
import { generateCity } from '../demo/city-generator.js';
import { BUSINESSES, NOW, PERSONS, SEED, YEARS } from './bench-config.js';

const FLUSH_CHARS = 1 << 20;

/** First instant of generated history: YEARS calendar years before NOW, as seedCity computes it. */
export function historyStart(): number {
  const start = new Date(NOW);
  start.setUTCFullYear(start.getUTCFullYear() - YEARS);
  return start.getTime();
}

/**
 * Writes the first `records` record events of the city (consent events are skipped) as
 * NDJSON. Deterministic: the same count gives the same bytes.
 */
export function writeCityFile(path: string, records: number): { records: number; bytes: number } {
  const fd = openSync(path, 'w');
  let written = 0;
  let bytes = 0;
  let buf = '';
  const flush = (): void => {
    bytes += writeSync(fd, buf);
    buf = '';
  };
  try {
    for (const ev of generateCity({
      persons: PERSONS,
      businesses: BUSINESSES,
      seed: SEED,
      start: historyStart(),
      end: NOW,
    })) {
      if (ev.type !== 'record') continue;
      buf += JSON.stringify(ev.record) + '\n';
      if (buf.length >= FLUSH_CHARS) flush();
      if (++written === records) break;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { records: written, bytes };
}

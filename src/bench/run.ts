/**
 * `npm run bench`: import, re-evaluation and memory of Standing against raw SQLite
 * baselines measured in the same run (docs/bench.md). The parent writes the data set once
 * and runs each phase in a child process of its own; `--phase` runs one phase in this
 * process (how the parent starts children, and how to profile one by hand).
 *
 *   node --expose-gc dist/bench/run.js [--records N] [--dir DIR] [--keep]
 *   node --expose-gc --cpu-prof dist/bench/run.js --phase standing-import --dir DIR
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchPaths, RECORDS, type BenchPaths } from './bench-config.js';
import { buildReport, renderReport } from './bench-report.js';
import { baselineGroupBy } from './baseline-group-by.phase.js';
import { baselineInsert } from './baseline-insert.phase.js';
import { writeCityFile } from './city-file.js';
import { isPhaseName, PHASES, report, runPhase, type PhaseName, type PhaseResult } from './phase.js';
import { standingImport } from './standing-import.phase.js';
import { standingReevaluate } from './standing-reevaluate.phase.js';

const RESULT_FILE = join(tmpdir(), 'standing-bench-result.json');

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** Runs one phase here; the phase that builds a database starts from none. */
async function runOnePhase(phase: PhaseName, paths: BenchPaths, records: number): Promise<void> {
  switch (phase) {
    case 'baseline-insert':
      removeDb(paths.insertDb);
      return report(await baselineInsert(paths, records));
    case 'standing-import':
      removeDb(paths.standingDb);
      return report(await standingImport(paths, records));
    case 'standing-reevaluate':
      return report(await standingReevaluate(paths, records));
    case 'baseline-group-by':
      removeDb(paths.groupByDb);
      return report(await baselineGroupBy(paths, records));
  }
}

const log = (s: string): boolean => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string' },
      dir: { type: 'string' },
      records: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const records = values.records === undefined ? RECORDS : Number(values.records);
  if (!Number.isSafeInteger(records) || records < 1)
    throw new Error(`--records must be a positive whole number, got ${values.records}`);
  if (values.phase !== undefined) {
    if (!isPhaseName(values.phase)) throw new Error(`--phase must be one of ${PHASES.join(', ')}, got ${values.phase}`);
    if (values.dir === undefined) throw new Error('--phase needs --dir, the directory holding city.ndjson');
    return runOnePhase(values.phase, benchPaths(values.dir), records);
  }

  let dir: string;
  if (values.dir === undefined) dir = mkdtempSync(join(tmpdir(), 'standing-bench-'));
  else mkdirSync((dir = values.dir), { recursive: true });
  const paths = benchPaths(dir);
  const keep = values.keep || values.dir !== undefined;
  const loadAtStart = loadavg()[0]!;
  try {
    if (existsSync(paths.ndjson) && values.dir !== undefined) {
      log(`using ${paths.ndjson} as it is (delete it to regenerate)`);
    } else {
      const t0 = performance.now();
      const written = writeCityFile(paths.ndjson, records);
      if (written.records !== records)
        throw new Error(`the city has only ${written.records} records; asked for ${records}`);
      log(
        `wrote ${written.records} records (${(written.bytes / 2 ** 20).toFixed(0)} MiB) to ${paths.ndjson} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const script = fileURLToPath(import.meta.url);
    const results: Partial<Record<PhaseName, PhaseResult>> = {};
    for (const phase of PHASES) {
      log(`phase ${phase} …`);
      const r = await runPhase(script, phase, ['--dir', dir, '--records', String(records)]);
      results[phase] = r;
      log(`phase ${phase}: ${r.seconds.toFixed(2)} s, peak RSS ${Math.round(r.maxRssKiB / 1024)} MiB`);
      // Only the re-evaluation reads another phase's database; the rest can go now to spare the disk.
      if (phase === 'baseline-insert' && !keep) removeDb(paths.insertDb);
    }
    const full = buildReport(records, results as Record<PhaseName, PhaseResult>, loadAtStart);
    writeFileSync(RESULT_FILE, `${JSON.stringify(full, null, 2)}\n`);
    process.stdout.write(renderReport(full));
    process.stdout.write(`\nJSON: ${RESULT_FILE} (also the last line below)\n${JSON.stringify(full)}\n`);
  } finally {
    if (keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

/**
 * The CLI import of this build against another build of Standing, paired (docs/bench.md, "This
 * wave against its start, paired"): each pair runs the import phase (`dist/bench/run.js --phase
 * standing-import`: the city's first RECORDS record events through `importRecords` into a new
 * SQLite store, storing and the closing sweep) once with each build, in a process of its own,
 * base first in odd pairs and this build first in even ones. Per run: seconds in all, storing, and
 * the closing sweep; at the end, the ratio base ÷ this per pair (above 1: this build is faster).
 *
 *   node dist/bench/paired-import.js --base DIR [--pairs 3] [--records 200000]
 *
 * DIR is a built checkout of Standing whose run.js has the `standing-import` phase.
 */
import { spawn } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchPaths } from './bench-config.js';
import { writeCityFile } from './city-file.js';

const log = (s: string): boolean => process.stderr.write(`${s}\n`);

interface Run {
  readonly pair: number;
  readonly build: 'base' | 'this';
  readonly seconds: number;
  readonly storeSeconds: number;
  readonly sweepSeconds: number;
  readonly load: number;
}

/** One import phase by the build at `root` into a new store in `dir` (which holds the city file); its figures from the phase's JSON line. */
function importOnce(root: string, dir: string, records: number): Promise<Omit<Run, 'pair' | 'build'>> {
  for (const end of ['', '-wal', '-shm']) rmSync(`${benchPaths(dir).standingDb}${end}`, { force: true });
  const load = loadavg()[0]!;
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        join(root, 'dist/bench/run.js'),
        '--phase',
        'standing-import',
        '--dir',
        dir,
        '--records',
        String(records),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        const j = JSON.parse(last) as { seconds: number; detail: { storeSeconds: number; sweepSeconds: number } };
        done({ seconds: j.seconds, storeSeconds: j.detail.storeSeconds, sweepSeconds: j.detail.sweepSeconds, load });
      } catch {
        fail(new Error(`${root}: the import phase exited ${code} without its figures: ${last.slice(0, 200)}`));
      }
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      pairs: { type: 'string', default: '3' },
      records: { type: 'string', default: '200000' },
    },
  });
  if (values.base === undefined) throw new Error('usage: paired-import --base DIR [--pairs 3] [--records 200000]');
  const roots = { base: resolve(values.base), this: resolve(fileURLToPath(new URL('../..', import.meta.url))) };
  const pairs = Number(values.pairs);
  const records = Number(values.records);
  const work = mkdtempSync(join(tmpdir(), 'paired-import-'));
  const runs: Run[] = [];
  try {
    // One city file, written by this build, read by both.
    const city = join(work, 'city.ndjson');
    const written = writeCityFile(city, records);
    if (written.records !== records)
      throw new Error(`the city has only ${written.records} records; asked for ${records}`);
    for (const build of ['base', 'this'] as const) {
      mkdirSync(join(work, build));
      linkSync(city, benchPaths(join(work, build)).ndjson);
    }
    for (let pair = 1; pair <= pairs; pair++) {
      const order: Run['build'][] = pair % 2 === 1 ? ['base', 'this'] : ['this', 'base'];
      for (const build of order) {
        const r = { pair, build, ...(await importOnce(roots[build], join(work, build), records)) };
        runs.push(r);
        log(
          `pair ${pair} ${build.padEnd(4)} ${r.seconds.toFixed(2)} s (storing ${r.storeSeconds.toFixed(2)} + sweep ${r.sweepSeconds.toFixed(2)})  (load ${r.load.toFixed(2)})`,
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const ratios = Array.from({ length: pairs }, (_, i) => {
    const of = (b: Run['build']) => runs.find((r) => r.pair === i + 1 && r.build === b)!.seconds;
    return of('base') / of('this');
  });
  log(
    `\nthis build against base, speed per pair (base ÷ this seconds): ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')} (median ${median(ratios).toFixed(2)}x)`,
  );
  process.stdout.write(`${JSON.stringify({ pairedImport: { records, runs, ratios, medianSpeed: median(ratios) } })}\n`);
}

await main();

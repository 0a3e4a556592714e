import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { renderTable } from '../cli/table.js';
import type { PhaseName, PhaseResult } from './phase.js';

/** Targets of the bench (docs/bench.md). */
export const TARGETS = {
  /** Standing's import rate over the raw-insert rate. */
  importRatio: 0.5,
  /** Full re-evaluation time over the GROUP BY time. */
  reevaluateRatio: 10,
  /** A simulation of one scheme's new version against the full re-evaluation of all schemes (SPEC §12). */
  simulateRatio: 2,
  /** Peak RSS of a Standing phase, KiB. */
  maxRssKiB: 1024 * 1024,
} as const;

export interface Row {
  readonly name: string;
  readonly unit: 'records/s' | 's' | 'MiB';
  readonly standing: number;
  readonly baseline: number | null;
  readonly ratio: number | null;
  readonly target: string;
  readonly met: boolean;
  readonly rssMiB: number | null;
  readonly baselineRssMiB: number | null;
}

export interface BenchReport {
  readonly machine: {
    readonly nproc: number;
    readonly cpu: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly platform: string;
    /** 1-minute load average when the run started and when it ended: others' work on a shared machine. */
    readonly load: readonly [number, number];
  };
  readonly records: number;
  readonly rows: readonly Row[];
  readonly phases: Readonly<Record<PhaseName, PhaseResult>>;
}

const mib = (kib: number): number => kib / 1024;

export function buildReport(
  records: number,
  phases: Readonly<Record<PhaseName, PhaseResult>>,
  loadAtStart: number,
): BenchReport {
  const imp = phases['standing-import'];
  const ins = phases['baseline-insert'];
  const re = phases['standing-reevaluate'];
  const gb = phases['baseline-group-by'];
  const importRate = imp.records / imp.seconds;
  const insertRate = ins.records / ins.seconds;
  const citizen = re.schemes?.find((s) => s.scheme === 'city-citizen');
  const rows: Row[] = [
    {
      name: '1 import + derive',
      unit: 'records/s',
      standing: importRate,
      baseline: insertRate,
      ratio: importRate / insertRate,
      target: `>= ${TARGETS.importRatio * 100}%`,
      met: importRate / insertRate >= TARGETS.importRatio,
      rssMiB: mib(imp.maxRssKiB),
      baselineRssMiB: mib(ins.maxRssKiB),
    },
    {
      name: '2 re-evaluate all schemes',
      unit: 's',
      standing: re.seconds,
      baseline: gb.seconds,
      ratio: re.seconds / gb.seconds,
      target: `<= ${TARGETS.reevaluateRatio}x`,
      met: re.seconds / gb.seconds <= TARGETS.reevaluateRatio,
      rssMiB: mib(re.maxRssKiB),
      baselineRssMiB: mib(gb.maxRssKiB),
    },
  ];
  if (citizen) {
    rows.push({
      name: '2 re-evaluate city-citizen',
      unit: 's',
      standing: citizen.seconds,
      baseline: gb.seconds,
      ratio: citizen.seconds / gb.seconds,
      target: `<= ${TARGETS.reevaluateRatio}x`,
      met: citizen.seconds / gb.seconds <= TARGETS.reevaluateRatio,
      rssMiB: null,
      baselineRssMiB: null,
    });
  }
  const simulation = re.schemes?.find((s) => s.scheme === 'simulate city-citizen');
  if (simulation) {
    rows.push({
      name: '2 simulate city-citizen',
      unit: 's',
      standing: simulation.seconds,
      baseline: re.seconds,
      ratio: simulation.seconds / re.seconds,
      target: `<= ${TARGETS.simulateRatio}x re-eval.`,
      met: simulation.seconds / re.seconds <= TARGETS.simulateRatio,
      rssMiB: null,
      baselineRssMiB: null,
    });
  }
  for (const [name, p] of [
    ['3 peak RSS, import', imp],
    ['3 peak RSS, re-evaluate', re],
  ] as const) {
    rows.push({
      name,
      unit: 'MiB',
      standing: mib(p.maxRssKiB),
      baseline: null,
      ratio: null,
      target: '< 1024 MiB',
      met: p.maxRssKiB < TARGETS.maxRssKiB,
      rssMiB: null,
      baselineRssMiB: null,
    });
  }
  return {
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      load: [loadAtStart, loadavg()[0]!],
    },
    records,
    rows,
    phases,
  };
}

function figure(x: number, unit: Row['unit']): string {
  switch (unit) {
    case 'records/s':
      return `${Math.round(x).toLocaleString('en-US')} rec/s`;
    case 's':
      return `${x.toFixed(x < 10 ? 3 : 1)} s`;
    case 'MiB':
      return `${Math.round(x)} MiB`;
  }
}

function ratioText(r: Row): string {
  if (r.ratio === null) return '';
  return r.unit === 'records/s' ? `${(r.ratio * 100).toFixed(1)}%` : `${r.ratio.toFixed(1)}x`;
}

const rss = (x: number | null): string => (x === null ? '' : `${Math.round(x)} MiB`);

/** The human-readable report: the table, then the breakdowns that say where time went. */
export function renderReport(report: BenchReport): string {
  const { machine: m, phases } = report;
  const table = renderTable(
    ['phase', 'Standing', 'baseline', 'ratio', 'target', 'met', 'RSS Standing', 'RSS baseline'],
    report.rows.map((r) => [
      r.name,
      figure(r.standing, r.unit),
      r.baseline === null ? '' : figure(r.baseline, r.unit),
      ratioText(r),
      r.target,
      r.met ? 'yes' : 'NO',
      rss(r.rssMiB),
      rss(r.baselineRssMiB),
    ]),
    { align: ['left', 'right', 'right', 'right', 'left', 'left', 'right', 'right'] },
  );
  const imp = phases['standing-import'];
  const gb = phases['baseline-group-by'];
  const lines = [
    `Standing bench: ${report.records.toLocaleString('en-US')} records; ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node} ${m.platform}`,
    `load average (1 min) ${m.load[0].toFixed(1)} at start, ${m.load[1].toFixed(1)} at end`,
    '',
    table.trimEnd(),
    '',
    `import: ${imp.seconds.toFixed(1)} s = storing ${Number(imp.detail.storeSeconds).toFixed(1)} s + closing sweep ${Number(imp.detail.sweepSeconds).toFixed(1)} s; judged subjects ${JSON.stringify(imp.detail.judgedSubjects)}`,
    `raw insert: ${phases['baseline-insert'].seconds.toFixed(2)} s; the same rows into a table with the records table's two indexes: ${indexedLine(phases['baseline-insert'])}`,
    `re-evaluate: ${(phases['standing-reevaluate'].schemes ?? []).map((s) => `${s.scheme} ${s.seconds.toFixed(1)} s (${s.subjects} subjects)`).join(', ')}`,
    `GROUP BY: runs ${(gb.detail.runs as number[]).map((s) => s.toFixed(3)).join(', ')} s (median counts), ${String(gb.detail.subjects)} subjects; plan: ${String(gb.detail.plan)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The indexed insert beside the raw one: how much of the import target the records table's own indexes leave. */
function indexedLine(p: PhaseResult): string {
  const indexed = (p.detail as { indexedSeconds?: number } | undefined)?.indexedSeconds;
  if (indexed === undefined) return 'not measured';
  return `${indexed.toFixed(2)} s, ${Math.round(p.records / indexed).toLocaleString('en-US')} rec/s (${((100 * p.seconds) / indexed).toFixed(0)}% of the raw rate)`;
}

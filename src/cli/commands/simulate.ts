import { fail } from '../../core/errors.js';
import { readInputFile } from '../files.js';
import { formatProportionalityReport } from '../../core/proportionality.js';
import { actingAs } from '../../engine/tenancy/accounts.js';
import { authorize } from '../../core/policy.js';
import { principalName } from '../../core/principal.js';
import {
  backtestInstants,
  backtestScheme,
  simulateScheme,
  type Backtest,
  type Simulation,
  type SubjectSet,
} from '../../engine/evaluation/simulate.js';
import { timeLimit } from '../../engine/evaluation/simulation-jobs.js';
import { optionalInstant } from '../args.js';
import { withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

interface SimulateOpts {
  db?: string;
  as?: string;
  authority?: string;
  at?: string;
  against?: string;
  from?: string;
  to?: string;
  step: string;
  json?: boolean;
}

/**
 * `standing scheme simulate FILE`: what publishing the draft would do, from one read of the
 * stored records; nothing is written, not even the sweep every other command takes first.
 */
export async function simulate(ctx: CliContext, file: string, opts: SimulateOpts): Promise<number> {
  const text = readInputFile(file);
  const at = optionalInstant(opts.at, 'at');
  const from = optionalInstant(opts.from, 'from');
  const to = optionalInstant(opts.to, 'to');
  if ((from === undefined) !== (to === undefined))
    fail('ARGUMENT_INVALID', 'a backtest needs both --from and --to', { field: from === undefined ? 'from' : 'to' });
  if (from !== undefined && at !== undefined)
    fail('ARGUMENT_INVALID', '--at is for one simulation; a backtest takes --from, --to and --step', { field: 'at' });
  // STANDING_SIMULATION_TIMEOUT_MS holds here too: a long simulation must not keep its snapshot open for ever.
  const limit = timeLimit(ctx.config.simulationTimeoutMs);
  const result = await withStore(ctx, opts.db, async (deps) => {
    const me = authorize(await actingAs(deps, opts.as), 'simulation.run');
    const options = {
      defaultAuthority: me.type === 'staff' ? me.authority : (opts.authority ?? 'default'),
      ...(opts.against !== undefined ? { against: opts.against } : {}),
      ...(me.type === 'staff' ? { actor: principalName(me)!, onlyAuthority: me.authority } : {}),
      signal: limit.signal,
    };
    if (from !== undefined && to !== undefined)
      return backtestScheme(deps, text, backtestInstants(from, to, opts.step), options);
    return simulateScheme(deps, text, { ...options, ...(at !== undefined ? { at } : {}) });
  }).finally(limit.clear);
  if (opts.json) ctx.output.out(`${JSON.stringify(result, null, 2)}\n`);
  else ctx.output.out('steps' in result ? formatBacktest(result) : formatSimulation(result));
  return 0;
}

const named = (s: SubjectSet, max = 5): string =>
  `${s.subjects.slice(0, max).join(', ')}${s.count > Math.min(max, s.subjects.length) ? `, … (${s.count} in all)` : ''}`;

const versionText = (s: { against: Simulation['against']; scheme: string; draftVersion: number }): string =>
  s.against === null
    ? `draft ${s.scheme}@${s.draftVersion} (no version before it)`
    : `draft ${s.scheme}@${s.draftVersion} against ${s.against.scheme}@${s.against.version}`;

export function formatSimulation(s: Simulation): string {
  const out: string[] = [];
  out.push(
    `${versionText(s)} of ${s.authority} at ${s.at}: nothing was written\n`,
    `subjects read ${s.subjects.read}; judged before ${s.subjects.judgedBefore}, after ${s.subjects.judgedAfter}\n\n`,
  );
  const grades = [...new Set([...Object.keys(s.grades.before), ...Object.keys(s.grades.after)])].sort();
  out.push(
    'Grades\n',
    renderTable(
      ['grade', 'before', 'after'],
      grades.map((g) => [g, String(s.grades.before[g] ?? 0), String(s.grades.after[g] ?? 0)]),
    ),
  );
  const count = (from: string, to: string): number =>
    s.grades.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
  out.push(
    '\nTransitions (rows: before, columns: after; "-" is not judged)\n',
    renderTable(
      ['before \\ after', ...grades],
      grades.map((b) => [b, ...grades.map((a) => String(count(b, a)))]),
    ),
  );
  out.push(
    '\nLists (qualification, then what publishing would do)\n',
    renderTable(
      ['list', 'entering', 'leaving', 'staying', 'new notices', 'listings ended', 'carried on', 'exempt'],
      s.lists.map((l) => [
        `${l.list} (${l.type}${l.removed ? ', removed' : l.changed ? ', changed' : ''})`,
        String(l.entering.count),
        String(l.leaving.count),
        String(l.staying.count),
        String(l.notices.count),
        String(l.ended.count),
        String(l.carriedOn.count),
        String(l.exempt.count),
      ]),
    ),
  );
  for (const l of s.lists)
    for (const [label, set] of [
      ['entering', l.entering],
      ['leaving', l.leaving],
      ['new notices', l.notices],
      ['listings ended', l.ended],
    ] as const)
      if (set.count > 0) out.push(`  ${l.list}, ${label}: ${named(set)}\n`);
  out.push(
    '\nSanctions newly applying (once the listing takes effect)\n',
    s.sanctions.length === 0
      ? 'none\n'
      : renderTable(
          ['action', 'effect', 'subjects'],
          s.sanctions.map((x) => [x.action, x.effect, String(x.subjects)]),
        ),
  );
  out.push(
    '\nRule errors under the draft\n',
    s.ruleErrors.length === 0
      ? 'none\n'
      : renderTable(
          ['rule', 'site', 'subjects', 'example'],
          s.ruleErrors.map((e) => [e.rule, e.site, String(e.count), e.example]),
        ),
  );
  out.push(
    '\nProportionality report\n',
    s.proportionality.length === 0
      ? 'No sanctions: nothing to report.\n'
      : `${formatProportionalityReport(s.proportionality)}\n`,
  );
  out.push('\nSamples (up to 3 per transition)\n');
  const explain = (e: Simulation['samples'][number]['subjects'][number]['before']): string =>
    e === null
      ? 'no records'
      : !e.judged
        ? 'not judged'
        : `score ${e.score ?? '-'}, grade ${e.grade ?? '-'}, lists [${e.lists.join(', ')}]; ${
            e.contributions.map((c) => `${c.rule} ${c.points >= 0 ? '+' : ''}${c.points} (${c.record})`).join(', ') ||
            'no contributions'
          }${e.errors.length > 0 ? `; ${e.errors.length} errors` : ''}`;
  for (const t of s.samples) {
    out.push(`  ${t.from} → ${t.to}\n`);
    for (const x of t.subjects)
      out.push(`    ${x.subject}\n      before: ${explain(x.before)}\n      after:  ${explain(x.after)}\n`);
  }
  return out.join('');
}

export function formatBacktest(b: Backtest): string {
  const lists = [...new Set(b.steps.flatMap((s) => s.lists.map((l) => l.list)))];
  return `${versionText(b)} of ${b.authority}: backtest, nothing was written\n${renderTable(
    ['at', 'judged before', 'judged after', ...lists.flatMap((l) => [`${l} before`, `${l} after`, `${l} +`, `${l} -`])],
    b.steps.map((s) => [
      s.at,
      String(s.subjects.judgedBefore),
      String(s.subjects.judgedAfter),
      ...lists.flatMap((id) => {
        const l = s.lists.find((x) => x.list === id);
        return l ? [String(l.before), String(l.after), String(l.entering), String(l.leaving)] : ['0', '0', '0', '0'];
      }),
    ]),
  )}`;
}

import { readdirSync, readFileSync } from 'node:fs';
import { secondInstanceLine } from '../../engine/seed/second-instance.js';
import { createApiKey, setPassword } from '../../engine/tenancy/auth.js';
import { runningClock, systemClock } from '../../engine/clock.js';
import type { EngineDeps } from '../../engine/deps.js';
import { decisionCounts } from '../../engine/seed/decisions.js';
import { RELYING_PARTIES, SEED_REGISTRAR, seedCity, type SeedResult } from '../../engine/seed/city.js';
import { seedMail } from '../../engine/seed/mail.js';
import { seedPasses } from '../../engine/seed/passes.js';
import { seedReports } from '../../engine/seed/reports.js';
import { shadowLine } from '../../engine/seed/shadow.js';
import { dueProcessCounts, schemeSummaries } from '../../engine/seed/summary.js';
import { startServer } from '../../http/server.js';
import { positiveInt, nonNegativeInt } from '../args.js';
import { withNewStore, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { renderTable } from '../table.js';

interface DemoOpts {
  db: string;
  persons: string;
  businesses?: string;
  seed: string;
  force?: boolean;
  serve: boolean;
  port: string;
  host: string;
}

/** The password of every demo account: the demo is for trying things, not for keeping secrets. */
export const DEMO_PASSWORD = 'standing-demo';

export function exampleSchemes(): string[] {
  const dir = new URL('../../../examples/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
}

const bar = (share: number, width = 30): string => '█'.repeat(Math.round(share * width)).padEnd(width, ' ');

/** Acme as employer (SPEC §11): its staff scheme, and why its draft on shopping habits was left out. */
function employmentLine({ employment: e }: SeedResult): string {
  const why = e.refused.map((p) => `${p.code}: ${p.message}`).join('; ');
  return `\nAcme as employer: ${e.scheme} (context employment) judges the ${e.consented} of its ${e.staff} staff who consented, from ${e.records} employment records; its draft rule on shopping habits is left out (${why || 'not refused'}).\n`;
}

/** `standing demo`: the seed city in a new database, and its summary (SPEC §9, §11). */
export async function demo(ctx: CliContext, opts: DemoOpts): Promise<number> {
  const persons = positiveInt(opts.persons, 'persons', 10_000_000);
  const businesses =
    opts.businesses === undefined
      ? Math.max(1, Math.round(persons / 20))
      : nonNegativeInt(opts.businesses, 'businesses', 1_000_000);
  const out = ctx.output;
  // --force replaces what is there: a SQLite file (with its -wal and -shm), or on PostgreSQL the
  // Standing tables (and nothing else), in the same step that recreates them.
  const started = performance.now();
  const create = opts.force === true ? 'replace' : true;
  const exists = `${opts.db} already exists; pass --force to overwrite it`;
  return withNewStore(ctx, opts.db, create, { exists }, async (deps) => {
    out.err(
      `building the seed city: ${persons} persons, ${businesses} businesses (seed ${opts.seed}) into ${opts.db}\n`,
    );
    const progress = createProgress({ total: persons * 10, label: 'records' });
    const result = await seedCity(deps, {
      persons,
      businesses,
      seed: opts.seed,
      schemes: exampleSchemes(),
      onProgress: (c) => progress.update(c.accepted, { records: c.accepted, rejected: c.rejected }),
    });
    progress.stop();
    const mail = await seedMail(deps, result);
    const individuals = await seedPasses(deps, result);
    const reports = await seedReports(deps, result);
    const seconds = (performance.now() - started) / 1000;
    out.out(
      `Seed city built in ${seconds.toFixed(1)} s: ${result.records.accepted} records, ${result.consents} consent events, ${result.grants} grants.\n`,
    );
    for (const sum of await schemeSummaries(deps)) {
      const s = sum.version;
      out.out(`\n${s.scheme}@${s.version} of ${s.authority}: ${sum.judged} subjects judged\n`);
      const rows = sum.grades.map((g) => [
        g.grade ?? '(none)',
        String(g.count),
        `${((100 * g.count) / Math.max(1, sum.judged)).toFixed(1)}%`,
        bar(g.count / Math.max(1, sum.judged)),
      ]);
      out.out(renderTable(['grade', 'subjects', 'share', ''], rows, { align: ['left', 'right', 'right', 'left'] }));
      if (sum.lists.length > 0)
        out.out(
          renderTable(
            ['list', 'qualifying subjects'],
            sum.lists.map((l) => [l.list, String(l.count)]),
            { align: ['left', 'right'] },
          ),
        );
    }
    const due = await dueProcessCounts(deps);
    out.out('\nDue process\n');
    out.out(
      renderTable(
        ['listings by state', 'count'],
        due.listings.map((l) => [l.state, String(l.count)]),
        { align: ['left', 'right'] },
      ),
    );
    out.out(
      renderTable(
        ['appeals', 'count'],
        [
          ['pending', String(due.pending)],
          ['upheld', String(due.upheld)],
          ['overturned', String(due.overturned)],
        ],
        { align: ['left', 'right'] },
      ),
    );
    out.out(
      renderTable(
        ['active sanctions', 'effect', 'subjects'],
        due.sanctions.map((x) => [x.action, x.effect, String(x.count)]),
        { align: ['left', 'left', 'right'] },
      ),
    );
    out.out(`${due.access} checks in the access log by ${Object.keys(RELYING_PARTIES).join(', ')}.\n`);
    const d = await decisionCounts(deps);
    out.out(
      `${d.termEnded} listings ended by their maximum term, ${d.overdueDisputes} overdue disputes, ${d.courtDecisions} listings by court decision.\n`,
    );
    out.out(employmentLine(result));
    out.out(
      `${mail.addresses} subjects with accounts have e-mail addresses (${mail.chinese} in Chinese): their new notices are e-mailed when STANDING_SMTP_URL is set (docs/email.md).\n`,
    );
    out.out(await secondInstanceLine(deps));
    out.out(await shadowLine(deps));
    out.out(
      `Individuals: ${individuals.passesVerified} passes verified by their holders; ${individuals.selfExclusions} self-exclusion (from gambling, P1Y).\n`,
    );
    out.out(
      `Reports from the public: ${reports.filed} filed, ${reports.accepted} accepted, ${reports.rejected} rejected, ${reports.open} open.\n`,
    );
    // Passwords and keys are made now, so the database is usable however it is served later (`serve --db …`).
    const credentials = await demoCredentials(deps, result.accounts);
    const dbHint = ` --db ${opts.db}`;
    out.out(`\nSign in (web UI, POST /v1/sessions, or --as NAME on the CLI); every password is ${DEMO_PASSWORD}\n`);
    out.out(renderTable(['who', 'account', 'API key (Authorization: Bearer …), shown once'], credentials));
    out.out(
      `API keys are stored hashed and shown only here; make another with \`npx standing key create --party airline${dbHint}\`\n` +
        `or \`npx standing key create --authority city --role reporter${dbHint}\`.\n`,
    );
    const subjects = result.accounts.filter((a) => a.subject !== null);
    const tryThese = [
      ...subjects.filter((a) => a.subject!.startsWith('person:')).slice(0, 2),
      ...subjects.filter((a) => a.subject!.startsWith('org:')).slice(0, 1),
    ];
    out.out('\nTry (as pasted):\n');
    for (const a of tryThese)
      out.out(`  npx standing notices ${a.subject} --as ${a.name}${dbHint}   # ${a.name} is ${a.subject}\n`);
    out.out(`  npx standing review list --as city-reviewer${dbHint}\n`);
    out.out(`  npx standing scores --scheme city-citizen${dbHint} | head\n`);
    out.out(
      `  npx standing enrol issue SUBJECT --as ${SEED_REGISTRAR}${dbHint}   # a subject's own account (registrar only)\n`,
    );
    out.out(`  npx standing share list${dbHint}   # data-sharing grants between authorities\n`);
    if (!opts.serve) {
      out.out(`  npx standing serve${dbHint}   # web UI and API at http://127.0.0.1:8080/\n`);
      return 0;
    }
    const port = nonNegativeInt(opts.port, 'port', 65535);
    const { now, clockRate } = ctx.config;
    // The server closes the store when it stops.
    const server = await startServer(
      { store: deps.store, clock: runningClock(now ?? deps.clock.now(), systemClock, clockRate) },
      // The database path, as `standing serve` passes it: long reads, simulations and deliveries run on threads.
      { port, host: opts.host, logger: false, db: opts.db },
    );
    out.out(`\nServing the seed city at ${server.url} — web UI ${server.url}/ · API reference ${server.url}/docs\n`);
    out.out('Press Ctrl-C to stop.\n');
    await new Promise<void>((resolve) => {
      const stop = (): void => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  });
}

/**
 * Passwords for the seeded staff and the subjects with accounts (persons first), and API
 * keys for each relying party and each authority's reporter: made when the demo is built.
 */
async function demoCredentials(deps: EngineDeps, accounts: SeedResult['accounts']): Promise<string[][]> {
  const rows: string[][] = [];
  for (const a of accounts.filter((x) => x.subject === null)) {
    await setPassword(deps, a.name, DEMO_PASSWORD);
    const reporterKey = a.roles.includes('reporter')
      ? (await createApiKey(deps, { authority: a.authority!, roles: ['reporter'], label: 'demo reporter' })).secret
      : '';
    rows.push([
      a.authority === null
        ? `${a.roles.join(', ')} of the operator's identity desk`
        : `${a.roles.join(', ')} of ${a.authority}`,
      a.name,
      reporterKey,
    ]);
  }
  const subjects = accounts.filter((x) => x.subject !== null);
  const shown = [
    ...subjects.filter((a) => a.subject!.startsWith('person:')).slice(0, 3),
    ...subjects.filter((a) => a.subject!.startsWith('org:')).slice(0, 2),
  ];
  for (const a of shown) {
    await setPassword(deps, a.name, DEMO_PASSWORD);
    rows.push([`subject ${a.subject}`, a.name, '']);
  }
  if (subjects.length > shown.length)
    rows.push([
      `${subjects.length - shown.length} more subject accounts (npx standing account list)`,
      'npx standing account password NAME',
      '',
    ]);
  for (const [party, action] of Object.entries(RELYING_PARTIES)) {
    rows.push([`relying party ${party} (${action})`, '', (await createApiKey(deps, { party, label: 'demo' })).secret]);
  }
  return rows;
}

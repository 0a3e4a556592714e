import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fail } from '../../core/errors.js';
import { RELYING_PARTIES, seedCity } from '../../engine/seed-city.js';
import { positiveInt, nonNegativeInt } from '../args.js';
import { clockOf, openStore, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { renderTable } from '../table.js';

interface DemoOpts {
  db: string;
  persons: string;
  businesses?: string;
  seed: string;
  force?: boolean;
  serve: boolean;
}

export function exampleSchemes(): string[] {
  const dir = new URL('../../../examples/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
}

const bar = (share: number, width = 30): string => '█'.repeat(Math.round(share * width)).padEnd(width, ' ');

/** `standing demo`: the seed city in a new database, and its summary (SPEC §9, §11). */
export async function demo(ctx: CliContext, opts: DemoOpts): Promise<number> {
  const persons = positiveInt(opts.persons, 'persons', 10_000_000);
  const businesses = opts.businesses === undefined ? Math.max(1, Math.round(persons / 20)) : nonNegativeInt(opts.businesses, 'businesses', 1_000_000);
  if (existsSync(opts.db)) {
    if (!opts.force) fail('DB_EXISTS', `${opts.db} already exists; pass --force to overwrite it`, { field: 'db' });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${opts.db}${suffix}`, { force: true });
  }
  const out = ctx.output;
  const store = openStore(opts.db, true);
  const started = performance.now();
  try {
    const deps = { store, clock: clockOf(ctx.config) };
    out.err(`building the seed city: ${persons} persons, ${businesses} businesses (seed ${opts.seed}) into ${opts.db}\n`);
    const progress = createProgress({ total: persons * 10, label: 'records' });
    const result = await seedCity(deps, {
      persons,
      businesses,
      seed: opts.seed,
      schemes: exampleSchemes(),
      onProgress: (c) => progress.update(c.accepted, { records: c.accepted, rejected: c.rejected }),
    });
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    out.out(`Seed city built in ${seconds.toFixed(1)} s: ${result.records.accepted} records, ${result.consents} consent events, ${result.grants} grants.\n`);
    const schemes = await store.transaction((tx) => tx.schemeVersions());
    for (const s of schemes) {
      const sum = await store.transaction((tx) => tx.summarizeStates(s));
      out.out(`\n${s.scheme}@${s.version} of ${s.authority}: ${sum.judged} subjects judged\n`);
      const rows = sum.grades.map((g) => [g.grade ?? '(none)', String(g.count), `${((100 * g.count) / Math.max(1, sum.judged)).toFixed(1)}%`, bar(g.count / Math.max(1, sum.judged))]);
      out.out(renderTable(['grade', 'subjects', 'share', ''], rows, { align: ['left', 'right', 'right', 'left'] }));
      if (sum.lists.length > 0) out.out(renderTable(['list', 'qualifying subjects'], sum.lists.map((l) => [l.list, String(l.count)]), { align: ['left', 'right'] }));
    }
    const due = await store.transaction(async (tx) => ({
      listings: await tx.countListings(),
      sanctions: await tx.countSanctions(),
      pending: (await tx.appealsOf({ state: 'pending' })).length,
      upheld: (await tx.appealsOf({ state: 'upheld' })).length,
      overturned: (await tx.appealsOf({ state: 'overturned' })).length,
      access: await tx.countAccess(),
    }));
    out.out('\nDue process\n');
    out.out(renderTable(['listings by state', 'count'], due.listings.map((l) => [l.state, String(l.count)]), { align: ['left', 'right'] }));
    out.out(renderTable(['appeals', 'count'], [['pending', String(due.pending)], ['upheld', String(due.upheld)], ['overturned', String(due.overturned)]], { align: ['left', 'right'] }));
    out.out(renderTable(['active sanctions', 'effect', 'subjects'], due.sanctions.map((x) => [x.action, x.effect, String(x.count)]), { align: ['left', 'left', 'right'] }));
    out.out(`${due.access} checks in the access log by ${Object.keys(RELYING_PARTIES).join(', ')}.\n`);
    const staff = result.accounts.filter((a) => a.subject === null).map((a) => a.name);
    const subjects = result.accounts.filter((a) => a.subject !== null).slice(0, 3);
    out.out(`\nAccounts to try (--as NAME): ${staff.join(', ')}\n`);
    for (const a of subjects) out.out(`  ${a.name} is ${a.subject}: standing notices ${a.subject} --db ${opts.db}\n`);
    out.out(`Reviewer queue: standing review list --as city-reviewer --db ${opts.db}\n`);
    if (opts.serve) out.err('\nThe HTTP service is not part of this build yet; the database is ready for the CLI (standing explain, scores).\n');
  } finally {
    await store.close();
  }
  return 0;
}

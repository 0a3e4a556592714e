/**
 * A micro-benchmark of the evaluation hot path: the example schemes (city-citizen and
 * court-debtors) evaluated for every subject of a generated city, from its records
 * (`evaluate`, the path of schemes whose conditions read record bodies). With `--base DIR`
 * it also loads `DIR/core/*.js` (another build of Standing, e.g. the commit before a change)
 * and alternates the two builds round by round in this one process, so both see the same
 * machine load; each build's median round is reported.
 *
 *   node dist/bench/evaluate-micro.js [--persons N] [--rounds R] [--base DIR]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { historyStart } from './city-file.js';
import { NOW, SEED } from './bench-config.js';
import { generateCity } from '../demo/city-generator.js';
import { canonicalJson, type RecordInput } from '../core/record.js';

interface Build {
  readonly name: string;
  readonly evaluate: (scheme: unknown, facts: unknown, at: number) => { score: number | null };
  readonly schemes: unknown[];
}

const EXAMPLES = ['city-citizen', 'court-debtors'];

async function loadBuild(name: string, dir: URL): Promise<Build> {
  const { evaluate } = (await import(new URL('core/evaluate.js', dir).href)) as { evaluate: Build['evaluate'] };
  const { parseScheme } = (await import(new URL('core/scheme-parse.js', dir).href)) as {
    parseScheme: (t: string, o: unknown) => { ok: boolean; compiled?: unknown; errors?: unknown };
  };
  const { registryOf } = (await import(new URL('core/actions.js', dir).href)) as {
    registryOf: (a: unknown) => unknown;
  };
  const registry = registryOf(JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')));
  const schemes = EXAMPLES.map((e) => {
    const text = readFileSync(new URL(`../../examples/${e}.yaml`, import.meta.url), 'utf8');
    const parsed = parseScheme(text, { registry });
    if (!parsed.ok) throw new Error(`${name}: ${e}: ${JSON.stringify(parsed.errors)}`);
    return parsed.compiled;
  });
  return { name, evaluate, schemes };
}

function subjectsOf(persons: number): Map<string, RecordInput[]> {
  const bySubject = new Map<string, RecordInput[]>();
  for (const ev of generateCity({
    persons,
    businesses: Math.ceil(persons / 20),
    seed: SEED,
    start: historyStart(),
    end: NOW,
  })) {
    if (ev.type !== 'record') continue;
    const r = ev.record;
    const rec: RecordInput = {
      key: r.key,
      authority: r.authority,
      subject: r.subject,
      kind: r.kind,
      occurredAt: Date.parse(r.occurredAt),
      data: canonicalJson(r.data),
      evidence: r.evidence ?? null,
    };
    const list = bySubject.get(r.subject);
    if (list) list.push(rec);
    else bySubject.set(r.subject, [rec]);
  }
  return bySubject;
}

function round(build: Build, subjects: Map<string, RecordInput[]>): number {
  const t0 = performance.now();
  let sink = 0;
  for (const [subject, records] of subjects)
    for (const s of build.schemes) sink += build.evaluate(s, { subject, records, consents: [] }, NOW).score ?? 0;
  const ms = performance.now() - t0;
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '7' },
      base: { type: 'string' },
    },
  });
  const subjects = subjectsOf(Number(values.persons));
  const records = [...subjects.values()].reduce((n, l) => n + l.length, 0);
  const builds = [await loadBuild('this build', new URL('../', import.meta.url))];
  if (values.base !== undefined)
    builds.push(await loadBuild('base', new URL(`file://${values.base.replace(/\/?$/, '/')}`)));
  const times = new Map<string, number[]>(builds.map((b) => [b.name, []]));
  for (const b of builds) round(b, subjects); // warm-up
  for (let i = 0; i < Number(values.rounds); i++)
    for (const b of i % 2 === 0 ? builds : [...builds].reverse()) times.get(b.name)!.push(round(b, subjects));
  const evaluations = subjects.size * EXAMPLES.length;
  process.stdout.write(`${subjects.size} subjects, ${records} records, ${EXAMPLES.join(' + ')}\n`);
  for (const b of builds) {
    const m = median(times.get(b.name)!);
    process.stdout.write(
      `${b.name}: median ${m.toFixed(0)} ms a round, ${((m * 1000) / evaluations).toFixed(2)} µs an evaluation\n`,
    );
  }
}

await main();

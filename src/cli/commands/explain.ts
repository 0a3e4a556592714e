import type { Evaluation } from '../../core/evaluate.js';
import { formatInstant } from '../../core/instant.js';
import { explainSubject, explanationJson, scores, type Explained } from '../../engine/evaluation/queries.js';
import { optionalInstant } from '../args.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

interface ExplainOpts {
  db?: string;
  scheme: string;
  authority?: string;
  at?: string;
  json?: boolean;
}

/** Kept here for existing importers; the shaping lives with the query it shapes. */
export { explanationJson };

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

export function explanationText(x: Explained): string {
  const e: Evaluation = x.evaluation;
  const d = x.compiled.doc;
  const lines: string[] = [];
  lines.push(
    `${e.subject} under ${d.scheme}@${x.scheme.version} of ${d.authority}${d.title ? ` (${d.title})` : ''}, at ${formatInstant(e.at)}`,
  );
  if (e.notJudged === 'subject-type') {
    lines.push(`Not judged: this scheme judges ${d.subjects.join(' and ')} subjects only.`);
    return `${lines.join('\n')}\n`;
  }
  if (e.notJudged === 'no-consent') {
    lines.push(
      'Not judged: this scheme needs consent and the subject has not opted in at this instant. Its records are kept.',
    );
    return `${lines.join('\n')}\n`;
  }
  const bounds = [
    d.score.min !== undefined ? `min ${d.score.min}` : '',
    d.score.max !== undefined ? `max ${d.score.max}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(
    `Score ${e.score} (base ${d.score.base}${bounds ? `, ${bounds}` : ''}) · grade ${e.grade ?? 'none'} · ${e.candidates} candidate records`,
  );
  lines.push('');
  if (e.contributions.length === 0) lines.push('No record contributes points.');
  else {
    lines.push('Contributions');
    const disputed = new Set(x.disputed.map((m) => m.record));
    const rows = e.contributions.map((c) => [
      c.authority === d.authority ? c.key : `${c.authority}/${c.key}`,
      c.rule,
      signed(c.points),
      signed(c.capped),
      [c.capped !== c.points ? 'capped' : '', disputed.has(`${c.authority}/${c.key}`) ? 'disputed' : '']
        .filter(Boolean)
        .join(', '),
    ]);
    lines.push(
      renderTable(['record', 'rule', 'points', 'counted', ''], rows, {
        align: ['left', 'left', 'right', 'right', 'left'],
      }).trimEnd(),
    );
  }
  const counted = new Set(e.contributions.map((c) => `${c.authority}/${c.key}`)).size;
  if (e.candidates > counted) {
    const rest = e.candidates - counted;
    lines.push(
      `${rest} of the ${e.candidates} candidate records ${rest === 1 ? 'counts' : 'count'} no points: ${rest === 1 ? 'it matched' : 'they matched'} no rule, lapsed, or ${rest === 1 ? 'was' : 'were'} set aside by keep: latest (list conditions still see the live ones).`,
    );
  }
  if (e.errors.length > 0) {
    lines.push('', 'Rule errors (each counted as 0 points or false)');
    lines.push(
      renderTable(
        ['rule', 'where', 'record', 'error'],
        e.errors.map((r) => [r.rule, r.site, r.key ?? '', r.message]),
      ).trimEnd(),
    );
  }
  lines.push(
    '',
    `Grade: ${e.grade === null ? 'no grade entry matched' : `${e.grade} (first entry whose conditions hold)`}`,
  );
  if (x.compiled.lists.length > 0) {
    lines.push('', 'Lists');
    const rows = x.compiled.lists.map((l) => {
      const v = e.listValues.find((lv) => lv.id === l.def.id);
      return [l.def.id, l.def.type, v?.error ? `error: ${v.error}` : v?.value ? 'qualifies' : 'no', l.when.source];
    });
    lines.push(renderTable(['list', 'type', 'condition', 'when'], rows).trimEnd());
    for (const v of e.listValues)
      if (v.value && v.records?.length)
        lines.push(`${v.id} holds through ${v.records.map((r) => `${r} (reported by ${r.split('/')[0]})`).join(', ')}`);
  }
  if (x.disputed.length > 0) {
    lines.push('', 'Disputed records (SPEC §6)');
    for (const m of x.disputed)
      lines.push(
        m.overdue
          ? `${m.record} disputed: ${m.record.split('/')[0]} did not decide by ${m.deadline}, so it does not count until decided`
          : `${m.record} disputed: ${m.record.split('/')[0]} must decide by ${m.deadline}; it counts until then`,
      );
  }
  if (e.nextChange !== null) lines.push('', `Next change by time alone: ${formatInstant(e.nextChange)}`);
  return `${lines.join('\n')}\n`;
}

export async function explain(ctx: CliContext, subject: string, opts: ExplainOpts): Promise<number> {
  const at = optionalInstant(opts.at);
  const x = await withEngine(ctx, opts.db, (deps) =>
    explainSubject(deps, subject, opts.scheme, {
      ...(opts.authority ? { authority: opts.authority } : {}),
      ...(at !== undefined ? { at } : {}),
    }),
  );
  ctx.output.out(opts.json ? `${JSON.stringify(explanationJson(x), null, 2)}\n` : explanationText(x));
  return 0;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function scoresCommand(
  ctx: CliContext,
  opts: { db?: string; scheme: string; authority?: string; at?: string; format: 'ndjson' | 'csv' },
): Promise<number> {
  const at = optionalInstant(opts.at);
  await withEngine(ctx, opts.db, async (deps) => {
    if (opts.format === 'csv') ctx.output.out('subject,score,grade,lists\n');
    let buf = '';
    for await (const s of scores(deps, opts.scheme, {
      ...(opts.authority ? { authority: opts.authority } : {}),
      ...(at !== undefined ? { at } : {}),
    })) {
      buf +=
        opts.format === 'csv'
          ? `${csvCell(s.subject)},${s.score},${csvCell(s.grade ?? '')},${csvCell(s.lists.join(';'))}\n`
          : `${JSON.stringify({ subject: s.subject, score: s.score, grade: s.grade, lists: s.lists })}\n`;
      if (buf.length > 65536) {
        ctx.output.out(buf);
        buf = '';
      }
    }
    ctx.output.out(buf);
  });
  return 0;
}

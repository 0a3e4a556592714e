import type { Evaluation } from '../../core/evaluate.js';
import { t, type MessageKey, type MessageValues } from '../../core/i18n/index.js';
import type { Locale } from '../../core/i18n/locale.js';
import { schemeText } from '../../core/i18n/scheme-text.js';
import { formatInstant } from '../../core/instant.js';
import { cliLocale } from '../locale.js';
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
  lang?: string;
}

/** Kept here for existing importers; the shaping lives with the query it shapes. */
export { explanationJson };

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

export function explanationText(x: Explained, locale: Locale = 'en'): string {
  const m = (key: MessageKey, values?: MessageValues): string => t(locale, key, values);
  const e: Evaluation = x.evaluation;
  const d = x.compiled.doc;
  const title = schemeText(d, locale, 'title', d.title);
  const lines: string[] = [];
  lines.push(
    m('explain.head', {
      subject: e.subject,
      scheme: d.scheme,
      version: String(x.scheme.version),
      authority: d.authority,
      title: title ? ` (${title})` : '',
      at: formatInstant(e.at),
    }),
  );
  if (e.notJudged === 'subject-type') {
    lines.push(m('explain.notJudgedType', { types: d.subjects.join(locale === 'en' ? ' and ' : '、') }));
    return `${lines.join('\n')}\n`;
  }
  if (e.notJudged === 'no-consent') {
    lines.push(m('explain.notJudgedConsent'));
    return `${lines.join('\n')}\n`;
  }
  const bounds = [
    d.score.min !== undefined ? `min ${d.score.min}` : '',
    d.score.max !== undefined ? `max ${d.score.max}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(
    m('explain.score', {
      score: String(e.score),
      base: String(d.score.base),
      bounds: bounds ? `, ${bounds}` : '',
      grade: e.grade ?? m('explain.gradeNone'),
      candidates: String(e.candidates),
    }),
  );
  lines.push('');
  if (e.contributions.length === 0) lines.push(m('explain.noContribution'));
  else {
    lines.push(m('explain.contributions'));
    const disputed = new Set(x.disputed.map((r) => r.record));
    const rows = e.contributions.map((c) => [
      c.authority === d.authority ? c.key : `${c.authority}/${c.key}`,
      c.rule,
      signed(c.points),
      signed(c.capped),
      [
        c.capped !== c.points ? m('explain.capped') : '',
        disputed.has(`${c.authority}/${c.key}`) ? m('explain.disputed') : '',
      ]
        .filter(Boolean)
        .join(', '),
    ]);
    lines.push(
      renderTable(
        [m('explain.col.record'), m('explain.col.rule'), m('explain.col.points'), m('explain.col.counted'), ''],
        rows,
        { align: ['left', 'left', 'right', 'right', 'left'] },
      ).trimEnd(),
    );
  }
  const counted = new Set(e.contributions.map((c) => `${c.authority}/${c.key}`)).size;
  if (e.candidates > counted) {
    const rest = e.candidates - counted;
    lines.push(m('explain.rest', { rest, restText: String(rest), candidates: String(e.candidates) }));
  }
  if (e.errors.length > 0) {
    lines.push('', m('explain.ruleErrors'));
    lines.push(
      renderTable(
        [m('explain.col.rule'), m('explain.col.where'), m('explain.col.record'), m('explain.col.error')],
        e.errors.map((r) => [r.rule, r.site, r.key ?? '', r.message]),
      ).trimEnd(),
    );
  }
  lines.push(
    '',
    m('explain.grade', {
      grade: e.grade === null ? m('explain.gradeNoMatch') : m('explain.gradeMatched', { grade: e.grade }),
    }),
  );
  if (x.compiled.lists.length > 0) {
    lines.push('', m('explain.lists'));
    const rows = x.compiled.lists.map((l) => {
      const v = e.listValues.find((lv) => lv.id === l.def.id);
      return [
        l.def.id,
        l.def.type,
        v?.error ? m('explain.error', { error: v.error }) : v?.value ? m('explain.qualifies') : m('explain.no'),
        l.when.source,
      ];
    });
    lines.push(
      renderTable(
        [m('explain.col.list'), m('explain.col.type'), m('explain.col.condition'), m('explain.col.when')],
        rows,
      ).trimEnd(),
    );
    for (const v of e.listValues)
      if (v.value && v.records?.length)
        lines.push(
          m('explain.holdsThrough', {
            list: v.id,
            records: v.records
              .map((r) => m('explain.reportedBy', { record: r, authority: r.split('/')[0] ?? '' }))
              .join(', '),
          }),
        );
  }
  if (x.disputed.length > 0) {
    lines.push('', m('explain.disputedHead'));
    for (const r of x.disputed) {
      const values = { record: r.record, authority: r.record.split('/')[0] ?? '', deadline: r.deadline };
      lines.push(r.overdue ? m('explain.disputedOverdue', values) : m('explain.disputedOpen', values));
    }
  }
  if (e.nextChange !== null) lines.push('', m('explain.nextChange', { at: formatInstant(e.nextChange) }));
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
  ctx.output.out(
    opts.json ? `${JSON.stringify(explanationJson(x), null, 2)}\n` : explanationText(x, cliLocale(opts.lang)),
  );
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

import type { ActionRegistry } from './actions.js';
import type { CompiledExpression } from './cel.js';
import { addDuration, parseDuration } from './duration.js';
import { DEFAULT_MAX_TERM } from './listing-machine.js';
import type { CompiledList, CompiledScheme, Effect, ListType } from './scheme-types.js';
import { compareCodePoints } from './subject.js';
import { dataUseOf, SHIPPED_KINDS, type DataUse, type KindRegistry } from './kinds.js';

/** One sanction of a scheme as `standing scheme check` reports it (SPEC §5). */
export interface ProportionalityEntry {
  readonly list: string;
  readonly listType: ListType;
  readonly action: string;
  readonly effect: Effect;
  readonly limit?: Readonly<Record<string, number>>;
  /** The action's domain; null when the registry no longer knows the action. */
  readonly actionDomain: string | null;
  readonly schemeContext: string;
  /** The action's domain differs from the scheme's context (an unknown action counts as differing). */
  readonly crossContext: boolean;
  /** A redlist sanction: it grants rather than restricts. */
  readonly privilege: boolean;
  readonly justification?: string;
  readonly basis?: string;
  /** The record kinds that can put a subject on the list, code-point sorted; "any" when any kind can. */
  readonly triggers: readonly string[] | 'any';
  /**
   * How long a listing can last: the shorter of the longest lapse among the rules that lead
   * to the list and its maximum term (ISO text). Only a redlist's privilege can be "unbounded".
   */
  readonly longest: string;
  /** The list's maximum term (SPEC §6): its own, or the operator's default (`default` true); null for a redlist. */
  readonly maxTerm: string | null;
  readonly maxTermDefault: boolean;
}

const readsRecords = (e: CompiledExpression): boolean =>
  e.readsRecords || e.readsFields.has('records') || e.readsFields.has('*');

/**
 * What can put a subject on a list and for how long. A condition on score or grade
 * rests on every rule (and, for grade, on the grade conditions); a condition on
 * subject.records rests on the kinds it compares, and records no rule matches never
 * lapse, so reading records is conservatively unbounded.
 */
function reach(compiled: CompiledScheme, list: CompiledList): Pick<ProportionalityEntry, 'triggers' | 'longest'> {
  const fields = list.when.readsFields;
  const readsGrade = fields.has('grade') || fields.has('*');
  const readsScore = readsGrade || fields.has('score');
  const kinds = new Set<string>();
  let any = false;
  let unbounded = false;
  const fromRecords = (e: CompiledExpression): void => {
    unbounded = true;
    if (e.kindLiterals.size === 0) any = true;
    for (const k of e.kindLiterals) kinds.add(k);
  };
  if (readsRecords(list.when)) fromRecords(list.when);
  if (readsGrade) for (const g of compiled.grades) if (g.when !== null && readsRecords(g.when)) fromRecords(g.when);
  const rules = readsScore ? compiled.rules : [];
  let longest: { text: string; ms: number } | null = null;
  for (const r of rules) {
    if (r.when.recordKinds === null) any = true;
    else for (const k of r.when.recordKinds) kinds.add(k);
    if (r.lapse === null) unbounded = true;
    else if (longest === null || addDuration(0, r.lapse) > longest.ms)
      longest = { text: r.lapse.text, ms: addDuration(0, r.lapse) };
  }
  // With no rule behind it, nothing that lapses can end the listing (e.g. `subject.type == "org"`).
  return {
    triggers: any ? 'any' : [...kinds].sort(compareCodePoints),
    longest: unbounded || longest === null ? 'unbounded' : longest.text,
  };
}

/** One entry per sanction, in list order then sanction order (SPEC §5). */
export function proportionalityReport(
  compiled: CompiledScheme,
  registry: ActionRegistry,
  /** The operator's maximum term for lists that name none. */
  defaultMaxTerm: string = DEFAULT_MAX_TERM,
): ProportionalityEntry[] {
  const context = compiled.doc.context;
  return compiled.lists.flatMap((list) => {
    const reached = reach(compiled, list);
    const { triggers } = reached;
    const term =
      list.def.type === 'redlist' ? null : (list.maxTerm ?? parseDuration(defaultMaxTerm, 'default maxTerm'));
    // A listing ends at its maximum term even when the facts that lead to it never lapse.
    const longest =
      term === null
        ? reached.longest
        : reached.longest === 'unbounded' || addDuration(0, term) <= addDuration(0, parseDuration(reached.longest))
          ? term.text
          : reached.longest;
    return list.def.sanctions.map((s) => {
      const domain = registry.get(s.action)?.domain ?? null;
      return {
        list: list.def.id,
        listType: list.def.type,
        action: s.action,
        effect: s.effect,
        ...(s.limit !== undefined && { limit: s.limit }),
        actionDomain: domain,
        schemeContext: context,
        crossContext: domain !== context,
        privilege: list.def.type === 'redlist',
        ...(s.justification !== undefined && { justification: s.justification }),
        ...(s.basis !== undefined && { basis: s.basis }),
        triggers,
        longest,
        maxTerm: term === null ? null : term.text,
        maxTermDefault: term !== null && list.maxTerm === null,
      };
    });
  });
}

function justified(e: ProportionalityEntry): string {
  if (e.privilege) return 'privilege';
  if (e.justification !== undefined && e.basis !== undefined) return 'yes';
  return e.crossContext ? 'NO' : '-';
}

/** A plain-text table (no colours) of the report, one row per sanction, for the CLI. */
export function formatProportionalityReport(entries: readonly ProportionalityEntry[]): string {
  // Triggers go last: it is the one column that can run long.
  const header = ['list', 'action', 'effect', 'cross-context', 'justified', 'max term', 'can last', 'triggers'];
  const rows = entries.map((e) => [
    `${e.list} (${e.listType})`,
    e.action,
    e.limit === undefined
      ? e.effect
      : `${e.effect} ${Object.entries(e.limit)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
    e.crossContext ? `yes (${e.actionDomain ?? 'unknown'} vs ${e.schemeContext})` : 'no',
    justified(e),
    e.maxTerm === null ? 'none (privilege)' : `${e.maxTerm}${e.maxTermDefault ? ' (default)' : ''}`,
    e.longest,
    e.triggers === 'any' ? 'any' : e.triggers.length === 0 ? '(none)' : e.triggers.join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One rule, grade or list condition that reads records, as the data-context report shows it (SPEC §5). */
export interface DataUseEntry extends DataUse {
  readonly on: 'rule' | 'grade' | 'list';
  readonly id: string;
  readonly dataJustification?: string;
  readonly basis?: string;
}

/** Which domains feed a scheme, and through which rules and conditions (SPEC §5, data contexts). */
export interface DataContextReport {
  readonly schemeContext: string;
  /** Every domain read, sorted; "any" when some condition reads records of any kind. */
  readonly domains: readonly string[];
  /** Every rule, grade and list condition that reads records, in document order (rules, grades, lists). */
  readonly uses: readonly DataUseEntry[];
}

export function dataContextReport(compiled: CompiledScheme, kinds: KindRegistry = SHIPPED_KINDS): DataContextReport {
  const context = compiled.doc.context;
  const uses: DataUseEntry[] = [];
  const add = (
    on: DataUseEntry['on'],
    def: { id: string; dataJustification?: string; basis?: string },
    e: CompiledExpression | null,
  ): void => {
    if (e === null || (e.recordKindsRead !== null && e.recordKindsRead.size === 0)) return;
    uses.push({
      on,
      id: def.id,
      ...dataUseOf(e.recordKindsRead, context, kinds),
      ...(def.dataJustification !== undefined && { dataJustification: def.dataJustification }),
      ...(def.basis !== undefined && { basis: def.basis }),
    });
  };
  for (const r of compiled.rules) add('rule', r.def, r.when);
  for (const g of compiled.grades) add('grade', g.def, g.when);
  // A list without its own basis reads its data beside its sanctions, on their bases (scheme-parse.ts).
  for (const l of compiled.lists) {
    const bases = [...new Set(l.def.sanctions.flatMap((s) => (s.basis === undefined ? [] : [s.basis])))];
    const basis = l.def.basis ?? (bases.length > 0 ? bases.join('; ') : undefined);
    add('list', { ...l.def, ...(basis !== undefined && { basis }) }, l.when);
  }
  const domains = [...new Set(uses.flatMap((u) => u.domains))].sort(compareCodePoints);
  return { schemeContext: context, domains, uses };
}

/** A plain-text table of the data-context report, one row per condition that reads records. */
export function formatDataContextReport(report: DataContextReport): string {
  const header = ['reads', 'kinds', 'domains', 'cross-context', 'justified'];
  const rows = report.uses.map((u) => [
    `${u.on} ${u.id}`,
    u.kinds === 'any' ? 'any' : u.kinds.join(', '),
    u.domains.join(', '),
    u.crossContext ? `yes (${u.foreign.join(', ')} vs ${report.schemeContext})` : 'no',
    u.dataJustification !== undefined && u.basis !== undefined ? 'yes' : u.crossContext ? 'NO' : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const feeds = `Domains feeding the scheme (context ${report.schemeContext}): ${report.domains.length === 0 ? '(none)' : report.domains.join(', ')}`;
  if (rows.length === 0) return feeds;
  return [feeds, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

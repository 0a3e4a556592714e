import { compileExpression } from './cel.js';
import { parseDuration } from './duration.js';
import { DEFAULT_SECOND_INSTANCE } from './notice.js';
import type { CompiledScheme, SchemeDoc } from './scheme-types.js';

/**
 * Compiles every expression and duration of a validated scheme document once.
 * Throws SCHEME_EXPRESSION_INVALID / DURATION_INVALID naming the rule and field.
 */
/** The header fields kept matches can carry besides a record's instant (its subject is the row's), before any `data.X` members. */
const KEPT_HEADER = ['key', 'authority', 'kind'] as const;

export function compileScheme(doc: SchemeDoc, version: number): CompiledScheme {
  const rules = doc.rules.map((def, index) => ({
    def,
    index,
    when: compileExpression(def.when, 'rule', { field: `rules[${index}].when`, rule: def.id }),
    points:
      typeof def.points === 'number'
        ? def.points
        : compileExpression(def.points, 'rule', { field: `rules[${index}].points`, rule: def.id }),
    lapse: def.lapse === undefined ? null : parseDuration(def.lapse, `rules[${index}].lapse`),
    capPer: def.cap?.per === undefined ? null : parseDuration(def.cap.per, `rules[${index}].cap.per`),
  }));
  const grades = doc.grades.map((def, i) => ({
    def,
    when:
      def.when === undefined
        ? null
        : compileExpression(def.when, 'subject', { field: `grades[${i}].when`, rule: def.id }),
  }));
  const lists = doc.lists.map((def, i) => ({
    def,
    // A manual list never qualifies anyone by evaluation: its listings are opened by decision (SPEC §6).
    when: compileExpression(def.when ?? 'false', 'subject', { field: `lists[${i}].when`, rule: def.id }),
    appeal: parseDuration(def.appeal, `lists[${i}].appeal`),
    maxTerm: def.maxTerm === undefined ? null : parseDuration(def.maxTerm, `lists[${i}].maxTerm`),
    secondInstance: parseDuration(def.secondInstance ?? DEFAULT_SECOND_INSTANCE, `lists[${i}].secondInstance`),
  }));
  const conditions = [...grades.flatMap((g) => (g.when === null ? [] : [g.when])), ...lists.map((l) => l.when)];
  const needsRecords = conditions.some((c) => c.readsRecords);
  const needsRecordBodies = conditions.some((c) => c.readsRecords && c.readsRecordBodies);
  const read = new Set(conditions.flatMap((c) => (c.readsRecords ? [...c.recordFields] : [])));
  const dataMembers = [...read].filter((f) => f.startsWith('data.')).sort();
  const keptHeader =
    needsRecords && !needsRecordBodies ? [...KEPT_HEADER.filter((f) => read.has(f)), ...dataMembers] : [];
  return { doc, version, rules, grades, lists, needsRecords, needsRecordBodies, recordFields: read, keptHeader };
}

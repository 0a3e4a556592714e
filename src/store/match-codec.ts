import type { MatchedRecord, RuleMatch } from '../core/evaluate-matched.js';

/**
 * How both adapters keep one subject's matched records under one set: one JSON array,
 * flat, five values per record and three per match —
 * `occurredAt, key, authority, kind, n, (rule, points, ends) × n` — so a full pass reads
 * one short row per subject and parses it in one call.
 */
export function encodeFacts(records: readonly MatchedRecord[]): string {
  const flat: unknown[] = [];
  for (const r of records) {
    flat.push(r.occurredAt, r.key, r.authority, r.kind, r.matches.length);
    for (const m of r.matches) flat.push(m.rule, m.points, m.ends);
  }
  return JSON.stringify(flat);
}

export function decodeFacts(text: string): MatchedRecord[] {
  const flat = JSON.parse(text) as (number | string | null)[];
  const out: MatchedRecord[] = [];
  let i = 0;
  while (i < flat.length) {
    const occurredAt = flat[i] as number;
    const key = flat[i + 1] as string;
    const authority = flat[i + 2] as string;
    const kind = flat[i + 3] as string;
    const n = flat[i + 4] as number;
    i += 5;
    const matches: RuleMatch[] = [];
    for (let j = 0; j < n; j++, i += 3) matches.push({ rule: flat[i] as number, points: flat[i + 1] as number, ends: flat[i + 2] as number | null });
    out.push({ occurredAt, key, authority, kind, matches });
  }
  return out;
}

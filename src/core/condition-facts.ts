import { compileExpression, type CompiledExpression } from './cel.js';

/** The comprehension macros over `subject.records` whose predicate picks records. */
const MACRO = /subject\s*\.\s*records\s*\.\s*(exists_one|exists|all|filter|map)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,/g;

/** The text from `from` to the parenthesis that closes the one opened just before it, outside string literals. */
function untilClose(source: string, from: number): string | undefined {
  let depth = 1;
  let quote: string | null = null;
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return source.slice(from, i);
    }
  }
  return undefined;
}

const cache = new Map<string, readonly CompiledExpression[]>();

/**
 * One `subject.records.filter(v, P)` per comprehension over the subject's records in a
 * condition (`subject.records.exists(r, P)` and the like): evaluated, each gives the records
 * whose predicate holds. For `map(v, P, F)` the filter is P. Cached by source.
 */
function pickers(source: string): readonly CompiledExpression[] {
  const hit = cache.get(source);
  if (hit) return hit;
  const out: CompiledExpression[] = [];
  for (const m of source.matchAll(MACRO)) {
    const body = untilClose(source, m.index + m[0].length);
    if (body === undefined) continue;
    let predicate = body;
    if (m[1] === 'map') {
      // map(v, F) has no predicate; map(v, P, F) filters by P.
      const parts = splitTopLevel(body);
      if (parts.length < 2) continue;
      predicate = parts[0]!;
    }
    try {
      out.push(compileExpression(`subject.records.filter(${m[2]}, ${predicate})`, 'subject', { field: 'when' }));
    } catch {
      // A predicate that does not stand alone (it uses an outer comprehension's variable): not traced.
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(source, out);
  return out;
}

/** Splits on commas at depth 0, outside string literals. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * The records a true condition came through by its comprehensions over `subject.records`
 * (SPEC §6: a notice names every record that makes the condition true, whichever path of
 * the condition it came through), as "authority/key" in the order of the records. The
 * grade and score paths are explained by the evaluation's contributions.
 */
export function recordsMatchedBy(source: string, subject: Readonly<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const p of pickers(source)) {
    const res = p.evaluate({ subject });
    if (!res.ok || !Array.isArray(res.value)) continue;
    for (const r of res.value as Record<string, unknown>[]) {
      if (typeof r?.authority === 'string' && typeof r.key === 'string') seen.add(`${r.authority}/${r.key}`);
    }
  }
  return [...seen];
}

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * Thin edges (issue 14): a route parses the request, calls one engine function and renders the
 * answer. The store work, reads included, is the engine's (src/engine/<concept>/…), which reads
 * through `Store.read` and writes through `Store.transaction`. So no route file imports anything
 * from src/store (not even a row type: the views of rows live in the engine too) or reaches the
 * store through its dependencies.
 *
 * Exceptions, each with its reason, go here. There are none: the readiness probe, the one route
 * that only asks whether the store answers, does so through engine/readiness.ts as well.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {};

const DIR = new URL('./', import.meta.url);
const routeFiles = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();

/** The places in `source` where a route touches the store, as "line: text". */
export function storeTouches(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    const imports = /\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
    for (const m of line.matchAll(imports)) {
      const spec = m[1] ?? m[2] ?? '';
      if (/(^|\/)store(\/|$)/.test(spec)) found.push(`${i + 1}: imports ${spec}`);
    }
    if (/\bdeps\s*\.\s*store\b/.test(line) || /\.store\s*\.\s*(transaction|read|snapshot)\b/.test(line))
      found.push(`${i + 1}: ${line.trim()}`);
    if (/\{[^}]*\bstore\b[^}]*\}\s*=\s*deps\b/.test(line)) found.push(`${i + 1}: ${line.trim()}`);
  });
  return found;
}

describe('thin edges: routes reach the store only through the engine', () => {
  it('finds the route files', () => {
    expect(routeFiles.length).toBeGreaterThan(20);
    expect(routeFiles).toContain('records.route.ts');
  });

  it('recognises a route that touches the store', () => {
    expect(storeTouches("import type { SchemeVersionRow } from '../../store/store.js';")).toHaveLength(1);
    expect(storeTouches('const r = await deps.store.transaction((tx) => tx.getReport(id));')).toHaveLength(1);
    expect(storeTouches('const rows = await deps.store.read((tx) => tx.listGrants());')).toHaveLength(1);
    expect(storeTouches('const { store, clock } = deps;')).toHaveLength(1);
    expect(storeTouches("import { readRecord } from '../../engine/ingest/records.js';")).toEqual([]);
    expect(storeTouches("void reply.header('cache-control', 'no-store');")).toEqual([]);
  });

  it.each(routeFiles)('%s neither imports the store nor calls it', (file) => {
    const touches = storeTouches(readFileSync(new URL(file, DIR), 'utf8'));
    if (EXCEPTIONS[file] !== undefined) return;
    expect(touches).toEqual([]);
  });
});

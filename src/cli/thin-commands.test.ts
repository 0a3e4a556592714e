import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * Thin edges (issue 14): a command parses its arguments, calls one engine function, and
 * renders. It neither imports the store nor calls a store's or a transaction's methods; the
 * database is opened through ../context.js, which names it to src/store/open.ts.
 */

const dir = new URL('./commands/', import.meta.url);
const commands = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/**
 * The commands that ARE store operations, and the store module each may import: `backup` and
 * `restore` copy the database itself, through the store-level functions of src/store/open.ts.
 */
const STORE_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  'backup.ts': ['../../store/open.js'],
};

/** What a command must not contain, with why. */
function offences(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\bfrom\s+'([^']+)'/g)) {
    const spec = m[1]!;
    if (
      (spec.includes('/store/') || spec === 'better-sqlite3' || spec === 'pg') &&
      !STORE_OPERATIONS[file]?.includes(spec)
    )
      found.push(`imports ${spec}`);
  }
  for (const m of text.matchAll(/\bstore\s*\.\s*(\w+)\s*\(/g)) found.push(`calls store.${m[1]}()`);
  for (const m of text.matchAll(/\btx\s*\.\s*(\w+)/g)) found.push(`uses a transaction (tx.${m[1]})`);
  for (const m of text.matchAll(/\b(existsSync|statSync|rmSync|renameSync)\b/g))
    found.push(`handles database files itself (${m[1]})`);
  return found;
}

describe('CLI commands are thin', () => {
  it('finds the commands', () => {
    expect(commands.length).toBeGreaterThan(20);
  });

  it.each(commands)('%s neither imports the store nor calls it', (file) => {
    expect(offences(file, readFileSync(new URL(file, dir), 'utf8'))).toEqual([]);
  });

  it('the check itself catches a command reaching the store', () => {
    const crooked = [
      "import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';",
      "import type { AppealState } from '../../store/due-process-port.js';",
      'const rows = await deps.store.transaction((tx) => tx.listAccounts());',
      'await store.close();',
      'if (!existsSync(path)) return;',
    ].join('\n');
    expect(offences('actions.ts', crooked)).toEqual([
      'imports ../../store/sqlite/sqlite-store.js',
      'imports ../../store/due-process-port.js',
      'calls store.transaction()',
      'calls store.close()',
      'uses a transaction (tx.listAccounts)',
      'handles database files itself (existsSync)',
    ]);
    expect(offences('backup.ts', "import { backupStore } from '../../store/open.js';")).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Output } from './output.js';
import { runCli } from './program.js';
import { escapeControls } from './terminal-safe.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\u001b';
// Clears the screen, turns the text red, and plants a hyperlink whose target the reader does not see.
const HOSTILE = `${ESC}[2J${ESC}[31mNot me.${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\ \u009b31m\u007f`;

async function standing(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: true };
  const code = await runCli(args, () => loadConfig({ STANDING_NOW: '2026-06-01T00:00:00Z' }), output);
  return { code, out, err };
}

describe('terminal-safe CLI output', () => {
  it('escapes every control character, keeping newline and tab only where the layout owns them', () => {
    expect(escapeControls(`a${ESC}[2Jb\n\t\u0085\u007f`)).toBe('a\\u001b[2Jb\\u000a\\u0009\\u0085\\u007f');
    expect(escapeControls(`a${ESC}b\n\t`, true)).toBe('a\\u001bb\n\t');
    expect(escapeControls('plain é 名')).toBe('plain é 名');
  });

  it('`standing review list` shows an ESC sequence and an OSC 8 link in a statement as text; --json keeps it exact', async () => {
    const db = join(dir, 'review.db');
    expect((await standing(['init', '--db', db])).code).toBe(0);
    const store = openSqliteStore(db);
    await store.transaction((tx) =>
      tx.insertDispute({
        authority: 'city',
        key: 'k-1',
        subject: 'person:pat',
        statement: HOSTILE,
        filedAt: Date.parse('2026-05-30T00:00:00Z'),
        filedBy: 'pat',
        state: 'pending',
        decidedBy: null,
        decidedAt: null,
        reasons: null,
        deadlineAt: null,
        overdueAt: null,
      }),
    );
    await store.close();

    const table = await standing(['review', 'list', '--db', db]);
    expect(table.code).toBe(0);
    expect(table.out).toContain('1 pending disputes');
    expect(table.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(table.out).toContain('\\u001b[2J\\u001b[31mNot me.\\u001b]8;;https://evil.example/');

    const json = await standing(['review', 'list', '--db', db, '--json']);
    expect(json.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect((JSON.parse(json.out) as { disputes: { statement: string }[] }).disputes[0]!.statement).toBe(HOSTILE);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-cp-cli-'));
const db = join(dir, 'test.db');

async function standing(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli(args, () => loadConfig({ STANDING_NOW: '2026-06-01T00:00:00Z' }), output);
  return { code, out, err };
}

it('standing audit keygen, checkpoint and verify --checkpoint: a truncated chain is named', async () => {
  expect((await standing(['init', '--db', db])).code).toBe(0);
  for (const a of ['flight.board', 'internet.bandwidth'])
    expect((await standing(['grant', 'city', a, '--db', db])).code).toBe(0);
  const key = join(dir, 'checkpoint.key');
  const made = await standing(['audit', 'keygen', '--out', key, '--name', 'standing.example']);
  expect(made.code).toBe(0);
  const vkey = made.out.trim();
  expect(vkey).toMatch(/^standing\.example\+[0-9a-f]{8}\+[A-Za-z0-9+/]{43}[A-Za-z0-9+/=]=?$/);
  // A key file is never overwritten.
  const again = await standing(['audit', 'keygen', '--out', key]);
  expect(again.code).not.toBe(0);
  expect(again.err).toMatch(/CHECKPOINT_KEY_INVALID/);
  expect(JSON.parse(readFileSync(key, 'utf8'))).toMatchObject({ verifierKey: vkey });

  const cp = await standing(['audit', 'checkpoint', '--key', key, '--db', db]);
  expect(cp.code).toBe(0);
  expect(cp.out).toMatch(/^standing\.example\/city\n2\n/);
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, cp.out);
  expect((await standing(['audit', 'verify', '--checkpoint', notes, '--verifier', vkey, '--db', db])).code).toBe(0);

  // Someone with the database file drops city's newest grant, its entry and the stored checkpoints, and moves the head back.
  const raw = new Database(db);
  raw.prepare("DELETE FROM grants WHERE authority = 'city' AND action = 'internet.bandwidth'").run();
  raw.prepare("DELETE FROM audit_entries WHERE chain = 'city' AND seq = 2").run();
  const h = raw.prepare("SELECT hash FROM audit_entries WHERE chain = 'city' AND seq = 1").get() as { hash: string };
  raw.prepare("UPDATE audit_heads SET seq = 1, hash = ? WHERE chain = 'city'").run(h.hash);
  raw.prepare('DELETE FROM audit_checkpoints').run();
  raw.close();
  expect((await standing(['audit', 'verify', '--db', db])).code).toBe(0);
  const caught = await standing(['audit', 'verify', '--checkpoint', notes, '--verifier', vkey, '--db', db]);
  expect(caught.code).toBe(1);
  expect(caught.out).toMatch(
    /chain city, checkpoint city: chain city has 1 entries but checkpoint 1 of .* says it had 2/,
  );
  // A note altered to match the truncated log no longer verifies.
  writeFileSync(notes, cp.out.replace('standing.example/city\n2\n', 'standing.example/city\n1\n'));
  const forged = await standing(['audit', 'verify', '--checkpoint', notes, '--verifier', vkey, '--db', db]);
  expect(forged.code).not.toBe(0);
  expect(forged.err).toMatch(/CHECKPOINT_INVALID/);
});

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { fixedClock } from '../engine/clock.js';
import { entitle, partyAdd } from '../engine/decisions/check.js';
import { publishScheme } from '../engine/evaluation/publish.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { createApiKey } from '../engine/tenancy/auth.js';
import { grantAction } from '../engine/tenancy/registry.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ACTIONS, linesOf } from '../test-support/engine.js';
import { servingUrl } from '../test-support/serve-process.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const SCHEME = `
scheme: city-test
authority: city
context: civic
subjects: [person]
score: { base: 100 }
grades: [{ id: A, min: 60 }, { id: D }]
rules:
  - { id: jaywalking, when: 'record.kind == "traffic.jaywalking"', points: -40, lapse: P1Y }
lists:
  - id: air-travel-ban
    type: blacklist
    when: subject.grade == "D"
    sanctions:
      - { action: flight.board, effect: deny, justification: Repeated offences restrict air travel, basis: Regulation 7 art. 9 }
`;

const BIN = new URL('../../bin/standing.js', import.meta.url).pathname;
const T0 = Date.parse('2026-05-01T00:00:00Z');
const LATER = new Date(T0 + 30 * 86_400_000).toISOString();
const SUBJECTS = Array.from({ length: 12 }, (_, i) => `person:p${i}`);

const dir = mkdtempSync(join(tmpdir(), 'standing-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function standing(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli(args, () => loadConfig({ STANDING_NOW: LATER }), output);
  return { code, out, err };
}

/** A database where every other subject is blacklisted from boarding, with a relying party and its key. */
async function city(db: string): Promise<string> {
  const deps = { store: openSqliteStore(db, { create: true, actions: ACTIONS }), clock: fixedClock(T0) };
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, SCHEME);
  await partyAdd(deps, 'airline');
  await entitle(deps, 'airline', 'flight.board');
  const { secret } = await createApiKey(deps, { party: 'airline' });
  const records = SUBJECTS.flatMap((subject, i) =>
    i % 2 === 0
      ? [1, 2].map((n) => ({
          key: `J-${i}-${n}`,
          authority: 'city',
          subject,
          kind: 'traffic.jaywalking',
          occurredAt: new Date(T0 - n * 86_400_000).toISOString(),
        }))
      : [],
  );
  await importRecords(deps, linesOf(records));
  await deps.store.close();
  return secret;
}

/** Each subject's answer for flight.board, as the operator's CLI gives it. */
async function answers(db: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of SUBJECTS) {
    const r = await standing(['check', s, 'flight.board', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as { effect: string; reasons: { list: string; listing: number }[] };
    out.push(`${s} ${d.effect} ${d.reasons.map((x) => `${x.list}#${x.listing}`).join(',')}`);
  }
  return out;
}

describe('standing backup and restore', () => {
  it('backs up a database served under load; the restored copy verifies and answers checks as the original did', async () => {
    const db = join(dir, 'live.db');
    const secret = await city(db);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--quiet'], {
      env: { ...process.env, STANDING_NOW: LATER },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const backupFile = join(dir, 'live.backup');
    const restored = join(dir, 'restored.db');
    let checks = 0;
    try {
      const url = await servingUrl(child);
      // Checks go on, each one an access-log write, until the backup is taken (bounded: at most 60 s).
      let loading = true;
      const load = (async () => {
        const stopAt = Date.now() + 60_000;
        while (loading && Date.now() < stopAt) {
          await Promise.all(
            SUBJECTS.map(async (subject) => {
              const r = await fetch(`${url}/v1/checks`, {
                method: 'POST',
                headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
                body: JSON.stringify({ subject, action: 'flight.board' }),
              });
              if (r.status === 200) checks++;
              await r.arrayBuffer();
            }),
          );
        }
      })();
      while (checks < 200) await new Promise((r) => setTimeout(r, 20));
      const made = await standing(['backup', backupFile, '--db', db]);
      expect(made.err).toBe('');
      expect(made.code).toBe(0);
      expect(made.out).toMatch(/integrity checked/);
      const during = checks;
      while (checks < during + 100) await new Promise((r) => setTimeout(r, 20));
      loading = false;
      await load;
      // A backup is never overwritten; a database is replaced only with --force.
      expect((await standing(['backup', backupFile, '--db', db])).err).toMatch(/BACKUP_FAILED.*already exists/);
      expect((await standing(['restore', backupFile, '--db', restored])).code).toBe(0);
      expect((await standing(['restore', backupFile, '--db', restored])).err).toMatch(/DB_EXISTS.*--force/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const verified = await standing(['audit', 'verify', '--db', restored]);
    expect(verified.out).toMatch(/storage integrity check passed/);
    expect(verified.out).toMatch(/audit log verified/);
    expect(verified.code).toBe(0);
    const expected = await answers(db);
    expect(expected.filter((a) => a.includes(' deny '))).toHaveLength(SUBJECTS.length / 2);
    expect(await answers(restored)).toEqual(expected);
    // The copy holds the access log as of the backup: some of the checks, not those made after it.
    const count = async (path: string): Promise<number> => {
      const s = openSqliteStore(path);
      try {
        return await s.transaction((tx) => tx.countAccess());
      } finally {
        await s.close();
      }
    };
    const [original, copy] = [await count(db), await count(restored)];
    expect(copy).toBeGreaterThanOrEqual(200);
    expect(copy).toBeLessThan(original);
    expect((await standing(['restore', backupFile, '--db', restored, '--force'])).code).toBe(0);
  }, 120_000);

  it('`audit verify` fails naming the storage integrity check on a damaged copy, before reading any chain', async () => {
    const db = join(dir, 'sound.db');
    await city(db);
    const damaged = join(dir, 'damaged.db');
    copyFileSync(db, damaged);
    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
    // Overwrite a page in the middle of the file with garbage, as a torn copy leaves one.
    const pageSize = 4096;
    const pages = statSync(damaged).size / pageSize;
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, Math.floor(pages / 2) * pageSize);
    closeSync(fd);
    const r = await standing(['audit', 'verify', '--db', damaged]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/storage integrity check FAILED/);
    expect(r.out).not.toMatch(/audit log verified/);
    const json = await standing(['audit', 'verify', '--db', damaged, '--json', '--quick']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, storage: { ok: false, check: 'quick_check' } });
    // The sound original still verifies.
    expect((await standing(['audit', 'verify', '--db', db])).code).toBe(0);
  });
});

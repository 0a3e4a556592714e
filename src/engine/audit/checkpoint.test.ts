import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalEntryText } from '../../core/audit-entry.js';
import { realApp } from '../../test-support/http.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ACTIONS } from '../../test-support/engine.js';
import { manualClock } from '../clock.js';
import type { EngineDeps } from '../deps.js';
import { addAction, grantAction } from '../tenancy/registry.js';
import { verifyAudit } from './audit.js';
import {
  generateCheckpointKey,
  loadCheckpointKey,
  openCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  splitNotes,
  writeCheckpoints,
} from './checkpoint.js';
import { sha256 } from './hash.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function world(): Promise<{ deps: EngineDeps; sql: (f: (db: Database.Database) => void) => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'standing-cp-'));
  dirs.push(dir);
  const path = join(dir, 'standing.db');
  const deps: EngineDeps = {
    store: openSqliteStore(path, { create: true, actions: ACTIONS }),
    clock: manualClock(NOW),
  };
  for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll']) await grantAction(deps, 'city', a);
  return {
    deps,
    sql(f) {
      const db = new Database(path);
      try {
        f(db);
      } finally {
        db.close();
      }
    },
  };
}

describe('signed checkpoints', () => {
  it('are C2SP tlog-checkpoint signed notes: origin, size, base64 head, blank line, "— name base64(key id || signature)"', () => {
    const key = generateCheckpointKey('standing.example/city');
    const signer = loadCheckpointKey(JSON.stringify(key));
    // The verifier key: name + hex(SHA-256(name || 0x0A || 0x01 || public key)[:4]) + base64(0x01 || public key).
    const raw = Buffer.from(createPublicKey(signer.privateKey).export({ format: 'jwk' }).x!, 'base64url');
    const id = createHash('sha256')
      .update(Buffer.concat([Buffer.from('standing.example/city\n'), Buffer.from([1]), raw]))
      .digest()
      .subarray(0, 4);
    expect(key.verifierKey).toBe(
      `standing.example/city+${id.toString('hex')}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}`,
    );
    const head = sha256('x');
    const note = splitNotes(
      `${signCheckpoint(signer, 'city', 7, head)}\n${signCheckpoint(signer, 'operator', 1, head)}`,
    )[0]!;
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'standing.example/city/city',
      '7',
      Buffer.from(head, 'hex').toString('base64'),
      '',
    ]);
    expect(lines[4]).toMatch(/^\u2014 standing\.example\/city [A-Za-z0-9+/]+=*$/);
    const blob = Buffer.from(lines[4]!.split(' ')[2]!, 'base64');
    expect(blob.subarray(0, 4)).toEqual(id);
    expect(blob.length).toBe(68);
    expect(openCheckpoint(note, parseVerifierKey(key.verifierKey), 'test')).toEqual({
      chain: 'city',
      size: 7,
      head,
      source: 'test',
    });
    // Altered, or checked against another key: refused.
    const altered = note.replace('\n7\n', '\n8\n');
    expect(() => openCheckpoint(altered, parseVerifierKey(key.verifierKey), 'test')).toThrow(/does not verify/);
    const other = generateCheckpointKey('standing.example/city');
    expect(() => openCheckpoint(note, parseVerifierKey(other.verifierKey), 'test')).toThrow(/no signature by/);
  });

  it('let an outsider catch the newest entries deleted with the head moved back, naming the chain', async () => {
    const w = await world();
    const signer = loadCheckpointKey(JSON.stringify(generateCheckpointKey('standing')));
    const notes = (await writeCheckpoints(w.deps, signer)).map((r) => r.note).join('\n');
    const verifier = parseVerifierKey(signer.verifierKey);
    const claims = splitNotes(notes).map((n) => openCheckpoint(n, verifier, 'checkpoint.txt'));
    expect(claims.map((c) => c.chain)).toEqual(['city', 'operator']);
    // The log grows: it still extends the checkpoint.
    await addAction(w.deps, { name: 'loan.apply', domain: 'finance', effect: 'deny' });
    await grantAction(w.deps, 'city', 'loan.apply');
    expect((await verifyAudit(w.deps, { checkpoints: claims })).problems).toEqual([]);
    await w.deps.store.close();
    // Drop the two newest grants of city (entries, rows, stored checkpoints) and move the head back.
    w.sql((db) => {
      db.prepare("DELETE FROM grants WHERE authority = 'city' AND action IN ('education.enroll', 'loan.apply')").run();
      const last = db.prepare("SELECT MAX(seq) AS s FROM audit_entries WHERE chain = 'city'").get() as { s: number };
      db.prepare("DELETE FROM audit_entries WHERE chain = 'city' AND seq >= ?").run(last.s - 1);
      const head = db
        .prepare("SELECT seq, hash FROM audit_entries WHERE chain = 'city' ORDER BY seq DESC LIMIT 1")
        .get() as { seq: number; hash: string };
      db.prepare("UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = 'city'").run(head.seq, head.hash);
      db.prepare('DELETE FROM audit_checkpoints').run();
    });
    const reopened = { ...w.deps, store: openSqliteStore(w.deps.store.location) };
    // Without the checkpoint the truncated log is consistent…
    expect((await verifyAudit(reopened)).ok).toBe(true);
    // …with it, the chain is named.
    const r = await verifyAudit(reopened, { checkpoints: claims });
    await reopened.store.close();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'checkpoint' });
    expect(r.problems[0]!.message).toMatch(
      /chain city has \d+ entries but checkpoint.txt says it had \d+: entries were removed/,
    );
  });

  it('catch a chain rewritten consistently from an entry the checkpoint covers', async () => {
    const w = await world();
    const signer = loadCheckpointKey(JSON.stringify(generateCheckpointKey('standing')));
    const verifier = parseVerifierKey(signer.verifierKey);
    const claims = (await writeCheckpoints(w.deps, signer)).map((r) => openCheckpoint(r.note, verifier, 'kept note'));
    await w.deps.store.close();
    // Rewrite city's last entry (a grant's instant) and recompute its hash and the head: the chain is consistent again.
    w.sql((db) => {
      const e = db.prepare("SELECT * FROM audit_entries WHERE chain = 'city' ORDER BY seq DESC LIMIT 1").get() as {
        chain: string;
        seq: number;
        at: number;
        type: string;
        payload: string;
        prev: string;
      };
      const at = e.at + 1;
      const hash = sha256(canonicalEntryText({ ...e, at }, e.payload));
      db.prepare('UPDATE audit_entries SET at = ?, hash = ? WHERE chain = ? AND seq = ?').run(at, hash, e.chain, e.seq);
      db.prepare('UPDATE audit_heads SET hash = ? WHERE chain = ?').run(hash, e.chain);
      const { action } = JSON.parse(e.payload) as { action: string };
      db.prepare("UPDATE grants SET granted_at = ? WHERE authority = 'city' AND action = ?").run(at, action);
      db.prepare('DELETE FROM audit_checkpoints').run();
    });
    const reopened = { ...w.deps, store: openSqliteStore(w.deps.store.location) };
    expect((await verifyAudit(reopened)).ok).toBe(true);
    const r = await verifyAudit(reopened, { checkpoints: claims });
    await reopened.store.close();
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'checkpoint' });
    expect(r.problems[0]!.message).toMatch(/but kept note says .*the log was rewritten/);
  });

  it('are published, latest per chain, at GET /v1/audit/checkpoints without credentials', async () => {
    const w = await world();
    const signer = loadCheckpointKey(JSON.stringify(generateCheckpointKey('standing')));
    await writeCheckpoints(w.deps, signer);
    await grantAction(w.deps, 'city', 'rental.deposit');
    const second = await writeCheckpoints(w.deps, signer);
    const app = await realApp(w.deps);
    const res = await app.inject({ method: 'GET', url: '/v1/audit/checkpoints' });
    await app.close();
    await w.deps.store.close();
    expect(res.statusCode).toBe(200);
    const body = res.json<{ checkpoints: { chain: string; size: number; note: string }[] }>();
    expect(body.checkpoints.map((c) => [c.chain, c.size, c.note])).toEqual(
      second.map((c) => [c.chain, c.size, c.note]),
    );
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalEntryText, GENESIS, nextEntry, type AuditInput } from '../../core/audit-entry.js';
import { canonicalJson } from '../../core/record.js';
import { generateCity, type CityRecord } from '../../demo/city-generator.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ACTIONS, exampleScheme, linesOf } from '../../test-support/engine.js';
import { appendAudit, verifyAudit, type AuditReport } from './audit.js';
import { manualClock } from '../clock.js';
import { recordConsent } from '../due-process/consent.js';
import type { EngineDeps } from '../deps.js';
import { sha256 } from './hash.js';
import { importRecords } from '../ingest/ingest.js';
import { grantShare } from '../tenancy/sharing.js';
import { publishScheme } from '../evaluation/publish.js';
import { retractRecord } from '../ingest/records.js';
import { addAction, grantAction } from '../tenancy/registry.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface World {
  readonly deps: EngineDeps;
  readonly path: string;
  /** Runs raw SQL on a second connection, as someone with the database file would. */
  readonly sql: (fn: (db: Database.Database) => void) => void;
  readonly records: readonly CityRecord[];
}

/** A file database with imports, a duplicate import, a retraction, two published schemes, consent, grants and a registered action. */
async function world(persons = 120): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'standing-audit-'));
  dirs.push(dir);
  const path = join(dir, 'standing.db');
  const deps: EngineDeps = {
    store: openSqliteStore(path, { create: true, actions: ACTIONS }),
    clock: manualClock(NOW),
  };
  for (const a of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
    await grantAction(deps, 'city', a);
  await grantAction(deps, 'acme', 'rental.deposit');
  await addAction(deps, { name: 'loan.apply', domain: 'finance', effect: 'deny' });
  await grantShare(deps, { from: 'court', to: 'city', purpose: 'Theft convictions count in the civic score' });
  await grantShare(deps, { from: 'court', to: 'acme', purpose: 'Judgments inform deposit waivers' });
  await publishScheme(deps, exampleScheme('city-citizen'));
  await publishScheme(deps, exampleScheme('acme-rentals'));
  const records = [
    ...generateCity({ persons, businesses: 10, seed: 3, start: Date.parse('2023-01-01T00:00:00Z'), end: NOW }),
  ]
    .filter((e) => e.type === 'record')
    .map((e) => e.record);
  await importRecords(deps, linesOf(records, 200));
  const cityKey = records.find((r) => r.authority === 'city')!.key;
  await retractRecord(deps, { authority: 'city', key: cityKey, reason: 'entered in error' });
  const subject = records[0]!.subject;
  await recordConsent(deps, { subject, scheme: 'acme-score', optIn: true });
  const sql = (fn: (db: Database.Database) => void): void => {
    const db = new Database(path);
    try {
      fn(db);
    } finally {
      db.close();
    }
  };
  return { deps, path, sql, records };
}

async function verify(w: World): Promise<AuditReport> {
  const r = await verifyAudit(w.deps);
  await w.deps.store.close();
  return r;
}

describe('audit entries', () => {
  it('hash the canonical JSON of {chain, seq, at, type, payload, prev}, built by hand or by canonicalize alike', () => {
    const input: AuditInput = {
      chain: 'city',
      type: 'listing',
      payload: {
        listing: 7,
        subject: 'person:é',
        scheme: 's',
        list: 'l',
        from: null,
        to: 'noticed',
        effectAt: NOW,
        activeSince: null,
        endedAt: null,
      },
      at: NOW,
    };
    const { entry, payloadJson } = nextEntry(undefined, input, sha256);
    expect(entry.seq).toBe(1);
    expect(entry.prev).toBe(GENESIS);
    expect(payloadJson).toBe(canonicalJson(input.payload));
    expect(canonicalEntryText(entry, payloadJson)).toBe(canonicalEntry(entry));
    expect(entry.hash).toBe(sha256(canonicalEntry(entry)));
    const second = nextEntry({ chain: 'city', seq: 1, hash: entry.hash }, { ...input, at: NOW + 1 }, sha256).entry;
    expect([second.seq, second.prev]).toEqual([2, entry.hash]);
  });
});

describe('audit verify', () => {
  it('verifies the chains after imports, a retraction, publishing, consent, grants and actions', async () => {
    const w = await world();
    const { entries, batched, rows } = await w.deps.store.transaction(async (tx) => {
      const city = await tx.auditEntries('city', 0, 1_000_000);
      const all = [];
      for (const c of await tx.auditChains()) all.push(...(await tx.auditEntries(c, 0, 1_000_000)));
      const batched = all
        .filter((e) => e.type === 'record-batch')
        .reduce((n, e) => n + (JSON.parse(e.payload) as { records: unknown[] }).records.length, 0);
      let rows = 0;
      for (
        let page = await tx.recordsAfterId(0, 100_000);
        page.length > 0;
        page = await tx.recordsAfterId(page[page.length - 1]!.id, 100_000)
      )
        rows += page.length;
      return { entries: city, batched, rows };
    });
    const types = new Set(entries.map((e) => e.type));
    for (const t of ['grant', 'scheme-version', 'record-batch', 'retraction', 'listing', 'notice'])
      expect(types).toContain(t);
    expect(batched).toBe(rows);

    // Importing the same records again stores nothing and audits nothing.
    const before = await w.deps.store.transaction((tx) => tx.auditHeads());
    await importRecords(w.deps, linesOf(w.records, 200));
    expect(await w.deps.store.transaction((tx) => tx.auditHeads())).toEqual(before);

    const r = await verify(w);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.chains.map((c) => c.chain)).toEqual(expect.arrayContaining(['acme', 'city', 'operator']));
    const operator = r.chains.find((c) => c.chain === 'operator')!;
    // The registered action, and one entry per authority created.
    let authorities = 0;
    w.sql((db) => (authorities = (db.prepare('SELECT COUNT(*) AS n FROM authorities').get() as { n: number }).n));
    expect(operator.entries).toBe(1 + authorities);
    expect(r.chains.find((c) => c.chain === 'acme')!.head).toBe(before.find((h) => h.chain === 'acme')!.hash);
  });

  it('names a record row whose data was edited', async () => {
    const w = await world();
    let id = 0;
    w.sql((db) => {
      id = (
        db.prepare("SELECT id FROM records WHERE authority = 'city' ORDER BY id LIMIT 1 OFFSET 5").get() as {
          id: number;
        }
      ).id;
      db.prepare(`UPDATE records SET data = '{"severity":1}' WHERE id = ?`).run(id);
    });
    const r = await verify(w);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'records', id });
    expect(r.problems[0]!.message).toMatch(
      /was changed: its content matches neither its hash column nor its record-batch entry/,
    );
    expect(r.problems).toHaveLength(1);
  });

  it('names a record whose content and hash column were both rewritten, by the batch entry that still holds the old hash', async () => {
    const w = await world();
    w.sql((db) => {
      const row = db.prepare("SELECT * FROM records WHERE authority = 'city' ORDER BY id LIMIT 1").get() as {
        id: number;
        evidence: string | null;
      };
      db.prepare("UPDATE records SET evidence = 'forged' WHERE id = ?").run(row.id);
    });
    // Recompute the hash column the way the store would, so only the entry can tell.
    const forged = await w.deps.store.transaction(
      async (tx) => (await tx.recordsAfterId(0, 100_000)).find((r) => r.evidence === 'forged')!,
    );
    const { canonicalRecord } = await import('../../core/record.js');
    w.sql((db) =>
      db.prepare('UPDATE records SET hash = ? WHERE id = ?').run(sha256(canonicalRecord(forged)), forged.id),
    );
    const r = await verify(w);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'records', id: forged.id });
    expect(r.problems[0]!.seq).toBeGreaterThan(0);
    expect(r.problems[0]!.message).toMatch(/no longer match its record-batch entry/);
  });

  it('names a record deleted without a deletion entry, and one inserted without a batch', async () => {
    const w = await world();
    let key = '';
    w.sql((db) => {
      const row = db
        .prepare("SELECT id, key FROM records WHERE authority = 'city' ORDER BY id LIMIT 1 OFFSET 3")
        .get() as { id: number; key: string };
      key = row.key;
      db.prepare('DELETE FROM records WHERE id = ?').run(row.id);
      db.prepare(
        `INSERT INTO records(authority, key, subject, kind, occurred_at, data, evidence, submitted_by, received_at, hash) VALUES ('city', 'FORGED-1', 'person:x', 'traffic.speeding', 0, '{}', NULL, NULL, 0, 'x')`,
      ).run();
    });
    const r = await verify(w);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'records', id: `city/${key}` });
    expect(r.problems[0]!.message).toMatch(/not in the records table/);
    expect(r.problems[1]!.message).toMatch(/FORGED-1 .*covered by no record-batch entry/);
  });

  it('names a listing whose state was changed behind the log', async () => {
    const w = await world(40);
    const id = await w.deps.store.transaction(async (tx) => {
      const core = {
        state: 'noticed',
        effectAt: NOW + 10,
        activeSince: null,
        appealed: false,
        endedAt: null,
        endReason: null,
        term: null,
        termEndsAt: null,
        receivedAt: NOW,
      } as const;
      const row = {
        authority: 'city',
        scheme: 'city-citizen',
        list: 'hand-made',
        listType: 'blacklist',
        subject: 'person:test',
        version: 1,
        noticedAt: NOW,
        ...core,
      } as const;
      const id = await tx.insertListing(row);
      await appendAudit(tx, {
        chain: 'city',
        type: 'listing',
        payload: {
          listing: id,
          subject: row.subject,
          scheme: row.scheme,
          list: row.list,
          from: null,
          to: 'noticed',
          effectAt: NOW + 10,
          activeSince: null,
          endedAt: null,
        },
        at: NOW,
      });
      return id;
    });
    expect((await verifyAudit(w.deps)).ok).toBe(true);
    w.sql((db) => db.prepare("UPDATE listings SET state = 'ended' WHERE id = ?").run(id));
    const r = await verify(w);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'listings', id });
    expect(r.problems[0]!.message).toBe(`listing ${id} is ended but its last listing entry says noticed`);
  });

  it('catches a listing state changed behind the log even after a later transition was logged from it', async () => {
    const w = await world(40);
    const id = await w.deps.store.transaction(async (tx) => {
      const core = {
        state: 'noticed',
        effectAt: NOW + 10,
        activeSince: null,
        appealed: false,
        endedAt: null,
        endReason: null,
        term: null,
        termEndsAt: null,
        receivedAt: NOW,
      } as const;
      const row = {
        authority: 'city',
        scheme: 'city-citizen',
        list: 'hand-made',
        listType: 'blacklist',
        subject: 'person:test',
        version: 1,
        noticedAt: NOW,
        ...core,
      } as const;
      const id = await tx.insertListing(row);
      await appendAudit(tx, {
        chain: 'city',
        type: 'listing',
        payload: {
          listing: id,
          subject: row.subject,
          scheme: row.scheme,
          list: row.list,
          from: null,
          to: 'noticed',
          effectAt: NOW + 10,
          activeSince: null,
          endedAt: null,
        },
        at: NOW,
      });
      return id;
    });
    w.sql((db) => db.prepare("UPDATE listings SET state = 'active' WHERE id = ?").run(id));
    const laundering = await w.deps.store.transaction(async (tx) => {
      await tx.updateListing(id, {
        state: 'ended',
        effectAt: NOW + 10,
        activeSince: null,
        appealed: false,
        endedAt: NOW,
        endReason: 'condition-stopped',
        term: null,
        termEndsAt: null,
        receivedAt: NOW,
      });
      return appendAudit(tx, {
        chain: 'city',
        type: 'listing',
        payload: {
          listing: id,
          subject: 'person:test',
          scheme: 'city-citizen',
          list: 'hand-made',
          from: 'active',
          to: 'ended',
          effectAt: NOW + 10,
          activeSince: null,
          endedAt: NOW,
        },
        at: NOW,
      });
    });
    const r = await verify(w);
    expect(r.problems).toEqual([
      {
        chain: 'city',
        seq: laundering.seq,
        table: 'listings',
        id,
        message: `listing ${id} moves from active but its previous entry left it noticed`,
      },
    ]);
  });

  it('catches the last entry of a chain dropped, by the head it leaves behind', async () => {
    const w = await world(40);
    let last = 0;
    w.sql((db) => {
      last = (db.prepare("SELECT MAX(seq) AS s FROM audit_entries WHERE chain = 'acme'").get() as { s: number }).s;
      db.prepare("DELETE FROM audit_entries WHERE chain = 'acme' AND seq = ?").run(last);
    });
    const r = await verify(w);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ chain: 'acme', seq: last, table: 'audit_heads' });
    expect(r.problems[0]!.message).toMatch(new RegExp(`last entry is seq ${last - 1}`));
  });

  it('catches an entry removed from the middle of a chain', async () => {
    const w = await world(40);
    w.sql((db) => db.prepare("DELETE FROM audit_entries WHERE chain = 'city' AND seq = 3").run());
    const r = await verify(w);
    expect(r.problems[0]).toMatchObject({ chain: 'city', seq: 4 });
    expect(r.problems[0]!.message).toMatch(/seq 3 was expected/);
  });

  it('names an entry whose payload was edited', async () => {
    const w = await world(40);
    let seq = 0;
    w.sql((db) => {
      seq = (
        db.prepare("SELECT seq FROM audit_entries WHERE chain = 'city' AND type = 'retraction'").get() as {
          seq: number;
        }
      ).seq;
      db.prepare(
        "UPDATE audit_entries SET payload = replace(payload, 'entered in error', 'never happened') WHERE chain = 'city' AND seq = ?",
      ).run(seq);
    });
    const r = await verify(w);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ chain: 'city', seq });
    expect(r.problems[0]!.message).toMatch(/does not match its content/);
    // The record's retraction reason no longer matches the (edited) entry either.
    expect(r.problems.slice(1).map((p) => p.table)).toEqual(['records']);
  });

  it('names a scheme version row that was edited', async () => {
    const w = await world(40);
    w.sql((db) =>
      db
        .prepare(
          "UPDATE scheme_versions SET source = source || '# amended' WHERE authority = 'city' AND scheme = 'city-citizen' AND version = 1",
        )
        .run(),
    );
    const r = await verify(w);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'scheme_versions', id: 'city/city-citizen@1' });
    expect(r.problems[0]!.seq).toBeGreaterThan(0);
    expect(r.problems).toHaveLength(1);
  });

  it('names a retraction undone behind the log', async () => {
    const w = await world(40);
    w.sql((db) =>
      db.prepare('UPDATE records SET retracted_at = NULL, retract_reason = NULL WHERE retracted_at IS NOT NULL').run(),
    );
    const r = await verify(w);
    expect(r.problems[0]).toMatchObject({ chain: 'city', table: 'records' });
    expect(r.problems[0]!.message).toMatch(/has a retraction entry but is not retracted/);
  });
});

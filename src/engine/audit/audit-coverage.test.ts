import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { exampleSchemes } from '../../cli/commands/demo.js';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ACTIONS, describeStores, type TestStoreKind } from '../../test-support/engine.js';
import { dropSchema, TEST_PG_URL } from '../../test-support/postgres.js';
import { manualClock } from '../clock.js';
import type { EngineDeps } from '../deps.js';
import { actingAs } from '../tenancy/accounts.js';
import { decideAppeal, fileAppeal } from '../due-process/appeals.js';
import { decideDispute, fileDispute } from '../due-process/disputes.js';
import { retractRecord } from '../ingest/records.js';
import { setDisputeDeadline } from '../due-process/dispute-deadlines.js';
import { sweep } from '../evaluation/sweep.js';
import { seedCity } from '../seed/city.js';
import { createApiKey, revokeApiKey, setPassword } from '../tenancy/auth.js';
import { verifyAudit, type AuditReport } from './audit.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');

/** A seeded city (listings in every state, appeals, exemptions, consent, accounts) plus a decided dispute, keys and a password; and raw SQL on its tables. */
interface World {
  readonly kind: TestStoreKind;
  readonly deps: EngineDeps;
  /** Runs raw SQL, as someone with write access to the database would; `?` placeholders. */
  readonly sql: (text: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;
  readonly close: () => Promise<void>;
}

async function openWorld(kind: TestStoreKind): Promise<World> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'standing-cover-'));
    const path = join(dir, 'standing.db');
    const store = openSqliteStore(path, { create: true, actions: ACTIONS });
    return {
      kind,
      deps: { store, clock: manualClock(NOW) },
      async sql(text, params = []) {
        const db = new Database(path);
        try {
          const st = db.prepare(text);
          return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
        } finally {
          db.close();
        }
      },
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = TEST_PG_URL!;
  const schema = `t_cover_${randomBytes(4).toString('hex')}`;
  const store = await openPostgresStore(url, { create: true, schema, actions: ACTIONS });
  return {
    kind,
    deps: { store, clock: manualClock(NOW) },
    async sql(text, params = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`SET search_path TO ${schema}`);
        let n = 0;
        return (
          await client.query(
            text.replace(/\?/g, () => `$${++n}`),
            params as unknown[],
          )
        ).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async close() {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}

async function build(w: World): Promise<void> {
  const { deps } = w;
  const seeded = await seedCity(deps, { persons: 150, businesses: 10, seed: 5, schemes: exampleSchemes(), years: 3 });
  // A dispute decided by retraction, keys (one revoked), a password.
  const rec = (
    await w.sql("SELECT authority, key, subject FROM records WHERE authority = 'city' ORDER BY id LIMIT 1")
  )[0]!;
  const subject = String(rec.subject);
  const account = `subject-${subject.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  if (!seeded.accounts.some((a) => a.name === account)) {
    const { addAccount } = await import('../tenancy/accounts.js');
    await addAccount(deps, { name: account, roles: ['subject'], subject });
  }
  // The operator's deadline for city's disputes (audited), then a dispute filed under it.
  await setDisputeDeadline(deps, 'city', 'P20D');
  const d = await fileDispute(deps, {
    authority: 'city',
    key: String(rec.key),
    statement: 'Not me.',
    as: await actingAs(deps, account),
  });
  await decideDispute(deps, {
    dispute: d.id,
    outcome: 'confirm',
    reasons: 'The record stands.',
    as: await actingAs(deps, 'city-reviewer'),
  });
  const other = (
    await w.sql("SELECT key FROM records WHERE authority = 'city' AND retracted_at IS NULL ORDER BY id DESC LIMIT 1")
  )[0]!;
  await retractRecord(deps, {
    authority: 'city',
    key: String(other.key),
    reason: 'entered in error',
    by: 'city-reporter',
  });
  // Two appeals of open blacklist listings: one overturned with an exemption, one left pending.
  const open = await w.sql(
    "SELECT id, subject FROM listings WHERE state IN ('noticed', 'active') AND list_type = 'blacklist' AND appealed = ? ORDER BY id LIMIT 2",
    [w.kind === 'sqlite' ? 0 : false],
  );
  for (const [i, l] of open.entries()) {
    const name = `appellant-${i}`;
    const { addAccount } = await import('../tenancy/accounts.js');
    await addAccount(deps, { name, roles: ['subject'], subject: String(l.subject) });
    const a = await fileAppeal(deps, {
      listing: Number(l.id),
      statement: 'Please review.',
      as: await actingAs(deps, name),
    });
    if (i === 0) {
      const authority = (await w.sql('SELECT authority FROM appeals WHERE id = ?', [a.id]))[0]!.authority;
      await decideAppeal(deps, {
        appeal: a.id,
        outcome: 'overturn',
        reasons: 'Not justified.',
        exempt: true,
        as: await actingAs(deps, `${String(authority)}-reviewer`),
      });
    }
  }
  await createApiKey(deps, { authority: 'city', roles: ['reporter'] });
  const admin = await createApiKey(deps, { authority: 'city', roles: ['admin'] });
  await revokeApiKey(deps, admin.id);
  await createApiKey(deps, { party: 'airline' });
  await setPassword(deps, 'city-reviewer', 'correct horse battery');
}

function expectNamed(r: AuditReport, table: string, message: RegExp): void {
  expect(r.ok).toBe(false);
  expect(r.problems[0]).toMatchObject({ table });
  expect(r.problems[0]!.message).toMatch(message);
}

describeStores('audit verify covers every row that changes a check, a file or a right', (kind) => {
  let w: World;
  beforeEach(async () => {
    w = await openWorld(kind);
    await build(w);
  }, 120_000);
  afterEach(async () => {
    await w.close();
  });
  const verify = (): Promise<AuditReport> => verifyAudit(w.deps);

  it('passes on the untouched world', async () => {
    const r = await verify();
    expect(r.problems).toEqual([]);
    // The world holds what the tampering below needs.
    const count = async (t: string, where = ''): Promise<number> =>
      Number((await w.sql(`SELECT COUNT(*) AS n FROM ${t} ${where}`))[0]!.n);
    expect(await count('active_sanctions')).toBeGreaterThan(0);
    expect(await count('exemptions')).toBeGreaterThan(0);
    expect(await count('appeals', "WHERE state <> 'pending'")).toBeGreaterThan(0);
    expect(await count('appeals', "WHERE state = 'pending'")).toBeGreaterThan(0);
    expect(await count('consents')).toBeGreaterThan(0);
    expect(await count('api_keys', 'WHERE revoked_at IS NOT NULL')).toBe(1);
  });

  it('names a sanction in force deleted', async () => {
    await w.sql('DELETE FROM active_sanctions WHERE listing_id = (SELECT MIN(listing_id) FROM active_sanctions)');
    expectNamed(await verify(), 'active_sanctions', /is missing from, or was changed in, active_sanctions/);
  });

  it('names a sanction in force added', async () => {
    const l = (
      await w.sql("SELECT id, subject, authority, scheme, list FROM listings WHERE state = 'ended' LIMIT 1")
    )[0]!;
    await w.sql(
      "INSERT INTO active_sanctions(listing_id, subject, action, effect, limit_json, authority, scheme, list, since) VALUES (?, ?, 'flight.board', 'deny', NULL, ?, ?, ?, 1)",
      [l.id, l.subject, l.authority, l.scheme, l.list],
    );
    expectNamed(await verify(), 'active_sanctions', /which its listing and scheme version do not impose/);
  });

  it('names a record whose submitted_by or received_at was changed', async () => {
    await w.sql("UPDATE records SET submitted_by = 'city-reviewer' WHERE id = (SELECT MIN(id) FROM records)");
    expectNamed(await verify(), 'records', /submitted_by is "city-reviewer" but its record-batch entry says null/);
    await w.sql(
      'UPDATE records SET submitted_by = NULL, received_at = received_at + 1 WHERE id = (SELECT MIN(id) FROM records)',
    );
    expectNamed(await verify(), 'records', /received_at is \d+ but its record-batch entry says \d+/);
  });

  it('names a retraction whose reason was changed', async () => {
    await w.sql("UPDATE records SET retract_reason = 'the subject paid us' WHERE retract_reason = 'entered in error'");
    expectNamed(await verify(), 'records', /its retraction's reason no longer matches its retraction entry/);
  });

  it('names a listing whose effect instant was changed', async () => {
    await w.sql('UPDATE listings SET effect_at = effect_at + 86400000 WHERE id = (SELECT MIN(id) FROM listings)');
    expectNamed(await verify(), 'listings', /effect_at no longer matches its last listing entry/);
  });

  it('names an appeal whose statement or state was changed', async () => {
    await w.sql("UPDATE appeals SET statement = 'I confess.' WHERE id = (SELECT MIN(id) FROM appeals)");
    expectNamed(await verify(), 'appeals', /appeal \d+ was changed/);
  });

  it('names an appeal decided behind the log', async () => {
    await w.sql(
      "UPDATE appeals SET state = 'overturned' WHERE id = (SELECT MAX(id) FROM appeals WHERE state = 'pending')",
    );
    expectNamed(await verify(), 'appeals', /appeal \d+ was changed/);
  });

  it('names a dispute whose deadline was moved, and an authority whose dispute deadline was changed', async () => {
    await w.sql("UPDATE disputes SET deadline_at = deadline_at + 86400000 WHERE authority = 'city'");
    expectNamed(await verify(), 'disputes', /dispute \d+ was changed/);
    await w.sql("UPDATE disputes SET deadline_at = deadline_at - 86400000 WHERE authority = 'city'");
    expect((await verify()).problems).toEqual([]);
    await w.sql(`UPDATE meta SET value = '{"city":"P900D"}' WHERE key = 'dispute_deadlines'`);
    expectNamed(await verify(), 'dispute_deadlines', /the dispute deadline of city was changed/);
  });

  it('names a dispute past its deadline whose passing was undone (the record would count again)', async () => {
    const rec = (
      await w.sql(
        "SELECT r.key, r.subject FROM records r WHERE r.authority = 'city' AND r.retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.key = r.key) ORDER BY r.id LIMIT 1",
      )
    )[0]!;
    const { addAccount } = await import('../tenancy/accounts.js');
    await addAccount(w.deps, { name: 'late-disputer', roles: ['subject'], subject: String(rec.subject) });
    await fileDispute(w.deps, {
      authority: 'city',
      key: String(rec.key),
      statement: 'Not me.',
      as: await actingAs(w.deps, 'late-disputer'),
    });
    (w.deps.clock as ReturnType<typeof manualClock>).set(NOW + 21 * 86_400_000);
    await sweep(w.deps);
    expect((await verify()).problems).toEqual([]);
    await w.sql('UPDATE disputes SET overdue_at = NULL WHERE overdue_at IS NOT NULL');
    expectNamed(await verify(), 'disputes', /dispute \d+ was changed/);
  });

  it('names a dispute whose outcome was changed', async () => {
    await w.sql("UPDATE disputes SET state = 'retracted'");
    expectNamed(await verify(), 'disputes', /dispute \d+ was changed/);
  });

  it('names a consent row changed or deleted', async () => {
    await w.sql('UPDATE consents SET at = at + 1 WHERE id = (SELECT MIN(id) FROM consents)');
    expectNamed(await verify(), 'consents', /consent .* was changed/);
  });

  it('names a consent row deleted', async () => {
    await w.sql('DELETE FROM consents WHERE id = (SELECT MAX(id) FROM consents)');
    expectNamed(await verify(), 'consents', /is not in consents/);
  });

  it('names an entitlement added behind the log', async () => {
    await w.sql("INSERT INTO entitlements(party, action, granted_at) VALUES ('airline', 'rail.high_speed.board', 1)");
    expectNamed(
      await verify(),
      'entitlements',
      /entitlement airline\/rail.high_speed.board is in entitlements but no audit entry covers it/,
    );
  });

  it('names an action grant added or removed behind the log', async () => {
    await w.sql("INSERT INTO grants(authority, action, granted_at) VALUES ('acme', 'flight.board', 1)");
    expectNamed(await verify(), 'grants', /grant acme\/flight.board is in grants but no audit entry covers it/);
  });

  it('names a data-sharing grant revoked, re-purposed or added behind the log', async () => {
    expect(Number((await w.sql('SELECT COUNT(*) AS n FROM shares'))[0]!.n)).toBeGreaterThan(0);
    await w.sql(
      "UPDATE shares SET purpose = 'anything at all' WHERE from_authority = 'court' AND to_authority = 'city'",
    );
    expectNamed(await verify(), 'shares', /sharing grant court\/city was changed/);
    await w.sql("DELETE FROM shares WHERE from_authority = 'court' AND to_authority = 'city'");
    await w.sql(
      "INSERT INTO shares(from_authority, to_authority, purpose, granted_at) VALUES ('tax', 'acme', 'credit checks', 1)",
    );
    expectNamed(await verify(), 'shares', /sharing grant (court\/city|tax\/acme)/);
  });

  it('names an account whose roles were changed', async () => {
    await w.sql(
      "UPDATE accounts SET roles = (SELECT roles FROM accounts WHERE name = 'city-admin') WHERE name = 'city-reviewer'",
    );
    expectNamed(await verify(), 'accounts', /account city-reviewer was changed/);
  });

  it('names an API key un-revoked or given other roles', async () => {
    await w.sql('UPDATE api_keys SET revoked_at = NULL');
    expectNamed(await verify(), 'api_keys', /API key .* was changed/);
  });

  it('names an API key given other roles', async () => {
    await w.sql(
      "UPDATE api_keys SET roles = (SELECT roles FROM api_keys WHERE revoked_at IS NOT NULL) WHERE revoked_at IS NULL AND authority = 'city'",
    );
    expectNamed(await verify(), 'api_keys', /API key .* was changed/);
  });

  it('names a password hash replaced', async () => {
    await w.sql("UPDATE passwords SET hash = 'scrypt$16384$8$1$AAAA$BBBB' WHERE account = 'city-reviewer'");
    expectNamed(await verify(), 'passwords', /password of city-reviewer was changed/);
  });

  it('names a notice whose text was changed', async () => {
    await w.sql("UPDATE notices SET body = replace(body, 'appeal', 'complain')");
    expectNamed(await verify(), 'messages', /message \d+ was changed/);
  });

  it('names a notice whose typed columns no longer say what its statement says', async () => {
    await w.sql('UPDATE notices SET effect_at = effect_at + 86400000 WHERE id = (SELECT MIN(id) FROM notices)');
    expectNamed(await verify(), 'notices', /notice \d+: effectAt differs from its statement/);
    await w.sql('UPDATE notices SET effect_at = effect_at - 86400000, listing_id = listing_id + 100000');
    expectNamed(await verify(), 'notices', /notice \d+: listingId differs from its statement/);
  });

  it('names an exemption deleted', async () => {
    await w.sql('DELETE FROM exemptions');
    expectNamed(await verify(), 'exemptions', /exemption .* of this entry is not in exemptions/);
  });

  it('names an exemption added', async () => {
    const l = (await w.sql("SELECT authority, scheme, list, subject FROM listings WHERE state = 'active' LIMIT 1"))[0]!;
    await w.sql('INSERT INTO exemptions(authority, scheme, list, subject, since) VALUES (?, ?, ?, ?, 1)', [
      l.authority,
      l.scheme,
      l.list,
      l.subject,
    ]);
    expectNamed(await verify(), 'exemptions', /is in exemptions but no audit entry covers it/);
  });

  it('names the decision behind a listing by decision rewritten or deleted', async () => {
    expect(Number((await w.sql('SELECT COUNT(*) AS n FROM manual_listings'))[0]!.n)).toBeGreaterThan(0);
    await w.sql(
      "UPDATE manual_listings SET reason = 'Ordered for no reason' WHERE listing_id = (SELECT MIN(listing_id) FROM manual_listings)",
    );
    expectNamed(await verify(), 'manual_listings', /the decision behind listing \d+ was changed/);
    await w.sql('DELETE FROM manual_listings');
    expectNamed(
      await verify(),
      'manual_listings',
      /the decision behind listing \d+ of this entry is not in manual_listings/,
    );
  });

  it('names an authority deleted with everything it held, its chain included', async () => {
    const victim = 'acme';
    const tables = (await w.sql(
      kind === 'sqlite'
        ? "SELECT m.name AS t FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'authority'"
        : "SELECT c.table_name AS t FROM information_schema.columns c JOIN information_schema.tables b USING (table_schema, table_name) WHERE c.table_schema = current_schema() AND c.column_name = 'authority' AND b.table_type = 'BASE TABLE'",
    )) as { t: string }[];
    await w.sql('DELETE FROM passwords WHERE account IN (SELECT name FROM accounts WHERE authority = ?)', [victim]);
    for (const { t } of tables) if (t !== 'authorities') await w.sql(`DELETE FROM ${t} WHERE authority = ?`, [victim]);
    await w.sql('DELETE FROM grants WHERE authority = ?', [victim]);
    await w.sql('DELETE FROM shares WHERE from_authority = ? OR to_authority = ?', [victim, victim]);
    await w.sql('DELETE FROM audit_entries WHERE chain = ?', [victim]);
    await w.sql('DELETE FROM audit_heads WHERE chain = ?', [victim]);
    await w.sql('DELETE FROM authorities WHERE name = ?', [victim]);
    // The sharing grant court → acme went with it, on court's chain, and is named too.
    const r = await verify();
    expect(r.ok).toBe(false);
    const named = r.problems.find((p) => p.table === 'authorities');
    expect(named?.message).toMatch(/authority acme of this entry is not in authorities/);
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../engine/tenancy/accounts.js';
import { setPassword } from '../engine/tenancy/auth.js';
import { importConsents } from '../engine/due-process/consent.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { addAction, grantAction } from '../engine/tenancy/registry.js';
import { sweep } from '../engine/evaluation/sweep.js';
import { linesOf, testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import type { App } from './app.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T09:00:00Z');
const PASSWORD = 'correct horse battery';
const example = (name: string): string =>
  readFileSync(new URL(`../../examples/employment/${name}`, import.meta.url), 'utf8');

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Acme's admin, and two of its staff as subjects with accounts: pat consents to the staff scheme, sam does not. */
async function acme() {
  const deps = testEngine(T0);
  for (const [name, roles, extra] of [
    ['acme-admin', ['admin'], { authority: 'acme' }],
    ['pat', ['subject'], { subject: 'person:pat' }],
    ['sam', ['subject'], { subject: 'person:sam' }],
  ] as const) {
    await addAccount(deps, { name, roles: [...roles], ...extra });
    await setPassword(deps, name, PASSWORD);
  }
  app = await realApp(deps);
  const signIn = async (name: string): Promise<Credential> => {
    const res = await app!.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { account: name, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { type: 'session', token: String(res.json<{ token: string }>().token) };
  };
  return { deps, app, signIn, admin: await signIn('acme-admin') };
}

describe('data contexts and employer schemes over HTTP (SPEC §5)', () => {
  it('publishing a rule on shopping habits in an employment scheme is refused, naming the rule; check shows why', async () => {
    const { app: a, admin } = await acme();
    const refused = await call(a, 'POST', '/v1/schemes', admin, { source: example('acme-staff-shopping.yaml') });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'SCHEME_DATA_UNJUSTIFIED', rule: 'shopping', field: 'rules[2]' });
    expect(String(refused.body.message)).toMatch(/retail\.purchase \(domain commerce\).*context employment/);
    expect((await call(a, 'GET', '/v1/schemes', admin)).body.versions).toEqual([]);

    const checked = await call(a, 'POST', '/v1/schemes/check', admin, { source: example('acme-staff-shopping.yaml') });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ code: 'SCHEME_DATA_UNJUSTIFIED', rule: 'shopping' })],
    });

    // With a justification and a basis on that rule it is published, and the report says so.
    const justified = example('acme-staff-shopping.yaml').replace(
      '    lapse: P90D\n',
      '    lapse: P90D\n    dataJustification: Staff discount abuse\n    basis: Staff handbook 4.7\n',
    );
    const ok = await call(a, 'POST', '/v1/schemes', admin, { source: justified });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const v = await call(a, 'GET', '/v1/schemes/acme/acme-staff/versions/1', admin);
    expect(v.body.dataContext).toMatchObject({
      schemeContext: 'employment',
      domains: ['commerce', 'employment'],
      uses: [
        { on: 'rule', id: 'late-arrival', crossContext: false },
        { on: 'rule', id: 'training', crossContext: false },
        {
          on: 'rule',
          id: 'shopping',
          kinds: ['retail.purchase'],
          foreign: ['commerce'],
          crossContext: true,
          dataJustification: 'Staff discount abuse',
          basis: 'Staff handbook 4.7',
        },
      ],
    });
  });

  it('an employment scheme may not sanction an action outside employment: EMPLOYMENT_SANCTION_FORBIDDEN', async () => {
    const { deps, app: a, admin } = await acme();
    await grantAction(deps, 'acme', 'rental.deposit');
    const withList = (action: string, effect: string) =>
      `${example('acme-staff.yaml')}\nlists:\n  - id: l\n    type: ${effect === 'waive' ? 'redlist' : 'blacklist'}\n    when: subject.score < 50\n    sanctions:\n      - { action: ${action}, effect: ${effect}, justification: j, basis: b }\n`;
    const r = await call(a, 'POST', '/v1/schemes', admin, { source: withList('rental.deposit', 'waive') });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'EMPLOYMENT_SANCTION_FORBIDDEN', rule: 'l' });
    // An action the operator registers in the employment domain may be sanctioned.
    await addAction(deps, { name: 'employment.shift_lead', domain: 'employment', effect: 'deny' });
    await grantAction(deps, 'acme', 'employment.shift_lead');
    const ok = await call(a, 'POST', '/v1/schemes', admin, { source: withList('employment.shift_lead', 'deny') });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('staff see the employer scheme and their file like any subject; without consent they are not judged', async () => {
    const { deps, app: a, admin, signIn } = await acme();
    expect((await call(a, 'POST', '/v1/schemes', admin, { source: example('acme-staff.yaml') })).status).toBe(201);
    await importConsents(deps, [
      { subject: 'person:pat', authority: 'acme', scheme: 'acme-staff', at: T0 - 30 * DAY, optIn: true },
    ]);
    const rec = (key: string, subject: string, kind: string, daysAgo: number) => ({
      key,
      authority: 'acme',
      subject,
      kind,
      occurredAt: new Date(T0 - daysAgo * DAY).toISOString(),
    });
    await importRecords(
      deps,
      linesOf([
        rec('hr-1', 'person:pat', 'employment.late_arrival', 5),
        rec('hr-2', 'person:pat', 'employment.training_completed', 3),
        rec('hr-3', 'person:sam', 'employment.late_arrival', 4),
      ]),
    );
    await sweep(deps);
    const pat = await signIn('pat');
    const scores = (await call(a, 'GET', '/v1/me/scores', pat)).body.schemes as Record<string, unknown>[];
    expect(scores).toEqual([
      expect.objectContaining({
        authority: 'acme',
        scheme: 'acme-staff',
        public: false,
        score: 105,
        grade: 'reliable',
      }),
    ]);
    const records = (await call(a, 'GET', '/v1/me/records', pat)).body.records as { key: string }[];
    expect(records.map((r) => r.key).sort()).toEqual(['hr-1', 'hr-2']);
    // The scheme in the file says what it judges: employment, with the staff's consent.
    expect(scores[0]).toMatchObject({ context: 'employment', consent: 'required', notJudged: null });
    // It is not public: outsiders do not see it.
    expect((await call(a, 'GET', '/v1/schemes/acme/acme-staff/versions/1')).status).toBe(404);
    const sam = await signIn('sam');
    const samScores = (await call(a, 'GET', '/v1/me/scores', sam)).body.schemes as Record<string, unknown>[];
    expect(samScores).toEqual([
      expect.objectContaining({ scheme: 'acme-staff', notJudged: 'no-consent', score: null }),
    ]);
  });
});

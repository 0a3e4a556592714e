import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../engine/tenancy/auth.js';
import { seedCity } from '../engine/seed/city.js';
import { exampleScheme, testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import type { App } from './app.js';

// The two routes the operator console adds: grades over time, and lists with their sizes.
describe('console routes', () => {
  const deps = testEngine(Date.parse('2026-06-01T00:00:00Z'));
  let app: App;
  let auditor: Credential;
  let reporter: Credential;
  beforeAll(async () => {
    const schemes = ['acme-rentals', 'city-citizen', 'court-debtors', 'tax-credit'].map(exampleScheme);
    await seedCity(deps, { persons: 400, businesses: 20, seed: 3, schemes });
    auditor = { type: 'key', secret: (await createApiKey(deps, { authority: 'city', roles: ['auditor'] })).secret };
    reporter = { type: 'key', secret: (await createApiKey(deps, { authority: 'city', roles: ['reporter'] })).secret };
    app = await realApp(deps);
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('gives the population by grade at past instants, the last one now, in scheme order', async () => {
    const r = await call(app, 'GET', '/v1/schemes/city/city-citizen/history?months=24&points=5', auditor);
    expect(r.status).toBe(200);
    const body = r.body as {
      grades: string[];
      population: number;
      sampled: number;
      points: { at: string; judged: number; grades: Record<string, number> }[];
    };
    expect(body.grades).toEqual(['AAA', 'AA', 'A', 'B', 'C', 'D']);
    expect(body.points).toHaveLength(5);
    expect(body.sampled).toBe(body.population);
    for (const p of body.points) expect(Object.values(p.grades).reduce((a, b) => a + b, 0)).toBe(p.judged);
    // The last point is now, and agrees with the scores of the derived state.
    const scores = await call(app, 'GET', '/v1/schemes/city/city-citizen/scores?limit=1000', auditor);
    expect(body.points[4]!.judged).toBe((scores.body.lines as unknown[]).length);
    // Two years ago fewer subjects had records than now.
    expect(body.points[0]!.judged).toBeLessThan(body.points[4]!.judged);
  });

  it('refuses reporters and other authorities, and bad parameters', async () => {
    expect((await call(app, 'GET', '/v1/schemes/city/city-citizen/history', reporter)).status).toBe(403);
    expect((await call(app, 'GET', '/v1/schemes/court/judgment-debtors/history', auditor)).status).toBe(403);
    expect((await call(app, 'GET', '/v1/schemes/city/city-citizen/history?points=x', auditor)).status).toBe(400);
    expect((await call(app, 'GET', '/v1/lists')).status).toBe(401);
  });

  it('lists every list of the authority with listings by state and the newest ones', async () => {
    const r = await call(app, 'GET', '/v1/lists', reporter);
    expect(r.status).toBe(200);
    const lists = r.body.lists as {
      scheme: string;
      list: string;
      counts: Record<string, number>;
      recent: { authority: string; list: string; noticedAt: string }[];
    }[];
    expect(lists.map((l) => l.list)).toEqual([
      'air-travel-ban',
      'bandwidth-limit',
      'higher-education-bar',
      'honour-roll',
    ]);
    const all = await deps.store.transaction((tx) =>
      tx.listingsOf({ authority: 'city' }, { after: null, limit: 100_000 }),
    );
    for (const l of lists) {
      const mine = all.filter((x) => x.list === l.list);
      expect(Object.values(l.counts).reduce((a, b) => a + b, 0)).toBe(mine.length);
      expect(l.counts.active).toBe(mine.filter((x) => x.state === 'active').length);
      expect(l.recent.length).toBe(Math.min(5, mine.length));
      expect(l.recent.every((x) => x.authority === 'city' && x.list === l.list)).toBe(true);
      const times = l.recent.map((x) => Date.parse(x.noticedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    }
  });
});

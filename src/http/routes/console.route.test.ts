import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebCity, WEB_PASSWORD, type WebCity } from '../../test-support/web-city.js';

/*
 * GET /v1/console/subjects/{subject}: the console's subject page in one answer, always as the
 * caller's own authority sees the subject (never another authority's schemes, records or listings).
 */

let city: WebCity;

async function session(account: string): Promise<string> {
  const res = await fetch(`${city.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, password: WEB_PASSWORD }),
  });
  expect(res.status).toBe(201);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

interface View {
  authority: string;
  schemes: {
    authority: string;
    scheme: string;
    explanation: { judged: boolean; score: number | null };
    history: unknown[];
  }[];
  records: { authority: string }[];
  listings: { authority: string; id: number }[];
}

async function view(cookie: string, subject: string): Promise<View> {
  const res = await fetch(`${city.url}/v1/console/subjects/${encodeURIComponent(subject)}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as View;
}

describe('GET /v1/console/subjects/{subject}', () => {
  beforeAll(async () => {
    city = await startWebCity({ persons: 2000 });
  }, 180_000);
  afterAll(async () => {
    await city?.close();
  });

  it('answers the explanations, score history, records and listings of the caller’s authority in one request', async () => {
    const v = await view(await session('city-admin'), city.appellant.subject);
    expect(v.authority).toBe('city');
    const citizen = v.schemes.find((s) => s.scheme === 'city-citizen');
    expect(citizen?.explanation.judged).toBe(true);
    expect(citizen?.history).toHaveLength(9);
    expect(v.records.length).toBeGreaterThan(0);
    expect(v.listings.map((l) => l.id)).toContain(city.appellant.listing);
  });

  it('shows another authority’s staff only their own authority’s view, not the city’s public schemes or records', async () => {
    const v = await view(await session('court-admin'), city.appellant.subject);
    expect(v.authority).toBe('court');
    expect(v.schemes.length).toBeGreaterThan(0);
    expect(v.schemes.every((s) => s.authority === 'court')).toBe(true);
    expect(v.records.every((r) => r.authority === 'court')).toBe(true);
    expect(v.listings.every((l) => l.authority === 'court')).toBe(true);
  });
});

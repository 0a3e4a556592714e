import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decisionIds } from './decision-id.js';

const KEY = '00112233445566778899aabbccddeeff';

describe('decision ids from access-log row ids', () => {
  it('gives each row id its own UUID-shaped id, which leads back to it', () => {
    const ids = decisionIds(KEY);
    const made = Array.from({ length: 1000 }, (_, i) => ids.encode(i + 1));
    expect(new Set(made).size).toBe(1000);
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(made.map((id) => ids.decode(id))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(ids.decode(made[41]!.toUpperCase())).toBe(42);
    expect(ids.encode(Number.MAX_SAFE_INTEGER)).toBe(ids.encode(Number.MAX_SAFE_INTEGER));
    expect(ids.decode(ids.encode(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('does not show how many checks were made: consecutive rows get unordered, unrelated ids', () => {
    const ids = decisionIds(KEY);
    const made = Array.from({ length: 200 }, (_, i) => ids.encode(i + 1));
    const sorted = [...made].sort();
    expect(made).not.toEqual(sorted);
    // No shared prefix as counters and time-ordered ids have.
    const prefixes = new Set(made.map((id) => id.slice(0, 4)));
    expect(prefixes.size).toBeGreaterThan(150);
  });

  it('reads no row id from text another key made, a random UUID, or text of another shape', () => {
    const ids = decisionIds(KEY);
    const other = decisionIds('ffeeddccbbaa99887766554433221100');
    for (let i = 1; i <= 100; i++) expect(ids.decode(other.encode(i))).toBeUndefined();
    for (let i = 0; i < 100; i++) expect(ids.decode(randomUUID())).toBeUndefined();
    for (const text of ['', 'd-1', '42', `${ids.encode(1)}x`, ids.encode(1).replaceAll('-', '')])
      expect(ids.decode(text)).toBeUndefined();
  });

  it('refuses a key that is not 16 bytes', () => {
    expect(() => decisionIds('0011')).toThrow(/16 bytes/);
  });
});

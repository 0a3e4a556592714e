import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CITY_TEST_SCHEME } from '../test-support/city-test-scheme.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-shadow-cli-'));
const db = join(dir, 'shadow.db');

async function standing(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli([...args, '--db', db], () => loadConfig({ STANDING_NOW: '2026-03-01T00:00:00Z' }), output);
  return { code, out, err };
}

it('standing scheme withdraw: a shadow version withdrawn is no longer pending nor promotable, and its place is free', async () => {
  expect((await standing(['init'])).code).toBe(0);
  expect((await standing(['grant', 'city', 'flight.board'])).code).toBe(0);
  const file = (points: number): string => {
    const p = join(dir, `v${points}.yaml`);
    writeFileSync(p, CITY_TEST_SCHEME.replace('points: -40', `points: ${points}`));
    return p;
  };
  expect((await standing(['scheme', 'publish', file(-40)])).code).toBe(0);
  for (const p of [-45, -50, -55]) expect((await standing(['scheme', 'publish', file(p), '--shadow'])).code).toBe(0);
  const fourth = await standing(['scheme', 'publish', file(-60), '--shadow']);
  expect([fourth.code, fourth.err]).toEqual([1, expect.stringContaining('SHADOW_LIMIT')]);
  const withdrawn = await standing(['scheme', 'withdraw', 'city-test@3']);
  expect([withdrawn.code, withdrawn.out]).toEqual([0, 'withdrawn city-test@3 of city: no longer evaluated\n']);
  const pending = JSON.parse((await standing(['scheme', 'pending', '--json'])).out) as { version: number }[];
  expect(pending.map((v) => v.version)).toEqual([2, 4]);
  const promote = await standing(['scheme', 'promote', 'city-test@3']);
  expect([promote.code, promote.err]).toEqual([1, expect.stringContaining('SCHEME_CANDIDATE_STATE')]);
  const fifth = await standing(['scheme', 'publish', file(-60), '--shadow', '--json']);
  expect(fifth.code, fifth.err).toBe(0);
  expect((await standing(['audit', 'verify'])).code).toBe(0);
});

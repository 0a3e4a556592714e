import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Output } from './output.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-data-context-'));
const db = join(dir, 'test.db');
const example = (name: string): string => new URL(`../../examples/${name}.yaml`, import.meta.url).pathname;

async function standing(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli(args, () => loadConfig({ STANDING_NOW: '2026-06-01T00:00:00Z' }), output);
  return { code, out, err };
}

describe('standing scheme check: data contexts (SPEC §5)', () => {
  it('prints which domains feed a scheme and which rules are cross-context, with their justification', async () => {
    const r = await standing(['scheme', 'check', example('city-citizen')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Domains feeding the scheme \(context civic\): civic, commerce, justice/);
    expect(r.out).toMatch(/rule theft\s+court\.conviction\s+justice\s+yes \(justice vs civic\)\s+yes/);
    expect(r.out).toMatch(/rule jaywalking\s+traffic\.jaywalking\s+civic\s+no\s+-/);
    expect(r.out).toMatch(/list air-travel-ban\s+court\.judgment_unfulfilled\s+justice\s+yes/);
    const json = await standing(['scheme', 'check', example('employment/acme-staff'), '--json']);
    expect((JSON.parse(json.out) as { dataContext: unknown }).dataContext).toMatchObject({
      schemeContext: 'employment',
      domains: ['employment'],
    });
  });

  it('refuses the employer draft reading retail.purchase, naming the rule; publishing it writes nothing', async () => {
    const r = await standing(['scheme', 'check', example('employment/acme-staff-shopping')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SCHEME_DATA_UNJUSTIFIED.*rule "shopping".*retail\.purchase \(domain commerce\).*employment/);
    expect((await standing(['init', '--db', db])).code).toBe(0);
    const p = await standing(['scheme', 'publish', example('employment/acme-staff-shopping'), '--db', db]);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/SCHEME_DATA_UNJUSTIFIED/);
    // Removing the justification from a cross-context rule of the city's scheme is refused the same way.
    const text = readFileSync(example('city-citizen'), 'utf8').replace(/\n\s+dataJustification: Theft[^\n]*/, '');
    const stripped = join(dir, 'city.yaml');
    writeFileSync(stripped, text);
    const c = await standing(['scheme', 'check', stripped]);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(
      /SCHEME_DATA_UNJUSTIFIED.*rule "theft".*court\.conviction \(domain justice\).*dataJustification/,
    );
    expect(c.err).not.toMatch(/and basis/);
  });
});

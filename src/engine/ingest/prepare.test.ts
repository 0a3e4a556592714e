import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeStores, testEngineOn } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import { importRecords, importSource, type ImportOptions, type Rejection } from './ingest.js';
import { BATCH_LINES, openRecordSource } from './record-source.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'standing-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** More than two batches of records of two authorities (some naming none), with every kind of bad line among them. */
function writeFile(): { path: string; subjects: string[] } {
  const lines: string[] = [];
  const subjects = new Set<string>();
  const n = 2 * BATCH_LINES + 3_000;
  for (let i = 0; i < n; i++) {
    const subject = `person:p${(i * 7919) % 600}`;
    subjects.add(subject);
    const rec: Record<string, unknown> = {
      key: `k${i}`,
      subject,
      kind: i % 3 === 0 ? 'traffic.speeding' : 'tax.paid',
      occurredAt: new Date(NOW - (i + 1) * 60_000).toISOString(),
      data: { amount: i % 97, note: i % 5 === 0 ? 'Zürich \u{1F600}' : 'x', z: [i, { b: 1, a: 2 }] },
    };
    if (i % 4 === 0) rec.authority = 'court';
    if (i % 11 === 0) rec.evidence = `https://example.org/e/${i}`;
    lines.push(JSON.stringify(rec));
    if (i === 5) lines.push('');
    if (i === 17) lines.push('{"key": "broken"');
    if (i === 10_500) lines.push(JSON.stringify({ key: 'nosubject', kind: 'tax.paid', occurredAt: rec.occurredAt }));
    if (i === 12_000) lines.push(JSON.stringify({ ...rec, key: 'future', occurredAt: '2026-06-01T00:10:00Z' }));
    if (i === 15_000) lines.push(JSON.stringify(rec)); // the same record again: a duplicate
    if (i === 20_000) lines.push(JSON.stringify({ ...rec, kind: 'tax.late' })); // same key, other content
    if (i === 22_000) lines.push('[1, 2]');
  }
  const path = join(dir, 'records.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, subjects: [...subjects].sort() };
}

describeStores('an import file read and prepared on a thread', (kind) => {
  it('stores what the import on the event loop stores: records, hashes, ids, rejections and audit chains', async () => {
    const { path, subjects } = writeFile();
    const options: ImportOptions = { defaultAuthority: 'city' };
    const run = async (threaded: boolean) => {
      const deps = await testEngineOn(kind, NOW);
      const rejections: Rejection[] = [];
      const stored: [number, string][] = [];
      const progress: number[] = [];
      const source = openRecordSource(path, 'ndjson');
      const input = importSource(source, options);
      // The file's batches come from the thread, not from an iterator on the event loop.
      expect(Symbol.asyncIterator in input.batches).toBe(false);
      const counts = await importRecords(deps, threaded ? input.batches : source.batches, {
        ...options,
        onRejected: (r) => rejections.push(r),
        onStored: (line, o) => stored.push([line, o]),
        onProgress: () => progress.push(threaded ? input.bytesRead() : source.bytesRead()),
      });
      if (!threaded && 'close' in input.batches) await input.batches.close();
      const records = await deps.store.transaction(async (tx) => {
        const out = [];
        for (const s of subjects) out.push(...(await tx.recordsOfSubject(s)));
        return out;
      });
      const audit = await verifyAudit(deps);
      await deps.store.close();
      return { counts, rejections, stored, progress, records, audit };
    };
    const thread = await run(true);
    const loop = await run(false);
    expect(thread.counts).toEqual({ accepted: 2 * BATCH_LINES + 3_000, duplicates: 1, rejected: 5 });
    expect(thread.counts).toEqual(loop.counts);
    expect(thread.rejections.map((r) => [r.line, r.code])).toEqual([
      [20, 'RECORD_JSON_INVALID'],
      [10_504, 'RECORD_FIELD_INVALID'],
      [12_005, 'RECORD_IN_FUTURE'],
      // The last batch's refusals before its conflict, which only storing finds.
      [22_008, 'RECORD_JSON_INVALID'],
      [20_007, 'RECORD_CONFLICT'],
    ]);
    expect(thread.rejections).toEqual(loop.rejections);
    expect(thread.stored).toEqual(loop.stored);
    expect(thread.records.length).toBe(2 * BATCH_LINES + 3_000);
    expect(thread.records).toEqual(loop.records);
    expect(thread.audit.ok).toBe(true);
    expect(thread.audit.chains).toEqual(loop.audit.chains);
    expect(thread.audit.chains.map((c) => c.chain).sort()).toEqual(['city', 'court', 'operator']);
    // How far reading has got, batch by batch, up to the whole file.
    expect(thread.progress).toEqual(loop.progress);
  });
});

it('a file that cannot be read any more fails the import with FILE_NOT_FOUND from the thread', async () => {
  const deps = await testEngineOn('sqlite', NOW);
  const path = join(dir, 'gone.ndjson');
  writeFileSync(path, '{}\n');
  const input = importSource(openRecordSource(path, 'ndjson'));
  rmSync(path);
  await expect(importRecords(deps, input.batches)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  await deps.store.close();
});

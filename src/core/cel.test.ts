import { describe, expect, it } from 'vitest';
import { compileExpression } from './cel.js';

const bodies = (src: string): boolean =>
  compileExpression(src, 'subject', { field: 'lists[0].when' }).readsRecordBodies;

describe('compileExpression: readsRecordBodies', () => {
  it('is false where only record headers, counts and macros over them are read', () => {
    for (const src of [
      'subject.grade == "D" || subject.records.exists(r, r.kind == "court.judgment_unfulfilled")',
      'size(subject.records) < 2 && subject.score >= 70',
      'subject["records"].all(r, r.kind != "k.d" && r.authority == "city")',
      'subject.records.filter(r, r.kind == "a").size() > 1',
      'subject.records.filter(r, r["occurredAt"] > timestamp("2024-01-01T00:00:00Z")).exists(x, x.key == "k")',
      'subject.records[0].kind == "a"',
      'subject.records.map(r, r.subject).size() > 0',
      'subject.score < 0',
      // Named members of the data may be kept too.
      'subject.records.exists(r, r.data.n == 2)',
      'subject.records.exists(j, j.kind == "x" && !subject.records.exists(f, f.data.caseNo == j.data.caseNo))',
      'subject.records.filter(r, r.kind == "a")[0].data.n > 1',
      'subject.records.exists(r, has(r.data.n))',
    ]) {
      expect([src, bodies(src)]).toEqual([src, false]);
    }
  });

  it('is true wherever a record body, or a whole record, may be read', () => {
    for (const src of [
      'subject.records.exists(r, has(r.evidence))',
      'subject.records.exists(r, r.data == {})',
      'subject.records.exists(r, size(r.data) > 1)',
      'subject.records.exists(r, r["data"] != {})',
      'subject.records.map(r, r).size() > 0',
      'subject.records.exists(r, size(r) > 5)',
      'subject.records[0] == subject.records[1]',
      'size(subject) > 3',
      'subject.records == []',
      'subject.records.exists(r, [1].exists(r, r > 0))',
    ]) {
      expect([src, bodies(src)]).toEqual([src, true]);
    }
  });

  it('names the header fields and data members read', () => {
    const c = compileExpression(
      'subject.records.exists(j, j.kind == "x" && !subject.records.exists(f, f.data.caseNo == j.data.caseNo))',
      'subject',
      {
        field: 'lists[0].when',
      },
    );
    expect([...c.recordFields].sort()).toEqual(['data.caseNo', 'kind']);
  });
});

import { describe, expect, it } from 'vitest';
import { checkDsaStatement, dsaStatementProblems, toDsaStatement, type DsaStatement } from './dsa-statement.js';
import { isStandingError } from './errors.js';
import type { NoticeBody } from './notice.js';

const notice = (over: Partial<NoticeBody> = {}): NoticeBody => ({
  listing: 7,
  subject: 'org:acme',
  authority: 'city',
  scheme: 'civic',
  version: 3,
  list: { id: 'watch', title: null, type: 'watchlist', condition: 'subject.score < 10' },
  sanctions: [],
  basis: null,
  automated: true,
  facts: {
    score: 5,
    grade: null,
    contributions: [{ authority: 'court', key: 'C-1', rule: 'r', points: -5, capped: -5 }],
    errors: [],
    listConditions: [],
    liveRecords: ['court/C-1'],
  },
  noticedAt: '2026-03-01T00:00:00.000Z',
  effectAt: '2026-03-13T00:00:00.000Z',
  effectProvisional: true,
  termEndsAt: null,
  appeal: { until: '2026-03-13T00:00:00.000Z', how: '…' },
  ...over,
});
const listing = { id: 7, effectAt: Date.parse('2026-03-13T00:00:00Z'), termEndsAt: Date.parse('2040-03-13T00:00:00Z') };

describe('DSA Transparency Database statements', () => {
  it('maps a watchlist to an "other" visibility restriction, names other authorities as the source, and drops an end past 2038', () => {
    const s = toDsaStatement(notice(), listing);
    expect(dsaStatementProblems(s)).toEqual([]);
    expect(s).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_OTHER'],
      decision_provision: null,
      account_type: 'ACCOUNT_TYPE_BUSINESS',
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
      source_identity: 'court',
      end_date_visibility_restriction: null,
    });
  });

  it('keeps every text within the API’s limits', () => {
    const long = 'x'.repeat(9000);
    const s = toDsaStatement(
      notice({ basis: long, list: { id: 'w', title: null, type: 'watchlist', condition: long } }),
      listing,
    );
    expect(dsaStatementProblems(s)).toEqual([]);
    expect([...s.decision_facts].length).toBe(5000);
    expect([...s.illegal_content_legal_ground!].length).toBe(500);
  });

  it('names each broken rule: enumerations, required fields, lengths, dates, conditional fields', () => {
    const good = toDsaStatement(notice(), listing);
    const bad = {
      ...good,
      category: 'STATEMENT_CATEGORY_GOSSIP',
      automated_detection: 'Maybe',
      decision_facts: '',
      application_date: '2019-12-31',
      end_date_visibility_restriction: '2038-01-02',
      puid: 'a b',
      decision_visibility: null,
      decision_visibility_other: 'x',
    } as unknown as DsaStatement;
    expect(dsaStatementProblems(bad)).toEqual([
      'decision_visibility_other: only with DECISION_VISIBILITY_OTHER',
      'decision_visibility, decision_monetary, decision_provision, decision_account: one is required',
      'category: "STATEMENT_CATEGORY_GOSSIP" is not one of its values',
      'application_date: before 2020-01-01',
      'end_date_visibility_restriction: after 2038-01-01',
      'decision_facts: must be a non-empty string',
      'automated_detection: "Maybe" is not one of its values',
      'puid: only letters, digits, - and _',
    ]);
    const err = (() => {
      try {
        checkDsaStatement(bad, 7);
      } catch (e) {
        return e;
      }
    })();
    expect(isStandingError(err) && err.code).toBe('SOR_INVALID');
    const noGround = { ...good, incompatible_content_ground: undefined } as unknown as DsaStatement;
    expect(dsaStatementProblems(noGround)).toEqual(['incompatible_content_ground: required']);
  });
});

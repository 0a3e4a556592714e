import { describe, expect, it } from 'vitest';
import { isStandingError } from './errors.js';
import { authorize, may, OPERATIONS, POLICY, type Operation, type Target } from './policy.js';
import {
  ANONYMOUS_PRINCIPAL,
  OPERATOR_PRINCIPAL,
  STAFF_ROLES,
  type Principal,
  type StaffPrincipal,
  type StaffRole,
} from './principal.js';

/** Staff of `authority`: signed in to `account`, or an API key when it is null. */
const staff = (authority: string, roles: StaffRole[], account: string | null): StaffPrincipal => ({
  type: 'staff',
  authority,
  roles,
  account,
  key: account === null ? 'k1' : null,
});

/** One principal of every kind the edges make, named as the expectations below name them. */
const WHO = {
  anonymous: ANONYMOUS_PRINCIPAL,
  operator: OPERATOR_PRINCIPAL,
  subject: { type: 'subject', subject: 'person:ann', account: 'ann' },
  otherSubject: { type: 'subject', subject: 'person:bob', account: 'bob' },
  reporter: staff('city', ['reporter'], 'rita'),
  reviewer: staff('city', ['reviewer'], 'vic'),
  reviewerKey: staff('city', ['reviewer'], null),
  admin: staff('city', ['admin'], 'ada'),
  adminKey: staff('city', ['admin'], null),
  auditor: staff('city', ['auditor'], 'aud'),
  courtAdmin: staff('court', ['admin'], 'cora'),
  courtReviewer: staff('court', ['reviewer'], 'cole'),
  party: { type: 'party', party: 'airline', key: 'k2' },
  registrar: { type: 'registrar', account: 'reg' },
} as const satisfies Record<string, Principal>;
type Who = keyof typeof WHO;

/** The thing acted on: the city's, about ann. */
const TARGET = { authority: 'city', subject: 'person:ann' };

const CITY_STAFF: Who[] = ['reporter', 'reviewer', 'reviewerKey', 'admin', 'adminKey', 'auditor'];
/**
 * Who may perform each operation on TARGET (conditions checked). A line here that does not
 * match the table fails; an operation added to the table without a line here fails.
 */
const EXPECTED: Record<Operation, Who[]> = {
  'record.submit': ['operator', 'reporter'],
  'record.retract': ['operator', 'reporter'],
  'record.read': CITY_STAFF,
  'scheme.publish': ['operator', 'admin', 'adminKey'],
  'scheme.check': CITY_STAFF,
  'scheme.approve': ['admin'],
  'candidate.read': ['operator', 'admin', 'adminKey'],
  'simulation.run': ['operator', 'admin', 'adminKey'],
  'score.read': ['reviewer', 'reviewerKey', 'admin', 'adminKey', 'auditor'],
  'audit.read': ['auditor'],
  'key.manage': ['operator', 'admin', 'adminKey'],
  'reports.configure': ['admin', 'adminKey'],
  'listing.list': CITY_STAFF,
  'listing.read': ['subject', ...CITY_STAFF],
  'listing.open': ['admin', 'adminKey'],
  'review.queue': ['operator', 'reviewer', 'reviewerKey'],
  'appeal.read': ['subject', 'reviewer', 'reviewerKey'],
  'dispute.read': ['subject', 'reviewer', 'reviewerKey'],
  'appeal.decide': ['reviewer'],
  'dispute.decide': ['reviewer'],
  'second-instance.queue': ['operator', 'reviewer', 'reviewerKey'],
  'second-instance.decide': ['reviewer'],
  'report.file': ['subject', ...CITY_STAFF],
  'report.queue': ['reviewer'],
  'report.decide': ['reviewer'],
  'subject.file': ['operator', 'subject'],
  'appeal.file': ['subject'],
  'dispute.file': ['subject'],
  'second-instance.request': ['subject'],
  'pass.manage': ['operator', 'subject'],
  'exclusion.manage': ['operator', 'subject'],
  'action.check': ['party'],
  'enrolment.issue': ['registrar'],
};

function outcome(p: Principal, op: Operation, target?: Target): string {
  try {
    authorize(p, op, target);
    return 'ok';
  } catch (e) {
    if (!isStandingError(e)) throw e;
    return e.code;
  }
}

describe('the authorization policy', () => {
  it('has an entry for every operation, and the expectations name every one', () => {
    expect([...OPERATIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const op of OPERATIONS) {
      const rule = POLICY[op];
      if (rule.who === 'staff') {
        expect(rule.roles.length, op).toBeGreaterThan(0);
        for (const r of rule.roles) expect(STAFF_ROLES, op).toContain(r);
      }
    }
  });

  it('admits on a target exactly the principals each operation names', () => {
    const wrong: string[] = [];
    for (const op of OPERATIONS)
      for (const who of Object.keys(WHO) as Who[]) {
        const admitted = outcome(WHO[who], op, TARGET) === 'ok';
        if (admitted !== EXPECTED[op].includes(who)) wrong.push(`${op} × ${who}: ${admitted ? 'admitted' : 'refused'}`);
      }
    expect(wrong).toEqual([]);
  });

  it('answers anonymous callers 401 and every other refusal 403, as the HTTP API does', () => {
    for (const op of OPERATIONS) {
      expect(outcome(ANONYMOUS_PRINCIPAL, op), op).toBe('UNAUTHENTICATED');
      for (const who of Object.keys(WHO) as Who[]) {
        const code = outcome(WHO[who], op, TARGET);
        if (who !== 'anonymous')
          expect(['ok', 'FORBIDDEN', 'REVIEWER_MUST_BE_HUMAN'], `${op} × ${who}`).toContain(code);
      }
    }
  });

  it('lets no API key decide a case: REVIEWER_MUST_BE_HUMAN, though the key holds the reviewer role', () => {
    for (const op of ['appeal.decide', 'dispute.decide', 'second-instance.decide', 'report.decide'] as const) {
      expect(outcome(WHO.reviewerKey, op, TARGET), op).toBe('REVIEWER_MUST_BE_HUMAN');
      expect(outcome(WHO.reviewer, op, TARGET), op).toBe('ok');
    }
    // A held scheme version, likewise: a key would let its creator approve its own version.
    expect(outcome(WHO.adminKey, 'scheme.approve', TARGET)).toBe('FORBIDDEN');
  });

  it('lets no admin of one authority act on another’s, nor a reviewer decide another’s case', () => {
    for (const op of ['listing.open', 'scheme.publish', 'key.manage', 'simulation.run', 'reports.configure'] as const) {
      expect(outcome(WHO.courtAdmin, op, TARGET), op).toBe('FORBIDDEN');
      expect(outcome(WHO.courtAdmin, op, { authority: 'court' }), op).toBe('ok');
    }
    expect(outcome(WHO.courtReviewer, 'appeal.decide', TARGET)).toBe('FORBIDDEN');
  });

  it('lets a subject act for itself only', () => {
    for (const op of ['appeal.file', 'dispute.file', 'pass.manage', 'exclusion.manage', 'subject.file'] as const) {
      expect(outcome(WHO.subject, op, TARGET), op).toBe('ok');
      expect(outcome(WHO.otherSubject, op, TARGET), op).toBe('FORBIDDEN');
    }
  });

  it('without a target answers only "may this kind ever": the HTTP edge’s check before it reads the request', () => {
    // The key and the other authority's reviewer pass the route's check; the case they act on refuses them.
    expect(may(WHO.reviewerKey, 'appeal.decide')).toBe(true);
    expect(may(WHO.courtReviewer, 'appeal.decide')).toBe(true);
    expect(may(WHO.reporter, 'appeal.decide')).toBe(false);
    expect(may(WHO.party, 'appeal.decide')).toBe(false);
  });

  it('names the acting principal (`as`) when a condition on the target refuses it', () => {
    try {
      authorize(WHO.courtAdmin, 'listing.open', TARGET);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'FORBIDDEN', at: { field: 'as' } });
    }
  });
});

import { reportDigest, reportSettingsSet } from '../reports/reports.js';
import { keyedCheck, str, type CrossCheck } from './cross-check.js';

/**
 * Reports from the public (SPEC §14): each reports row against the `row` hash of the last 'report'
 * entry about it on its authority's chain. A report accepted or rejected behind the log, moved to
 * another subject or reporter, or its description rewritten is named.
 */
export function verifyReports(): CrossCheck {
  return keyedCheck({
    table: 'reports',
    types: ['report'],
    vouch(_e, p) {
      const id = str(p, 'report');
      return id === undefined ? undefined : { key: id, value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.listReports()).map((r) => ({ key: r.id, chain: r.authority, id: r.id, value: reportDigest(r) }));
    },
    name: (key) => `report ${key}`,
  });
}

/** Whether each authority accepts reports, and how many a day: as its last 'reports-setting' entry says. */
export function verifyReportSettings(): CrossCheck {
  const value = (open: unknown, perDay: unknown): string => `${String(open)}|${String(perDay)}`;
  return keyedCheck({
    table: 'reports_settings',
    types: ['reports-setting'],
    vouch(_e, p) {
      const authority = str(p, 'authority');
      return authority === undefined ? undefined : { key: authority, value: value(p.open, p.perDay) };
    },
    async rows(tx) {
      return Object.entries(await reportSettingsSet(tx)).map(([authority, s]) => ({
        key: authority,
        chain: authority,
        id: authority,
        value: value(s.open, s.perDay),
      }));
    },
    name: (key) => `the reports setting of ${key}`,
  });
}

import { Type } from 'typebox';
import { formatInstant } from '../../core/instant.js';
import { schemeFacts, visibleSchemeVersions } from '../../engine/audit/transparency.js';
import { listTitles } from '../../engine/due-process/queue.js';
import { listingView } from '../../engine/due-process/subject-file.js';
import { explainSubject, explanationJson } from '../../engine/evaluation/queries.js';
import type { StoredRecord } from '../../core/record.js';
import type { SchemeVersionRow } from '../../store/store.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { body, ListingView, Nullable } from '../due-process-schemas.js';
import { errors, Instant, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { recordView, StoredRecordBody } from './records.route.js';
import { Explanation } from './scores.route.js';

const MONTH = 30.44 * 86_400_000;
/** Past instants of the score history: every three months over the last two years. */
const HISTORY_POINTS = 8;
/** At most this many records are sent with the explanations (the page explains the rest by key). */
const MAX_RECORDS = 500;
const MAX_LISTINGS = 200;

const SchemeView = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    title: Nullable(Type.String()),
    public: Type.Boolean(),
    content: Type.Unknown({ description: 'the validated scheme document, as in /v1/schemes/…/versions/…' }),
    explanation: Explanation,
    history: Type.Array(Type.Object({ at: Instant, score: Nullable(Type.Integer()) }), {
      description: 'the score at past instants, oldest first, then now',
    }),
  },
  { title: 'ConsoleScheme' },
);

/**
 * The console's subject page in one answer (issue 21): instead of one request per scheme,
 * per past instant and per record, the explanations, score histories, the records they rest on
 * and the listings, as the caller's authority sees the subject.
 */
export async function consoleRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/console/subjects/:subject',
    {
      config: { access: can('score.read') },
      schema: {
        tags: ['scores'],
        summary: 'A subject as your authority sees it: scores explained, their history, records and listings',
        description:
          'Admins, reviewers and auditors. For each scheme of your authority (its latest version): the explanation now and the score every three months over the last two years; ' +
          `the records of your authority the explanations rest on (at most ${MAX_RECORDS}); your authority’s listings of the subject (at most ${MAX_LISTINGS}, newest last). One request for the console’s subject page.`,
        params: Type.Object({ subject: SubjectId }),
        response: {
          200: Type.Object(
            {
              subject: Type.String(),
              authority: Type.String(),
              at: Instant,
              schemes: Type.Array(SchemeView),
              records: Type.Array(StoredRecordBody),
              listings: Type.Array(ListingView),
            },
            { title: 'ConsoleSubject' },
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'score.read');
      const subject = request.params.subject;
      const authority = staff.authority;
      const now = deps.clock.now();
      const latest = new Map<string, SchemeVersionRow>();
      for (const row of await visibleSchemeVersions(deps, authority)) {
        if (row.authority !== authority) continue;
        const seen = latest.get(row.scheme);
        if (!seen || seen.version < row.version) latest.set(row.scheme, row);
      }
      const schemes = [];
      const wanted = new Set<string>();
      for (const row of latest.values()) {
        const current = explanationJson(await explainSubject(deps, subject, row.scheme, { authority, at: now }));
        const history = [];
        if (current.judged) {
          for (let i = 0; i < HISTORY_POINTS; i++) {
            const at = Math.round(now - (HISTORY_POINTS - i) * 3 * MONTH);
            const past = await explainSubject(deps, subject, row.scheme, { authority, at }).catch(() => null);
            if (past) history.push({ at: formatInstant(at), score: past.evaluation.score });
          }
          history.push({ at: current.at, score: current.score });
          for (const c of current.contributions) if (c.authority === authority) wanted.add(c.key);
        }
        const facts = schemeFacts(row);
        schemes.push({
          authority: row.authority,
          scheme: row.scheme,
          version: row.version,
          title: facts.title,
          public: facts.public,
          content: JSON.parse(row.content) as unknown,
          explanation: current,
          history,
        });
      }
      const { records, listings, titles } = await deps.store.transaction(async (tx) => {
        const found: StoredRecord[] = [];
        for (const key of [...wanted].slice(0, MAX_RECORDS)) {
          const r = await tx.getRecord(authority, key);
          if (r) found.push(r);
        }
        return {
          records: found,
          listings: await tx.listingsOf({ authority, subject }, { after: null, limit: MAX_LISTINGS }),
          titles: await listTitles(tx),
        };
      });
      return {
        subject,
        authority,
        at: formatInstant(now),
        schemes,
        records: records.map((r) => recordView(r)),
        listings: body(listings.map((l) => listingView(l, now, titles.get(`${l.authority}/${l.scheme}/${l.list}`)))),
      };
    },
  );
}

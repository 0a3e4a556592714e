import { Type, type TSchema } from 'typebox';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { recordConsent } from '../../engine/due-process/consent.js';
import { getContact, setContact } from '../../engine/mail/contact.js';
import {
  EXPORT_FORMAT,
  exportSubjectFile,
  schemeVisibleTo,
  subjectFile,
  receiveSubjectNotices,
  subjectFilePart,
  type FilePart,
} from '../../engine/due-process/subject-file.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import {
  AccessView,
  AppealView,
  body,
  DisputeView,
  ListingWithNotice,
  MessageView,
  RecordView,
  SchemeJudgement,
  SharingView,
  SubjectFile,
} from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' });

/** A file name for the export that any file system accepts. */
function exportFileName(subject: string, at: string): string {
  return `standing-${subject.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}-${at.slice(0, 10)}.json`;
}

/**
 * The subject's file (SPEC §7): a subject signed in as itself reads everything held about
 * it, page by page or whole, exports it, and gives or withdraws consent.
 */
export async function meRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  // One read-only route per part of the file; the body names the part.
  const parts: readonly {
    path: string;
    part: FilePart;
    key: string;
    schema: TSchema;
    summary: string;
    description?: string;
  }[] = [
    {
      path: 'records',
      part: 'records',
      key: 'records',
      schema: RecordView,
      summary: 'Every record about you',
      description: 'From every authority, retracted ones included with the reason.',
    },
    {
      path: 'scores',
      part: 'schemes',
      key: 'schemes',
      schema: SchemeJudgement,
      summary: 'Your score and grade under every scheme that judges you',
      description:
        'Also schemes that are not public. Each with the full explanation and where the score stands among the scheme’s judged subjects.',
    },
    {
      path: 'listings',
      part: 'listings',
      key: 'listings',
      schema: ListingWithNotice,
      summary: 'Your listings with their notices',
    },
    {
      path: 'inbox',
      part: 'inbox',
      key: 'messages',
      schema: MessageView,
      summary: 'Your inbox: notices, outcomes and ends',
      description: 'Oldest first.',
    },
    {
      path: 'appeals',
      part: 'appeals',
      key: 'appeals',
      schema: AppealView,
      summary: 'Your appeals and their outcomes',
    },
    {
      path: 'disputes',
      part: 'disputes',
      key: 'disputes',
      schema: DisputeView,
      summary: 'Your record disputes and their outcomes',
    },
    {
      path: 'access-log',
      part: 'accessLog',
      key: 'entries',
      schema: AccessView,
      summary: 'Who checked you',
      description:
        'Every check of a relying party about you: who, which action, what they were told, when. Oldest first.',
    },
    {
      path: 'sharing',
      part: 'sharing',
      key: 'grants',
      schema: SharingView,
      summary: 'Whose records about you other authorities read, and why',
      description:
        'Each data-sharing grant the operator made under which a scheme of one authority reads another’s records about you, with its purpose; revoked ones too.',
    },
  ];
  for (const p of parts) {
    app.get(
      `/v1/me/${p.path}`,
      {
        config: { access: can('subject.file') },
        schema: {
          tags: ['subject file'],
          summary: p.summary,
          description: `${p.description ?? ''} Subjects only, signed in as themselves.`.trim(),
          response: { 200: Type.Object({ [p.key]: Type.Array(p.schema) }), ...errors(401, 403) },
        },
      },
      async (request) => {
        const me = authorize(request.principal, 'subject.file');
        return { [p.key]: body(await subjectFilePart(deps, me.subject, p.part, true)) };
      },
    );
  }

  app.get(
    '/v1/me/file',
    {
      config: { access: can('subject.file') },
      schema: {
        tags: ['subject file'],
        summary: 'Everything held about you',
        description:
          'Records, schemes that judge you with scores and explanations, listings with notices, appeals, disputes, inbox and access log (SPEC §7), read at one instant.',
        response: { 200: SubjectFile, ...errors(401, 403) },
      },
    },
    async (request) => {
      const { subject } = authorize(request.principal, 'subject.file');
      // Reading one's file is receipt of its notices (SPEC §6): a short write here, then the long read.
      if (!deps.longReads) return body(await subjectFile(deps, subject, true));
      await receiveSubjectNotices(deps, subject);
      // Everything about one subject, on a thread of its own (long-reads.ts).
      return body(await deps.longReads.subjectFile(subject, deps.clock.now()));
    },
  );

  app.get(
    '/v1/me/export',
    {
      config: { access: can('subject.file') },
      schema: {
        tags: ['subject file'],
        summary: 'Download your complete file',
        description: `The whole file as one JSON attachment, labelled \`format: "${EXPORT_FORMAT}"\`.`,
        response: {
          200: Type.Object(
            { format: Type.Literal(EXPORT_FORMAT), ...SubjectFile.properties },
            { title: 'SubjectFileExport' },
          ),
          ...errors(401, 403),
        },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'subject.file');
      const file = await exportSubjectFile(deps, me.subject);
      void reply
        .header('content-disposition', `attachment; filename="${exportFileName(me.subject, file.at)}"`)
        .header('cache-control', 'no-store');
      return body(file);
    },
  );

  app.post(
    '/v1/me/consents',
    {
      config: { access: can('subject.file') },
      schema: {
        tags: ['subject file'],
        summary: 'Give or withdraw consent to a scheme',
        description:
          'For schemes with `consent: required`: opting in lets the scheme score you from now on; opting out ends its listings of you. Public schemes, and non-public ones that hold records about you.',
        body: Type.Object({ authority: Slug, scheme: Slug, optIn: Type.Boolean() }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            authority: Type.String(),
            scheme: Type.String(),
            subject: Type.String(),
            optIn: Type.Boolean(),
            at: Type.String(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'subject.file');
      const { authority, scheme, optIn } = request.body;
      if (!(await schemeVisibleTo(deps, me.subject, { authority, scheme })))
        fail('SCHEME_NOT_FOUND', `no scheme ${scheme} of ${authority}`, { field: 'scheme', scheme });
      const r = await recordConsent(deps, { subject: me.subject, scheme, authority, optIn, by: me.account });
      return reply
        .status(201)
        .send({ authority: r.authority, scheme: r.scheme, subject: me.subject, optIn, at: formatInstant(r.at) });
    },
  );

  const Settings = Type.Object(
    {
      email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()], {
        description: 'where your notices are e-mailed; null: none (they are still in your inbox)',
      }),
      language: Type.Union([Type.Literal('en'), Type.Literal('zh-CN')], { description: 'the language of the e-mail' }),
    },
    { title: 'SubjectSettings' },
  );
  const settingsView = (s: { email: string | null; language: 'en' | 'zh-CN' }) => ({
    email: s.email,
    language: s.language,
  });

  app.get(
    '/v1/me/settings',
    {
      config: { access: can('subject.file') },
      schema: {
        tags: ['subject file'],
        summary: 'Your contact settings',
        description:
          'The e-mail address your notices are sent to and their language (docs/email.md). Only you and the operator see them.',
        response: { 200: Settings, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'subject.file');
      void reply.header('cache-control', 'no-store');
      return settingsView(await getContact(deps, me.subject));
    },
  );

  app.put(
    '/v1/me/settings',
    {
      config: { access: can('subject.file') },
      schema: {
        tags: ['subject file'],
        summary: 'Set your contact settings',
        description:
          'Sets (or, with null, removes) the address your notices are e-mailed to, and their language. Audited by the address’s hash. Notices issued later are sent there; one already queued keeps its address.',
        body: Settings,
        response: { 200: Settings, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'subject.file');
      const r = await setContact(deps, {
        subject: me.subject,
        email: request.body.email,
        language: request.body.language,
        by: me.account,
      });
      void reply.header('cache-control', 'no-store');
      return settingsView(r.settings);
    },
  );
}

import { Type } from 'typebox';
import { openNoticeLink } from '../../engine/mail/notice-link.js';
import type { App, HttpDeps } from '../app.js';
import { body, IdParam, ListingView, Notice } from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

/**
 * The signed link of a notice e-mail (SPEC §13, docs/email.md). The portal page
 * `/#/notices/{id}?t=TOKEN` posts the token here: a POST, so that a mail scanner fetching
 * the link does not take the subject's receipt, and the token stays out of URLs servers log.
 */
export async function noticeLinkRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.post(
    '/v1/notice-links/:listing',
    {
      schema: {
        tags: ['subject file'],
        summary: 'Open a notice through the link of its e-mail',
        description:
          'No sign-in: the token from the e-mail link authorizes exactly this: reading this one notice’s statement of reasons and recording its receipt (SPEC §6), from which the appeal window runs. A forged token, or one for another notice, is refused with NOTICE_LINK_INVALID (403); an expired one (30 days after issue) with NOTICE_LINK_EXPIRED (410). Appeals and the rest of the file need sign-in.',
        security: [],
        params: Type.Object({ listing: IdParam }),
        body: Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ listing: ListingView, notice: Notice }, { title: 'OpenedNotice' }),
          ...errors(400, 403, 410),
        },
      },
    },
    async (request, reply) => {
      const opened = await openNoticeLink(deps, {
        listing: Number(request.params.listing),
        token: request.body.token,
        key: deps.linkKey ?? null,
      });
      void reply.header('cache-control', 'no-store');
      return body(opened);
    },
  );
}

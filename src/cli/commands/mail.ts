import type { AddressInfo, Server } from 'node:net';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { getContact, setContact } from '../../engine/mail/contact.js';
import { smtpTransport } from '../../engine/mail/mailer.js';
import { noticeMailOutbox, sendPendingMail } from '../../engine/mail/outbox.js';
import { withEngine, withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/**
 * `standing mail send-pending`: one round of the mail worker, for cron-style use beside (or
 * instead of) `standing serve`'s own worker. Needs STANDING_SMTP_URL.
 */
export async function sendPending(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const m = ctx.config.mail;
  if (m.smtpUrl === null)
    fail('CONFIG_INVALID', 'STANDING_SMTP_URL is not set: notice e-mail is off (docs/email.md)', {
      field: 'STANDING_SMTP_URL',
    });
  const transport = smtpTransport(m.smtpUrl);
  try {
    const r = await withEngine(ctx, opts.db, (deps) =>
      sendPendingMail(deps, { transport, from: m.from, publicUrl: m.publicUrl, linkKey: m.linkKey, batch: 500 }),
    );
    ctx.output.out(
      opts.json ? `${JSON.stringify(r)}\n` : `sent ${r.sent}, to retry ${r.retrying}, failed ${r.failed}\n`,
    );
    return r.failed > 0 ? 1 : 0;
  } finally {
    transport.close();
  }
}

/** `standing mail list [SUBJECT]`: the notice e-mail outbox (the operator's view: addresses included). */
export async function list(
  ctx: CliContext,
  subject: string | undefined,
  opts: { db?: string; json?: boolean },
): Promise<number> {
  const rows = await withStore(ctx, opts.db, (deps) => noticeMailOutbox(deps, subject));
  const when = (t: number | null): string => (t === null ? '—' : formatInstant(t));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['id', 'listing', 'subject', 'address', 'lang', 'state', 'attempts', 'next attempt', 'last error'],
      rows.map((r) => [
        String(r.id),
        String(r.listingId),
        r.subject,
        r.address ?? '—',
        r.language,
        r.state,
        String(r.attempts),
        when(r.nextAttemptAt),
        r.lastError ?? '',
      ]),
    ),
  );
  return 0;
}

/**
 * `standing contact SUBJECT [--email ADDRESS | --no-email] [--language en|zh-CN]`: the
 * operator sets (or, with no option, shows) a subject's contact settings; audited.
 */
export async function contact(
  ctx: CliContext,
  subject: string,
  opts: { db?: string; email?: string | boolean; language?: string; json?: boolean },
): Promise<number> {
  const email = opts.email === false ? null : typeof opts.email === 'string' ? opts.email : undefined;
  const show = email === undefined && opts.language === undefined;
  const settings = show
    ? await withStore(ctx, opts.db, (deps) => getContact(deps, subject))
    : (
        await withEngine(ctx, opts.db, (deps) =>
          setContact(deps, { subject, email, ...(opts.language ? { language: opts.language } : {}), by: null }),
        )
      ).settings;
  if (opts.json) ctx.output.out(`${JSON.stringify({ subject, email: settings.email, language: settings.language })}\n`);
  else ctx.output.out(`${subject}: e-mail ${settings.email ?? 'none'}, language ${settings.language}\n`);
  return 0;
}

/**
 * `standing mail catch [--port N]`: a development SMTP sink on 127.0.0.1 that prints every
 * e-mail it receives (its text part) until interrupted; point STANDING_SMTP_URL at it.
 * Needs the development dependencies smtp-server and mailparser.
 */
export async function catchMail(ctx: CliContext, opts: { port: string }): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail('ARGUMENT_INVALID', `--port: ${opts.port} is not a port`, { field: 'port' });
  let mods: [typeof import('smtp-server'), typeof import('mailparser')];
  try {
    mods = await Promise.all([import('smtp-server'), import('mailparser')]);
  } catch {
    fail('ARGUMENT_INVALID', '`mail catch` needs the development dependencies smtp-server and mailparser', {
      field: 'mail catch',
    });
  }
  const [{ SMTPServer }, { simpleParser }] = mods;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((m) => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
          ctx.output.out(
            `\n=== ${formatInstant(Date.now())} to ${to}\nSubject: ${m.subject ?? ''}\n\n${m.text ?? ''}\n`,
          );
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => {
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = ((server.server as unknown as Server).address() as AddressInfo).port;
  ctx.output.err(`catching e-mail at smtp://127.0.0.1:${bound} (export STANDING_SMTP_URL=smtp://127.0.0.1:${bound})\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

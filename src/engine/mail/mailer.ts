import nodemailer from 'nodemailer';
import type { MailTransport } from './outbox.js';

/** A nodemailer SMTP transport for STANDING_SMTP_URL (smtp://user:pass@host:port, smtps://…), with short timeouts so an unreachable server fails a round quickly. */
export function smtpTransport(url: string): MailTransport & { close(): void } {
  const t = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async sendMail(mail) {
      const info = (await t.sendMail({ ...mail, headers: { ...mail.headers } })) as { messageId: string };
      return { messageId: info.messageId };
    },
    close: () => t.close(),
  };
}

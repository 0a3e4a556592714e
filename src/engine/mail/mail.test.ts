import { createServer, type AddressInfo, type Server } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, it } from 'vitest';
import { isStandingError } from '../../core/errors.js';
import { CITY_TEST_SCHEME } from '../../test-support/city-test-scheme.js';
import { describeStores, linesOf, testEngineOn, type TestStoreKind } from '../../test-support/engine.js';
import { call, NO_CREDENTIAL, realApp } from '../../test-support/http.js';
import { verifyAudit } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { publishScheme } from '../evaluation/publish.js';
import { importRecords } from '../ingest/ingest.js';
import { grantAction } from '../tenancy/registry.js';
import { setContact } from './contact.js';
import { smtpTransport } from './mailer.js';
import { openNoticeLink, signLink } from './notice-link.js';
import { sendPendingMail, type MailerOptions } from './outbox.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-10T09:00:00Z');
const HOSTILE = `<img src=x onerror="alert(1)">&amp; "quoted" 'single'`;

/** A real SMTP server on 127.0.0.1 at a random port that parses every message it accepts. */
async function smtpSink(port = 0): Promise<{ port: number; mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => {
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = ((server.server as unknown as Server).address() as AddressInfo).port;
  return { port: bound, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (taken, then freed). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

type Deps = EngineDeps & { clock: { now(): number; set(t: number): void; advance(ms: number): void } };

async function city(store: TestStoreKind, scheme = CITY_TEST_SCHEME): Promise<Deps> {
  const deps = await testEngineOn(store, T0);
  closers.push(() => deps.store.close());
  await grantAction(deps, 'city', 'flight.board');
  await publishScheme(deps, scheme);
  return deps;
}

/** Two jaywalking records: the subject qualifies for the air-travel ban and is noticed. */
async function listSubject(deps: Deps, subject: string): Promise<void> {
  const r = await importRecords(
    deps,
    linesOf(
      ['J-1', 'J-2'].map((key, i) => ({
        key: `${subject}-${key}`,
        authority: 'city',
        subject,
        kind: 'traffic.jaywalking',
        occurredAt: new Date(T0 - (2 - i) * DAY).toISOString(),
      })),
    ),
    { submittedBy: null, onlyAuthority: 'city' },
  );
  expect(r.rejected).toBe(0);
}

function mailer(port: number): MailerOptions {
  const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
  closers.push(async () => transport.close());
  return {
    transport,
    from: 'Standing <notices@standing.test>',
    publicUrl: 'https://standing.test/',
    linkKey: null,
  };
}

/** The listing id and token of the link in a delivered e-mail's text. */
function linkOf(mail: ParsedMail): { listing: number; token: string; url: string } {
  const m = /(https:\/\/standing\.test\/#\/notices\/(\d+)\?t=([^\s]+))/.exec(mail.text ?? '');
  expect(m).not.toBeNull();
  return { url: m![1]!, listing: Number(m![2]), token: decodeURIComponent(m![3]!) };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isStandingError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describeStores('notice e-mail', (store) => {
  it('e-mails the statement of reasons in text and HTML with a link whose opening is the receipt', async () => {
    const deps = await city(store);
    await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: null });
    await listSubject(deps, 'person:ann');
    const [queued] = await deps.store.transaction((tx) => tx.noticeMails('person:ann'));
    expect(queued).toMatchObject({ state: 'queued', address: 'ann@example.org', language: 'en' });

    const smtp = await smtpSink();
    closers.push(() => smtp.close());
    deps.clock.advance(60_000);
    expect(await sendPendingMail(deps, mailer(smtp.port))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ann@example.org');
    expect(mail.subject).toBe('Notice: city places you on “Restricted from air travel”');
    expect(mail.text).toContain('deny flight.board — Repeated offences restrict air travel');
    expect(mail.text).toContain('legal basis: Municipal Regulation 7 (2026)');
    expect(mail.text).toContain('Detected by automated means');
    expect(mail.text).toContain('city/person:ann-J-2: rule jaywalking, -40 points');
    expect(mail.text).toContain('Appeal before');
    expect(mail.text).toContain('Second instance: within P10D');
    expect(mail.text).toContain('Record disputes');
    expect(mail.html).toContain('<li>deny flight.board — Repeated offences restrict air travel');
    const link = linkOf(mail);
    expect(mail.html).toContain(`href="${link.url.replace(/&/g, '&#38;')}"`);
    const sent = (await deps.store.transaction((tx) => tx.noticeMails('person:ann')))[0]!;
    expect(sent).toMatchObject({ state: 'sent', attempts: 1, nextAttemptAt: null });
    expect(sent.smtpId).toBe(mail.messageId);

    // Nothing more to send: delivered once.
    expect(await sendPendingMail(deps, mailer(smtp.port))).toEqual({ sent: 0, retrying: 0, failed: 0 });

    // Opening the link a day later is the receipt: the window runs from then, and effectAt moves.
    const before = (await deps.store.transaction((tx) => tx.getListing(link.listing)))!;
    expect(before.receivedAt).toBeNull();
    deps.clock.advance(DAY);
    const opened = await openNoticeLink(deps, { listing: link.listing, token: link.token });
    expect(opened.notice.list.id).toBe('air-travel-ban');
    const after = (await deps.store.transaction((tx) => tx.getListing(link.listing)))!;
    expect(after.receivedAt).toBe(deps.clock.now());
    expect(after.effectAt).toBe(deps.clock.now() + 10 * DAY);
    expect(after.effectAt).not.toBe(before.effectAt);
    expect(opened.listing).toMatchObject({
      effectProvisional: false,
      receivedAt: new Date(after.receivedAt!).toISOString(),
    });
    const receipts = (await deps.store.transaction((tx) => tx.auditEntries('city', 0, 1000))).filter(
      (e) => e.type === 'listing-receipt',
    );
    expect(receipts.map((e) => (JSON.parse(e.payload) as { how: string }).how)).toEqual(['link']);
    // Opening it again changes nothing.
    deps.clock.advance(DAY);
    await openNoticeLink(deps, { listing: link.listing, token: link.token });
    expect((await deps.store.transaction((tx) => tx.getListing(link.listing)))!.effectAt).toBe(after.effectAt);
    expect((await verifyAudit(deps)).problems).toEqual([]);
  });

  it('writes to a subject who chose Chinese in Chinese', async () => {
    const deps = await city(store);
    await setContact(deps, { subject: 'person:li', email: 'li@example.cn', language: 'zh-CN', by: null });
    await listSubject(deps, 'person:li');
    const smtp = await smtpSink();
    closers.push(() => smtp.close());
    await sendPendingMail(deps, mailer(smtp.port));
    const mail = smtp.mails[0]!;
    expect(mail.subject).toBe('通知：city 将您列入“Restricted from air travel”');
    expect(mail.text).toContain('限制措施、范围和期限');
    expect(mail.text).toContain('拒绝 flight.board');
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain('救济途径及期限');
  });

  it('refuses a forged token, a token for another notice and an expired one', async () => {
    const deps = await city(store);
    await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: null });
    await setContact(deps, { subject: 'person:bob', email: 'bob@example.org', by: null });
    await listSubject(deps, 'person:ann');
    await listSubject(deps, 'person:bob');
    const smtp = await smtpSink();
    closers.push(() => smtp.close());
    await sendPendingMail(deps, mailer(smtp.port));
    const [ann, bob] = smtp.mails.map(linkOf).sort((a, b) => a.listing - b.listing);
    const [expires, mac] = ann!.token.split('.');
    const flipped = `${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
    expect(await codeOf(openNoticeLink(deps, { listing: ann!.listing, token: `${expires}.${flipped}` }))).toBe(
      'NOTICE_LINK_INVALID',
    );
    // A later expiry with the same MAC: the MAC covers the expiry.
    expect(
      await codeOf(openNoticeLink(deps, { listing: ann!.listing, token: `${Number(expires) + 86_400}.${mac}` })),
    ).toBe('NOTICE_LINK_INVALID');
    expect(await codeOf(openNoticeLink(deps, { listing: bob!.listing, token: ann!.token }))).toBe(
      'NOTICE_LINK_INVALID',
    );
    expect(await codeOf(openNoticeLink(deps, { listing: 999, token: ann!.token }))).toBe('NOTICE_LINK_INVALID');
    expect(await codeOf(openNoticeLink(deps, { listing: ann!.listing, token: 'nonsense' }))).toBe(
      'NOTICE_LINK_INVALID',
    );
    // A token signed with another key (another database's, or STANDING_LINK_KEY's) is refused.
    const other = signLink(Buffer.from('another key'), ann!.listing, 'person:ann', T0).token;
    expect(await codeOf(openNoticeLink(deps, { listing: ann!.listing, token: other }))).toBe('NOTICE_LINK_INVALID');
    // None of these recorded a receipt.
    expect((await deps.store.transaction((tx) => tx.getListing(ann!.listing)))!.receivedAt).toBeNull();
    deps.clock.advance(31 * DAY);
    expect(await codeOf(openNoticeLink(deps, { listing: ann!.listing, token: ann!.token }))).toBe(
      'NOTICE_LINK_EXPIRED',
    );
  });

  it('queues mail while the SMTP server is unreachable and delivers it once when it is back', async () => {
    const deps = await city(store);
    await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: null });
    await listSubject(deps, 'person:ann');
    const port = await freePort();
    const down = mailer(port);
    expect(await sendPendingMail(deps, down)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [row] = await deps.store.transaction((tx) => tx.noticeMails('person:ann'));
    expect(row).toMatchObject({ state: 'retrying', attempts: 1, nextAttemptAt: deps.clock.now() + 60_000 });
    expect(row!.lastError).toMatch(/ECONNREFUSED|connect/i);
    // Not due yet: nothing is tried.
    expect(await sendPendingMail(deps, down)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    deps.clock.advance(60_000);
    expect(await sendPendingMail(deps, down)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    [row] = await deps.store.transaction((tx) => tx.noticeMails('person:ann'));
    expect(row).toMatchObject({ state: 'retrying', attempts: 2, nextAttemptAt: deps.clock.now() + 120_000 });

    const smtp = await smtpSink(port);
    closers.push(() => smtp.close());
    deps.clock.advance(120_000);
    expect(await sendPendingMail(deps, mailer(port))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    deps.clock.advance(DAY);
    expect(await sendPendingMail(deps, mailer(port))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    [row] = await deps.store.transaction((tx) => tx.noticeMails('person:ann'));
    expect(row).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('sends nothing to a subject without an address, and says so', async () => {
    const deps = await city(store);
    await listSubject(deps, 'person:nomail');
    const smtp = await smtpSink();
    closers.push(() => smtp.close());
    expect(await sendPendingMail(deps, mailer(smtp.port))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.mails).toEqual([]);
    const [row] = await deps.store.transaction((tx) => tx.noticeMails('person:nomail'));
    expect(row).toMatchObject({ state: 'no-address', address: null, nextAttemptAt: null });
  });

  it('escapes what an authority wrote in the HTML part', async () => {
    // Its own scheme id: compiled schemes are cached by (authority, scheme, version) within the process.
    const hostile = CITY_TEST_SCHEME.replace('scheme: city-test', 'scheme: city-hostile')
      .replace('title: Restricted from air travel', `title: '${HOSTILE.replace(/'/g, "''")}'`)
      .replace('justification: Repeated offences restrict air travel', `justification: '</li><script>x()</script>'`)
      .replace('basis: Municipal Regulation 7 (2026)\n', `basis: '<b onclick=evil()>Reg 7</b>'\n`);
    const deps = await city(store, hostile);
    await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: null });
    await listSubject(deps, 'person:ann');
    const smtp = await smtpSink();
    closers.push(() => smtp.close());
    await sendPendingMail(deps, mailer(smtp.port));
    const html = smtp.mails[0]!.html as string;
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b onclick');
    expect(html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;amp;');
    expect(html).toContain('&#60;/li&#62;&#60;script&#62;x()&#60;/script&#62;');
    // The text part carries it as written.
    expect(smtp.mails[0]!.text).toContain(HOSTILE);
  });

  it('audits a change of address with its hash, and audit verify finds an address changed behind the log', async () => {
    const deps = await city(store);
    expect((await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: 'ann' })).changed).toBe(true);
    expect((await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: 'ann' })).changed).toBe(
      false,
    );
    await setContact(deps, { subject: 'person:ann', language: 'zh-CN', by: 'ann' });
    const entries = (await deps.store.transaction((tx) => tx.auditEntries('operator', 0, 1000))).filter(
      (e) => e.type === 'subject-contact',
    );
    expect(entries).toHaveLength(2);
    expect(entries[1]!.payload).not.toContain('ann@example.org');
    expect(JSON.parse(entries[1]!.payload)).toMatchObject({ subject: 'person:ann', language: 'zh-CN', by: 'ann' });
    expect((await verifyAudit(deps)).ok).toBe(true);
    // Someone with write access to the database redirects the subject's notices.
    await deps.store.transaction(async (tx) => {
      const s = (await tx.getSubjectSettings('person:ann'))!;
      await tx.putSubjectSettings({ ...s, email: 'attacker@example.org' });
    });
    const report = await verifyAudit(deps);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ table: 'subject_settings', id: 'person:ann' });
    expect(await codeOf(setContact(deps, { subject: 'person:ann', email: 'a@b, c@d', by: null }))).toBe(
      'EMAIL_INVALID',
    );
    expect(await codeOf(setContact(deps, { subject: 'person:ann', email: 'a@b\r\nBcc: c@d', by: null }))).toBe(
      'EMAIL_INVALID',
    );
  });

  it('opens a notice over HTTP with the link token alone: 200 and the receipt, 403 forged, 410 expired', async () => {
    const deps = await city(store);
    await setContact(deps, { subject: 'person:ann', email: 'ann@example.org', by: null });
    await listSubject(deps, 'person:ann');
    const smtp = await smtpSink();
    closers.push(() => smtp.close());
    await sendPendingMail(deps, mailer(smtp.port));
    const link = linkOf(smtp.mails[0]!);
    const app = await realApp(deps);
    closers.push(() => app.close());
    const url = `/v1/notice-links/${link.listing}`;
    const forged = await call(app, 'POST', url, NO_CREDENTIAL, { token: `${link.token.slice(0, -2)}xx` });
    expect([forged.status, forged.body.code]).toEqual([403, 'NOTICE_LINK_INVALID']);
    deps.clock.advance(3_600_000);
    const ok = await call(app, 'POST', url, NO_CREDENTIAL, { token: link.token });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.body.listing).toMatchObject({
      id: link.listing,
      receivedAt: new Date(deps.clock.now()).toISOString(),
      effectAt: new Date(deps.clock.now() + 10 * DAY).toISOString(),
      effectProvisional: false,
    });
    expect((ok.body.notice as { list: { id: string } }).list.id).toBe('air-travel-ban');
    deps.clock.advance(31 * DAY);
    const old = await call(app, 'POST', url, NO_CREDENTIAL, { token: link.token });
    expect([old.status, old.body.code]).toEqual([410, 'NOTICE_LINK_EXPIRED']);
  });
});

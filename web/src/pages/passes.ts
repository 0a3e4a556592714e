/**
 * The subject's passes (SPEC §14) and self-exclusions (SPEC §6), two tabs of the portal;
 * and the public page a pass holder opens (#/pass/{token}).
 */
import qrcode from 'qrcode-generator';
import { del, get, post, seg } from '../api.js';
import { card, facts, h, pageHead, pill, table } from '../dom.js';
import { date, dateTime, words } from '../format.js';
import type { Ctx, Page } from '../main.js';
import type { Exclusions, PassVerification, PassView } from '../types.js';
import { button, errorBox, field, input, onSubmit } from '../ui.js';

/** A form field's text (empty when absent). */
const text = (data: FormData, name: string): string => {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
};

/** The public address of a pass: this web app's verification page. */
export function passUrl(token: string): string {
  return `${location.origin}${location.pathname}#/pass/${token}`;
}

/** The QR code of a pass's address, as an SVG image (a data: URL, which the page's CSP allows for images). */
export function qrImage(text: string): HTMLImageElement {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const svg = qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
  return h('img', {
    class: 'qr',
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    alt: `QR code of the pass address ${text}`,
    width: '240',
    height: '240',
  });
}

function statusPill(p: PassView): HTMLElement {
  return pill(p.status, p.status === 'valid' ? 'good' : 'neutral');
}

/** Tab: make a pass, show its QR code once, list and revoke passes. */
export async function passesTab(ctx: Ctx): Promise<Node> {
  const { passes } = await get<{ passes: PassView[] }>('/v1/me/passes');
  const shown = h('div', { 'aria-live': 'polite' });
  const form = onSubmit(
    h(
      'form',
      { class: 'stack' },
      field(
        'Purpose',
        input('purpose', { required: true, placeholder: 'rental.deposit or scheme:city-citizen' }),
        'An action (what a relying party would check), or scheme:ID to show your grade under that scheme. Never your score or records.',
      ),
      field('Valid for', input('ttl', { value: 'P7D' }), 'ISO 8601, at most P30D (30 days).'),
      field(
        'Only for (optional)',
        input('recipient', { placeholder: 'party:airline or account:name' }),
        'If named, only that relying party or account, signed in, can verify the pass.',
      ),
      button('Create pass'),
    ),
    async (data) => {
      const recipient = text(data, 'recipient').trim();
      const made = await post<PassView & { token: string }>('/v1/me/passes', {
        purpose: text(data, 'purpose').trim(),
        ttl: text(data, 'ttl').trim() || 'P7D',
        ...(recipient ? { recipient } : {}),
      });
      const url = passUrl(made.token);
      shown.replaceChildren(
        card(
          'Your new pass',
          h('p', null, 'Show this code, or give this address. It is shown only now: Standing keeps no copy of it.'),
          qrImage(url),
          h('p', null, h('a', { href: url, 'data-pass-url': '' }, url)),
          facts([
            ['purpose', words(made.purpose)],
            ['valid until', dateTime(made.expiresAt)],
            ['for', made.recipient ?? 'whoever holds it'],
          ]),
        ),
      );
    },
  );
  return h(
    'div',
    null,
    card(
      'Share one answer with a pass',
      h(
        'p',
        { class: 'muted' },
        'A pass lets whoever you give it to see one answer about you — whether you may do one action, or your grade under one scheme — until it expires or you revoke it. Every verification appears in “Who checked me”.',
      ),
      form,
      shown,
    ),
    card(
      'My passes',
      table(
        ['purpose', 'for', 'created', 'valid until', 'status', ''],
        passes.map((p) => [
          words(p.purpose),
          p.recipient ?? 'anyone holding it',
          date(p.createdAt),
          dateTime(p.expiresAt),
          statusPill(p),
          p.status === 'valid'
            ? button('Revoke', {
                type: 'button',
                class: 'btn secondary',
                onclick: () =>
                  void del(`/v1/me/passes/${seg(p.id)}`)
                    .then(() => ctx.reload())
                    .catch(() => ctx.reload()),
              })
            : '',
        ]),
        { empty: 'You have made no pass.' },
      ),
    ),
  );
}

/** Tab: the lists offering self-exclusion, and mine (which cannot be ended early). */
export async function exclusionsTab(ctx: Ctx): Promise<Node> {
  const { offered, exclusions } = await get<Exclusions>('/v1/me/exclusions');
  const offers = offered.map((o) =>
    onSubmit(
      h(
        'form',
        { class: 'stack' },
        h('h3', null, o.title ?? words(o.list), ' ', h('span', { class: 'muted' }, `(${o.authority})`)),
        field(
          'For how long',
          input('term', { required: true, value: o.minTerm }),
          `From ${o.minTerm} to ${o.maxTerm}.`,
        ),
        button('Exclude me'),
      ),
      async (data) => {
        await post('/v1/me/exclusions', {
          authority: o.authority,
          scheme: o.scheme,
          list: o.list,
          term: text(data, 'term').trim(),
        });
        await ctx.reload();
      },
    ),
  );
  return h(
    'div',
    null,
    card(
      'Exclude myself',
      h(
        'p',
        { class: 'muted' },
        'Some lists let you place yourself on them — a gambling or spending limit, for example. It starts at once and lasts the term you choose; it cannot be ended early or appealed: that is its purpose. Relying parties see it as any other restriction.',
      ),
      ...(offers.length > 0 ? offers : [h('p', null, 'No list offers self-exclusion to you.')]),
    ),
    card(
      'My self-exclusions',
      table(
        ['list', 'state', 'since', 'until'],
        exclusions.map((l) => [
          l.listTitle,
          pill(l.state, l.state === 'active' ? 'warn' : 'neutral'),
          l.activeSince === null ? '—' : date(l.activeSince),
          l.termEndsAt === null ? '—' : dateTime(l.termEndsAt),
        ]),
        { empty: 'You have not excluded yourself from anything.' },
      ),
    ),
  );
}

function answerOf(v: PassVerification): Node {
  if (v.check) {
    const c = v.check;
    const tone = c.effect === 'allow' ? 'good' : c.effect === 'deny' || c.effect === 'limit' ? 'bad' : 'info';
    return h(
      'div',
      null,
      h('p', { class: 'pass-answer' }, words(c.action), ': ', pill(c.effect, tone)),
      c.limit ? h('p', null, 'Limit: ', JSON.stringify(c.limit)) : null,
      table(
        ['list', 'authority', 'since', 'appeal'],
        c.reasons.map((r) => [words(r.list), r.authority, date(r.since), r.appeal]),
        { empty: 'No restriction or privilege applies.' },
      ),
      h('p', { class: 'muted' }, `Decision ${c.decision}, at ${dateTime(c.at)}.`),
    );
  }
  const g = v.grade!;
  return h(
    'p',
    { class: 'pass-answer' },
    `Grade under ${words(g.scheme)} (${g.authority}): `,
    h('strong', null, g.grade ?? 'none'),
  );
}

/** The public page a pass holder opens: the pass's one answer, logged in the subject's access log. */
export function page(ctx: Ctx): Page {
  const token = ctx.params[0] ?? '';
  return {
    title: 'Verify a pass',
    async render() {
      let body: Node;
      try {
        const v = await get<PassVerification>(`/v1/passes/${seg(token)}`);
        body = card(
          h('span', null, 'Pass of ', h('code', null, v.subject)),
          answerOf(v),
          facts([
            ['purpose', words(v.purpose)],
            ['valid until', dateTime(v.expiresAt)],
          ]),
          h(
            'p',
            { class: 'muted' },
            'This is the only answer this pass gives: never scores or records. The person it belongs to sees that it was verified.',
          ),
        );
      } catch (err) {
        body = errorBox(err, 'This pass cannot be verified');
      }
      return h('div', null, pageHead('Verify a pass'), body);
    },
  };
}

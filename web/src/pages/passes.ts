/**
 * The subject's passes (SPEC §14) and self-exclusions (SPEC §6), two tabs of the portal;
 * and the public page a pass holder opens (#/pass/{token}).
 */
import qrcode from '../vendor/qrcode-generator.js';
import { del, get, post, seg } from '../api.js';
import { card, facts, h, pageHead, pill, table } from '../dom.js';
import { date, dateTime, words } from '../format.js';
import { t, tNodes, type Key } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { Exclusions, PassVerification, PassView } from '../types.js';
import { button, effectName, errorBox, field, input, onSubmit, stateName } from '../ui.js';

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
    alt: t('passes.qr', { url: text }),
    width: '240',
    height: '240',
  });
}

function statusPill(p: PassView): HTMLElement {
  const word = ['valid', 'expired', 'revoked'].includes(p.status) ? t(`passes.status.${p.status}` as Key) : p.status;
  return pill(word, p.status === 'valid' ? 'good' : 'neutral');
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
        t('passes.purpose'),
        input('purpose', { required: true, placeholder: t('passes.purpose.placeholder') }),
        t('passes.purpose.hint'),
      ),
      field(t('passes.ttl'), input('ttl', { value: 'P7D' }), t('passes.ttl.hint')),
      field(
        t('passes.recipient'),
        input('recipient', { placeholder: t('passes.recipient.placeholder') }),
        t('passes.recipient.hint'),
      ),
      button(t('passes.create')),
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
          t('passes.new'),
          h('p', null, t('passes.new.lead')),
          qrImage(url),
          h('p', null, h('a', { href: url, 'data-pass-url': '' }, url)),
          facts([
            [t('passes.col.purpose'), words(made.purpose)],
            [t('passes.col.validUntil'), dateTime(made.expiresAt)],
            [t('passes.col.for'), made.recipient ?? t('passes.whoever')],
          ]),
        ),
      );
    },
  );
  return h(
    'div',
    null,
    card(t('passes.share'), h('p', { class: 'muted' }, t('passes.share.lead')), form, shown),
    card(
      t('passes.mine'),
      table(
        [
          t('passes.col.purpose'),
          t('passes.col.for'),
          t('passes.col.created'),
          t('passes.col.validUntil'),
          t('passes.col.status'),
          '',
        ],
        passes.map((p) => [
          words(p.purpose),
          p.recipient ?? t('passes.anyone'),
          date(p.createdAt),
          dateTime(p.expiresAt),
          statusPill(p),
          p.status === 'valid'
            ? button(t('passes.revoke'), {
                type: 'button',
                class: 'btn secondary',
                onclick: () =>
                  void del(`/v1/me/passes/${seg(p.id)}`)
                    .then(() => ctx.reload())
                    .catch(() => ctx.reload()),
              })
            : '',
        ]),
        { empty: t('passes.none') },
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
          t('passes.excl.term'),
          input('term', { required: true, value: o.minTerm }),
          t('passes.excl.range', { min: o.minTerm, max: o.maxTerm }),
        ),
        button(t('passes.excl.submit')),
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
      t('passes.excl.title'),
      h('p', { class: 'muted' }, t('passes.excl.lead')),
      ...(offers.length > 0 ? offers : [h('p', null, t('passes.excl.noOffer'))]),
    ),
    card(
      t('passes.excl.mine'),
      table(
        [t('passes.excl.list'), t('passes.excl.state'), t('passes.excl.since'), t('passes.excl.until')],
        exclusions.map((l) => [
          l.listTitle,
          pill(stateName(l.state), l.state === 'active' ? 'warn' : 'neutral'),
          l.activeSince === null ? '—' : date(l.activeSince),
          l.termEndsAt === null ? '—' : dateTime(l.termEndsAt),
        ]),
        { empty: t('passes.excl.none') },
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
      h('p', { class: 'pass-answer' }, words(c.action), t('public.colon'), pill(effectName(c.effect), tone)),
      c.limit ? h('p', null, t('passes.verify.limit'), JSON.stringify(c.limit)) : null,
      table(
        [t('passes.verify.list'), t('passes.verify.authority'), t('passes.verify.since'), t('passes.verify.appeal')],
        c.reasons.map((r) => [words(r.list), r.authority, date(r.since), h('code', null, r.appeal)]),
        { empty: t('passes.verify.noReason') },
      ),
      h(
        'p',
        { class: 'muted' },
        tNodes(
          'passes.verify.decision',
          { decision: c.decision, at: dateTime(c.at) },
          { c: (chunks) => h('code', null, chunks) },
        ),
      ),
    );
  }
  const g = v.grade!;
  return h(
    'p',
    { class: 'pass-answer' },
    t('passes.verify.grade', { scheme: words(g.scheme), authority: g.authority }),
    h('strong', null, g.grade ?? t('grade.noneWord')),
  );
}

/** The public page a pass holder opens: the pass's one answer, logged in the subject's access log. */
export function page(ctx: Ctx): Page {
  const token = ctx.params[0] ?? '';
  return {
    title: () => t('passes.verify.title'),
    async render() {
      let body: Node;
      try {
        const v = await get<PassVerification>(`/v1/passes/${seg(token)}`);
        body = card(
          h(
            'span',
            null,
            tNodes('passes.verify.of', { subject: v.subject }, { c: (chunks) => h('code', null, chunks) }),
          ),
          answerOf(v),
          facts([
            [t('passes.col.purpose'), words(v.purpose)],
            [t('passes.col.validUntil'), dateTime(v.expiresAt)],
          ]),
          h('p', { class: 'muted' }, t('passes.verify.only')),
        );
      } catch (err) {
        body = errorBox(err, t('passes.verify.failed'));
      }
      return h('div', null, pageHead(t('passes.verify.title')), body);
    },
  };
}

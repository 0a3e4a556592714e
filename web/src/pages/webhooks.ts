/**
 * Webhook endpoints (SPEC §13, docs/webhooks.md): an authority's admin, or a relying party,
 * lists its endpoints, adds one (its signing secret shown once), disables or enables it,
 * rotates its secret (shown once), reads each endpoint's delivery log and replays a delivery.
 */
import { get, post, seg } from '../api.js';
import { card, facts, h, loading, pageHead, pill, table } from '../dom.js';
import { dateTime, num } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { Principal, WebhookDelivery, WebhookEndpoint } from '../types.js';
import { button, errorBox, field, input, onSubmit } from '../ui.js';

/** The event types an endpoint may subscribe to (docs/webhooks.md; the API refuses any other). */
const EVENT_TYPES = [
  'listing.noticed',
  'listing.active',
  'listing.suspended',
  'listing.ended',
  'notice.issued',
  'appeal.filed',
  'appeal.decided',
  'appeal.second-instance-decided',
  'dispute.opened',
  'dispute.decided',
  'dispute.overdue',
  'record.retracted',
  'consent.changed',
  'sanction.in-force',
  'sanction.lifted',
] as const;
/** What a relying party may hear of: sanctions on subjects it checked, never a score or record. */
const PARTY_EVENT_TYPES = ['sanction.in-force', 'sanction.lifted'] as const;

const manages = (me: Principal): boolean => (me.type === 'staff' && me.roles.includes('admin')) || me.type === 'party';

/**
 * A secret shown this once: the text, selectable, with a copy button; focus moves to it so
 * that a screen reader announces it, and it is gone once the page is left.
 */
function secretBox(heading: string, url: string, secret: string): HTMLElement {
  const status = h('span', { class: 'small muted', role: 'status', 'aria-live': 'polite' });
  const code = h('code', { class: 'secret', 'data-secret': '' }, secret);
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'btn secondary',
      onclick: () => {
        navigator.clipboard.writeText(secret).then(
          () => {
            status.textContent = t('webhooks.secret.copied');
          },
          () => {
            // No clipboard (an insecure origin, a refused permission): the text is selected for a manual copy.
            const range = document.createRange();
            range.selectNodeContents(code);
            getSelection()?.removeAllRanges();
            getSelection()?.addRange(range);
            status.textContent = t('webhooks.secret.selected');
          },
        );
      },
    },
    t('webhooks.secret.copy'),
  );
  const box = h(
    'section',
    { class: 'alert warn', tabindex: -1, 'aria-labelledby': 'secret-heading' },
    h('h2', { id: 'secret-heading' }, heading),
    h('p', null, t('webhooks.secret.once', { url })),
    h('p', { class: 'secret-line' }, code),
    h('p', null, copy, ' ', status),
  );
  return box;
}

function stateTone(d: WebhookDelivery): 'good' | 'warn' | 'bad' {
  return d.state === 'delivered' ? 'good' : d.state === 'dead' ? 'bad' : 'warn';
}

function stateWord(d: WebhookDelivery): string {
  return d.state === 'delivered'
    ? t('webhooks.state.delivered')
    : d.state === 'dead'
      ? t('webhooks.state.dead')
      : t('webhooks.state.pending');
}

/** The delivery log of one endpoint, newest first, with a replay button per delivery. */
async function deliveryLog(w: WebhookEndpoint, slot: HTMLElement): Promise<void> {
  const { deliveries } = await get<{ deliveries: WebhookDelivery[] }>(`/v1/webhooks/${seg(w.id)}/deliveries?limit=50`);
  const status = h('p', { class: 'small muted', role: 'status', 'aria-live': 'polite' });
  const refresh = h(
    'button',
    {
      type: 'button',
      class: 'btn secondary',
      onclick: () => void show(w, slot),
    },
    t('webhooks.log.refresh'),
  );
  slot.replaceChildren(
    table(
      [
        t('webhooks.log.event'),
        t('webhooks.log.subject'),
        t('webhooks.log.state'),
        t('webhooks.log.attempts'),
        t('webhooks.log.status'),
        t('webhooks.log.latency'),
        t('webhooks.log.last'),
        t('webhooks.log.next'),
        t('webhooks.log.replay'),
      ],
      deliveries.map((d) => [
        h('span', null, h('code', null, d.eventType), h('br'), h('small', { class: 'muted' }, d.eventId)),
        d.subject,
        pill(stateWord(d), stateTone(d)),
        num(d.attempts),
        d.lastStatus ?? '—',
        d.lastLatencyMs === null ? '—' : t('webhooks.log.ms', { ms: d.lastLatencyMs }),
        d.lastAt ? dateTime(d.lastAt) : '—',
        d.nextAt ? dateTime(d.nextAt) : '—',
        h(
          'button',
          {
            type: 'button',
            class: 'btn secondary',
            'aria-label': t('webhooks.log.replayOf', { event: d.eventId }),
            onclick: (e: Event) => {
              const b = e.currentTarget as HTMLButtonElement;
              b.disabled = true;
              post<WebhookDelivery>(`/v1/webhook-deliveries/${d.id}/replay`, {}).then(
                async () => {
                  await show(w, slot);
                  slot.querySelector<HTMLElement>('[role="status"]')!.textContent = t('webhooks.log.replayed', {
                    event: d.eventId,
                  });
                },
                (err: unknown) => {
                  b.disabled = false;
                  status.replaceChildren(errorBox(err));
                },
              );
            },
          },
          t('webhooks.log.replay'),
        ),
      ]),
      { numeric: [3, 5], caption: t('webhooks.log.caption', { url: w.url }), empty: t('webhooks.log.empty') },
    ),
    h('p', null, refresh),
    status,
  );
}

async function show(w: WebhookEndpoint, slot: HTMLElement): Promise<void> {
  try {
    await deliveryLog(w, slot);
  } catch (err) {
    slot.replaceChildren(errorBox(err));
  }
}

/** One endpoint: what it is, its actions, and its delivery log (read when opened). */
function endpointCard(w: WebhookEndpoint, reload: (secret?: { heading: string; url: string; value: string }) => void) {
  const headingId = `wh-${w.id}`;
  const problem = h('div', { 'aria-live': 'polite' });
  const act = (path: 'disable' | 'enable' | 'rotate') => (e: Event) => {
    const b = e.currentTarget as HTMLButtonElement;
    b.disabled = true;
    post<{ secret?: string }>(`/v1/webhooks/${seg(w.id)}/${path}`, {}).then(
      (r) =>
        reload(
          path === 'rotate' && r.secret
            ? { heading: t('webhooks.secret.rotated'), url: w.url, value: r.secret }
            : undefined,
        ),
      (err: unknown) => {
        b.disabled = false;
        problem.replaceChildren(errorBox(err));
      },
    );
  };
  const log = h('div', null, loading());
  const details = h('details', { class: 'delivery-log' }, h('summary', null, t('webhooks.log.title')), log);
  details.addEventListener('toggle', () => {
    if (details.open) void show(w, log);
  });
  const enabled = w.disabledAt === null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': headingId, 'data-endpoint': w.id },
    h(
      'h2',
      { id: headingId, class: 'break' },
      w.url,
      ' ',
      pill(enabled ? t('webhooks.enabled') : t('webhooks.disabled'), enabled ? 'good' : 'neutral'),
    ),
    facts([
      [t('webhooks.id'), h('code', null, w.id)],
      [t('webhooks.events'), w.events.join(', ')],
      [t('webhooks.owner'), w.party ? `party:${w.party}` : (w.authority ?? t('webhooks.operator'))],
      [t('webhooks.generation'), num(w.secretGeneration)],
      [t('webhooks.created'), dateTime(w.createdAt)],
      [t('webhooks.disabledAt'), w.disabledAt ? dateTime(w.disabledAt) : null],
    ]),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn secondary',
          'aria-label': t('webhooks.rotateOf', { url: w.url }),
          onclick: act('rotate'),
        },
        t('webhooks.rotate'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn secondary',
          'aria-label': enabled ? t('webhooks.disableOf', { url: w.url }) : t('webhooks.enableOf', { url: w.url }),
          onclick: act(enabled ? 'disable' : 'enable'),
        },
        enabled ? t('webhooks.disable') : t('webhooks.enable'),
      ),
    ),
    problem,
    details,
  );
}

function addForm(me: Principal, added: (secret: { heading: string; url: string; value: string }) => void) {
  const types: readonly string[] = me.type === 'party' ? PARTY_EVENT_TYPES : EVENT_TYPES;
  const box = (value: string, label: string, id: string) =>
    h(
      'label',
      { class: 'checkbox', for: id },
      h('input', { type: 'checkbox', name: 'events', value, id }),
      h('span', null, label),
    );
  const url = input('url', {
    type: 'url',
    required: true,
    inputmode: 'url',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'https://hooks.example.org/standing',
  });
  const events = h(
    'fieldset',
    { 'data-field': 'events', 'aria-describedby': 'wh-events-err' },
    h('legend', null, t('webhooks.add.events')),
    box('*', t('webhooks.add.all'), 'wh-ev-all'),
    h(
      'div',
      { class: 'event-types' },
      types.map((type) => box(type, type, `wh-ev-${type.replace(/[^a-z-]/g, '-')}`)),
    ),
    h('div', { class: 'field-error', id: 'wh-events-err', 'aria-live': 'polite' }),
  );
  return onSubmit(
    h(
      'form',
      { class: 'stack', 'aria-labelledby': 'wh-add-title' },
      field(t('webhooks.add.url'), url, t('webhooks.add.url.hint')),
      events,
      button(t('webhooks.add.submit')),
    ),
    async (data) => {
      const chosen = data.getAll('events').map(String);
      if (chosen.length === 0) {
        const err = events.querySelector('.field-error')!;
        err.textContent = t('webhooks.add.events.missing');
        events.querySelector<HTMLInputElement>('input')!.focus();
        return;
      }
      const r = await post<{ endpoint: WebhookEndpoint; secret: string }>('/v1/webhooks', {
        url: url.value.trim(),
        events: chosen.includes('*') ? ['*'] : chosen,
      });
      added({ heading: t('webhooks.secret.new'), url: r.endpoint.url, value: r.secret });
    },
    { url: t('webhooks.add.url.missing') },
  );
}

export const page: Page = {
  title: () => t('webhooks.title'),
  async render(ctx: Ctx) {
    const me = ctx.me;
    if (!manages(me))
      return h(
        'div',
        null,
        pageHead(t('webhooks.title')),
        card(
          null,
          h('p', null, t('webhooks.who')),
          me.type === 'anonymous'
            ? h('p', null, h('a', { class: 'btn', href: '#/sign-in?next=/console/webhooks' }, t('webhooks.signIn')))
            : null,
        ),
      );
    const secretSlot = h('div');
    const list = h('div', null, loading());
    const draw = async (secret?: { heading: string; url: string; value: string }): Promise<void> => {
      try {
        const { endpoints } = await get<{ endpoints: WebhookEndpoint[] }>('/v1/webhooks');
        list.replaceChildren(
          endpoints.length === 0
            ? h('p', { class: 'empty' }, t('webhooks.none'))
            : h(
                'div',
                { class: 'stack' },
                endpoints.map((w) => endpointCard(w, (s) => void draw(s))),
              ),
        );
      } catch (err) {
        list.replaceChildren(errorBox(err));
      }
      if (secret) {
        const box = secretBox(secret.heading, secret.url, secret.value);
        secretSlot.replaceChildren(box);
        box.focus();
      } else secretSlot.replaceChildren();
    };
    const form = addForm(me, (s) => {
      form.reset();
      void draw(s);
    });
    void draw();
    return h(
      'div',
      null,
      pageHead(
        t('webhooks.title'),
        me.type === 'staff' ? t('webhooks.lead.authority', { authority: me.authority }) : t('webhooks.lead.party'),
      ),
      secretSlot,
      h('section', { class: 'card' }, h('h2', { id: 'wh-add-title' }, t('webhooks.add.title')), form),
      h('h2', null, t('webhooks.list')),
      list,
    );
  },
};

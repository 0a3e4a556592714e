import { listName } from './list-name.js';
import { conditionRecords, type NoticeBody, type Redress } from './notice.js';
import type { SanctionDef } from './scheme-types.js';

/**
 * The e-mail that carries a notice (SPEC §13): subject line, plain text and HTML, in the
 * subject's language. Every string of the template is in TEXTS below (one small catalogue,
 * en and zh-CN), so that it can move into the UI's message catalogue later. What an authority
 * wrote (list titles, bases, justifications) is shown as written; everything is escaped in HTML.
 */
export type NoticeMailLanguage = 'en' | 'zh-CN';

interface Texts {
  subject(list: string, authority: string): string;
  greeting: string;
  intro(authority: string, type: string, list: string, scheme: string, version: number): string;
  linkIntro: string;
  linkNote(expires: string): string;
  receipt(effectAt: string): string;
  restriction: string;
  noSanctions: string;
  sanction(s: SanctionDef): string;
  from(effectAt: string): string;
  until(term: string): string;
  ground: string;
  groundKind: { legal: string; contractual: string };
  automated(detection: boolean, decision: boolean): string;
  facts: string;
  score(score: string, grade: string): string;
  contribution(ref: string, rule: string, points: number, capped: number): string;
  conditionRecord(ref: string): string;
  redress: string;
  redressItem(r: Redress): string;
  how: string;
  footer: string;
}

const EFFECT_ZH: Record<string, string> = {
  deny: '拒绝',
  limit: '限制',
  waive: '免除',
  priority: '优先',
};

const limitText = (s: SanctionDef): string =>
  s.limit
    ? ` (${Object.entries(s.limit)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`
    : '';

export const TEXTS: Readonly<Record<NoticeMailLanguage, Texts>> = {
  en: {
    subject: (list, authority) => `Notice: ${authority} places you on “${list}”`,
    greeting: 'This is a notice with the statement of reasons for a decision about you.',
    intro: (authority, type, list, scheme, version) =>
      `${authority} places you on the ${type} “${list}” under scheme ${scheme}, version ${version}.`,
    linkIntro: 'Read this notice in the portal:',
    linkNote: (expires) =>
      `The link opens this notice only (until ${expires}); sign in to the portal to appeal or to see your whole file.`,
    receipt: (effectAt) =>
      `Opening the link, or reading the notice in the portal, is your receipt of it: the appeal window then runs from that moment (at the latest it counts as received 2 days after it was issued). Provisionally it takes effect ${effectAt}.`,
    restriction: 'Restriction, scope and duration',
    noSanctions: 'No action is restricted (a watchlist): relying parties are told of nothing.',
    sanction: (s) =>
      `${s.effect} ${s.action}${limitText(s)}${s.justification ? ` — ${s.justification}` : ''}${s.basis ? ` [${s.basis}]` : ''}`,
    from: (effectAt) => `From ${effectAt}, unless you appeal before then.`,
    until: (term) => `Until ${term} at the latest (the maximum term), or earlier when the condition stops holding.`,
    ground: 'Ground',
    groundKind: { legal: 'legal basis', contractual: 'the published scheme as terms' },
    automated: (detection, decision) =>
      `Detected ${detection ? 'by automated means (the scheme’s evaluation of records)' : 'by a person'}; decided ${decision ? 'by automated means' : 'by a person'}. A human reviewer decides any appeal.`,
    facts: 'Facts',
    score: (score, grade) => `Score ${score}, grade ${grade}.`,
    contribution: (ref, rule, points, capped) =>
      `${ref}: rule ${rule}, ${points} points${capped !== points ? ` (${capped} after the cap)` : ''}`,
    conditionRecord: (ref) => `The condition holds through ${ref}`,
    redress: 'Redress and deadlines',
    redressItem: (r) =>
      r.kind === 'appeal'
        ? `Appeal before ${r.until ?? ''}: your sanctions are suspended until a human reviewer decides. A later appeal is still reviewed.`
        : r.kind === 'second-instance'
          ? `Second instance: within ${r.within ?? ''} of a decision upholding your appeal, ask for a second review.`
          : `Record disputes: dispute any record among the facts with the authority that reported it, at any time; it must decide within ${r.within ?? ''} or the record stops counting.`,
    how: 'Appeal and dispute in the portal (signed in), or with the API and CLI forms given in the notice.',
    footer: 'Sent by Standing. You get notices by e-mail because an address is set in your portal settings.',
  },
  'zh-CN': {
    subject: (list, authority) => `通知：${authority} 将您列入“${list}”`,
    greeting: '这是一份关于您的决定的通知及理由说明。',
    intro: (authority, type, list, scheme, version) =>
      `${authority} 依据方案 ${scheme}（第 ${version} 版）将您列入${type === 'blacklist' ? '黑名单' : type === 'watchlist' ? '观察名单' : '名单'}“${list}”。`,
    linkIntro: '在门户中阅读本通知：',
    linkNote: (expires) => `此链接仅可打开本通知（有效期至 ${expires}）；如需申诉或查看完整档案，请登录门户。`,
    receipt: (effectAt) =>
      `打开此链接或在门户中阅读本通知即视为您已收到通知：申诉期自该时刻起计算（最迟在发出后 2 天视为已收到）。暂定生效时间为 ${effectAt}。`,
    restriction: '限制措施、范围和期限',
    noSanctions: '不限制任何行为（观察名单）：不会告知任何依赖方。',
    sanction: (s) =>
      `${EFFECT_ZH[s.effect] ?? s.effect} ${s.action}${limitText(s)}${s.justification ? ` — ${s.justification}` : ''}${s.basis ? ` [${s.basis}]` : ''}`,
    from: (effectAt) => `自 ${effectAt} 起生效，除非您在此之前提出申诉。`,
    until: (term) => `最迟至 ${term}（最长期限），条件不再成立时提前结束。`,
    ground: '依据',
    groundKind: { legal: '法律依据', contractual: '以公开方案为条款' },
    automated: (detection, decision) =>
      `${detection ? '通过自动化方式发现（方案对记录的评估）' : '由人工发现'}；${decision ? '通过自动化方式决定' : '由人工决定'}。任何申诉均由人工审核员决定。`,
    facts: '事实',
    score: (score, grade) => `分数 ${score}，等级 ${grade}。`,
    contribution: (ref, rule, points, capped) =>
      `${ref}：规则 ${rule}，${points} 分${capped !== points ? `（封顶后 ${capped} 分）` : ''}`,
    conditionRecord: (ref) => `条件因以下记录成立：${ref}`,
    redress: '救济途径及期限',
    redressItem: (r) =>
      r.kind === 'appeal'
        ? `在 ${r.until ?? ''} 之前申诉：在人工审核员作出决定之前，限制措施暂停执行。逾期申诉仍会审核。`
        : r.kind === 'second-instance'
          ? `二审：申诉被驳回后 ${r.within ?? ''} 内，可要求第二次审查。`
          : `记录异议：可随时向报送记录的机关对事实中的任何记录提出异议；该机关须在 ${r.within ?? ''} 内作出决定，否则该记录不再计入。`,
    how: '请在门户（登录后）中申诉或提出异议，或使用通知中给出的 API 和命令行方式。',
    footer: '由 Standing 发送。您通过电子邮件收到通知，是因为您在门户设置中填写了电子邮件地址。',
  },
};

export interface NoticeMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One section of the e-mail: a heading and its lines, rendered into both parts. */
interface Section {
  readonly heading: string | null;
  readonly lines: readonly string[];
  readonly list?: boolean;
}

/** The notice e-mail in one language, with the portal link (already signed). */
export function renderNoticeMail(
  n: NoticeBody,
  options: { readonly language: NoticeMailLanguage; readonly link: string; readonly linkExpires: string },
): NoticeMail {
  const t = TEXTS[options.language];
  const list = listName(n.list);
  const sections: Section[] = [
    { heading: null, lines: [t.greeting, t.intro(n.authority, n.list.type, list, n.scheme, n.version)] },
    {
      heading: t.restriction,
      list: true,
      lines: [
        ...(n.sanctions.length === 0 ? [t.noSanctions] : n.sanctions.map((s) => t.sanction(s))),
        t.from(n.effectAt),
        ...(n.termEndsAt ? [t.until(n.termEndsAt)] : []),
      ],
    },
    {
      heading: t.ground,
      lines: [
        n.ground ? `${t.groundKind[n.ground.kind]}: ${n.ground.text}` : (n.basis ?? ''),
        t.automated(n.automatedDetection ?? true, n.automatedDecision ?? true),
      ],
    },
    {
      heading: t.facts,
      list: true,
      lines: [
        t.score(n.facts.score === null ? '—' : String(n.facts.score), n.facts.grade ?? '—'),
        ...conditionRecords(n).map((ref) => t.conditionRecord(ref)),
        ...n.facts.contributions.map((c) => t.contribution(`${c.authority}/${c.key}`, c.rule, c.points, c.capped)),
      ],
    },
    { heading: t.redress, list: true, lines: [...(n.redress ?? []).map((r) => t.redressItem(r)), t.how] },
  ];
  const receipt = t.receipt(n.effectAt);
  const text = [
    ...sections.flatMap((s) => [
      ...(s.heading ? [`== ${s.heading} ==`] : []),
      ...s.lines.map((l) => (s.list ? `  - ${l}` : l)),
      '',
    ]),
    t.linkIntro,
    options.link,
    t.linkNote(options.linkExpires),
    receipt,
    '',
    '--',
    t.footer,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = [
    '<!doctype html>',
    `<html lang="${e(options.language)}"><head><meta charset="utf-8"><title>${e(t.subject(list, n.authority))}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
    ...sections.map((s) =>
      [
        s.heading ? `<h2 style="font-size: 1.1em">${e(s.heading)}</h2>` : '',
        s.list
          ? `<ul>${s.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`
          : s.lines.map((l) => `<p>${e(l)}</p>`).join(''),
      ].join(''),
    ),
    `<p>${e(t.linkIntro)} <a href="${e(options.link)}">${e(options.link)}</a></p>`,
    `<p>${e(t.linkNote(options.linkExpires))}</p>`,
    `<p>${e(receipt)}</p>`,
    `<hr><p style="color: #555; font-size: 0.9em">${e(t.footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  // A header line: whatever an authority wrote, no control character reaches it.
  return { subject: t.subject(list, n.authority).replace(/[\u0000-\u001f\u007f]+/g, ' '), text, html };
}

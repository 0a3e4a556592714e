/** Plain-language formatting of instants, durations and numbers for the pages, in the page's language (never the browser's). */
import { currentLocale, t } from './i18n.js';

type Formatters = { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat; num: Intl.NumberFormat };
const made = new Map<string, Formatters>();

function fmt(): Formatters {
  const locale = currentLocale();
  let f = made.get(locale);
  if (f === undefined) {
    f = {
      date: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
      dateTime: new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
        timeZoneName: 'short',
      }),
      num: new Intl.NumberFormat(locale),
    };
    made.set(locale, f);
  }
  return f;
}

type When = string | number | null | undefined;

function ms(t: When): number | null {
  if (t === null || t === undefined || t === '') return null;
  const v = typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(v) ? v : null;
}

export function date(t: When): string {
  const v = ms(t);
  return v === null ? '—' : fmt().date.format(v);
}

export function dateTime(t: When): string {
  const v = ms(t);
  return v === null ? '—' : fmt().dateTime.format(v);
}

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : fmt().num.format(n);
}

export function pct(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** "3 days 4 hours", "5 hours", "12 minutes": the two largest units. */
export function span(millis: number): string {
  const m = Math.abs(millis);
  const units: [number, 'day' | 'hour' | 'minute'][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  const parts: string[] = [];
  let rest = m;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (parts.length === 0 && size === 60_000)) {
      parts.push(t(`unit.${name}`, { n }));
      rest -= n * size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(t('unit.sep'));
}

/** Time left until a deadline, or how long ago it passed. */
export function timeLeft(
  deadline: When,
  now: number = Date.now(),
): { text: string; tone: 'good' | 'warn' | 'bad'; passed: boolean } {
  const v = ms(deadline);
  if (v === null) return { text: t('time.noDeadline'), tone: 'good', passed: false };
  const d = v - now;
  if (d <= 0) return { text: t('time.passed', { span: span(d) }), tone: 'bad', passed: true };
  return { text: t('time.left', { span: span(d) }), tone: d < 2 * 86_400_000 ? 'warn' : 'good', passed: false };
}

/** "+10", "−5", "0": points with a real minus sign. */
export function points(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

const DURATION_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;

/** An ISO 8601 duration in words: P1Y → 1 year, P30D → 30 days, P2W → 2 weeks. */
export function duration(iso: string | null | undefined): string {
  if (!iso) return t('time.never');
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const parts = m
    .slice(1)
    .map((v, i) => (v && v !== '0' ? t(`unit.${DURATION_UNITS[i] ?? 'day'}`, { n: Number(v) }) : ''))
    .filter(Boolean);
  return parts.length ? parts.join(t('unit.sep')) : iso;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** "traffic.violation" → "traffic violation"; "air-travel-ban" → "air travel ban". */
export function words(id: string): string {
  return id.replace(/[._-]+/g, ' ');
}

/** A list's one display name, as the server's core listName: its title, else its id in words with a capital. */
export function listName(id: string, title?: string | null): string {
  const t = title?.trim();
  if (t) return t;
  const w = words(id).trim();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { formatInstant } from '../../core/instant.js';
import { isStandingError } from '../../core/errors.js';
import type { OutboxEvent } from '../../store/outbox-port.js';
import { parseWebhookUrl, vetAddresses } from './ssrf.js';

/** The JSON body of a delivery: the event's envelope and its versioned data (docs/webhooks.md). */
export function eventBody(e: OutboxEvent): string {
  return JSON.stringify({
    id: e.id,
    type: e.type,
    timestamp: formatInstant(e.at),
    schemaVersion: e.schemaVersion,
    authority: e.authority,
    subject: e.subject,
    data: JSON.parse(e.payload) as unknown,
  });
}

export interface SendResult {
  readonly ok: boolean;
  /** The HTTP status, or what went wrong (`timeout`, `redirect 302`, `refused: …`, `error: …`). */
  readonly status: string;
  readonly latencyMs: number;
}

/**
 * Posts one signed delivery (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature
 * over id.timestamp.body). Resolves and vets the host first and connects only to a vetted
 * address; never follows a redirect; gives up after `timeoutMs`. Any 2xx is a delivery.
 */
export async function sendWebhook(input: {
  url: string;
  secret: string;
  event: OutboxEvent;
  allowPrivate: boolean;
  timeoutMs: number;
  /** The signature's instant: real time, as receivers check it against theirs. */
  signedAt: Date;
}): Promise<SendResult> {
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  let url: URL;
  let vetted: { address: string; family: number }[];
  try {
    url = parseWebhookUrl(input.url);
    vetted = await vetAddresses(url, input.allowPrivate);
  } catch (e) {
    return { ok: false, status: `refused: ${isStandingError(e) ? e.message : String(e)}`, latencyMs: took() };
  }
  const body = eventBody(input.event);
  const signature = new Webhook(input.secret).sign(input.event.id, input.signedAt, body);
  const pinned: LookupFunction = (_host, options, cb) => {
    const a = vetted[0]!;
    if ((options as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [a]);
    else cb(null, a.address, a.family);
  };
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (r: Omit<SendResult, 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      resolve({ ...r, latencyMs: took() });
    };
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: input.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Standing-Webhooks/1',
          'webhook-id': input.event.id,
          'webhook-timestamp': String(Math.floor(input.signedAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
      },
      (res) => {
        const code = res.statusCode ?? 0;
        const outcome =
          code >= 200 && code < 300
            ? { ok: true, status: String(code) }
            : { ok: false, status: code >= 300 && code < 400 ? `redirect ${code}` : String(code) };
        // The body is not needed: it is read and dropped (at most 64 KiB; more closes the connection).
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 65_536) res.destroy();
        });
        res.on('end', () => done(outcome));
        res.on('close', () => done(outcome));
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, status: 'timeout' });
      req.destroy();
    }, input.timeoutMs);
    req.on('timeout', () => {
      done({ ok: false, status: 'timeout' });
      req.destroy();
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, status: `error: ${e.code ?? e.message}` }));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

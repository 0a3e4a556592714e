import type { InjectOptions } from 'fastify';
import { createAccessLogWriter } from '../engine/decisions/access-log-writer.js';
import { requireKey, requireSession } from '../engine/tenancy/auth.js';
import type { EngineDeps } from '../engine/deps.js';
import { buildApp, type App, type AppOptions } from '../http/app.js';

/** The app over the engine with the real authentication of engine/auth, as `standing serve` builds it. */
export async function realApp(deps: EngineDeps, options: AppOptions = {}): Promise<App> {
  return buildApp(
    {
      ...deps,
      accessLog: createAccessLogWriter(deps.store),
      auth: { key: (secret) => requireKey(deps, secret), session: (token) => requireSession(deps, token) },
    },
    options,
  );
}

/** How a test caller authenticates: nothing, an API key, a session token in the header, or the session cookie as a browser sends it. */
export type Credential =
  | { readonly type: 'none' }
  | { readonly type: 'key'; readonly secret: string }
  | { readonly type: 'session'; readonly token: string }
  | { readonly type: 'cookie'; readonly token: string };

export const NO_CREDENTIAL: Credential = { type: 'none' };

export function credentialHeaders(c: Credential): Record<string, string> {
  switch (c.type) {
    case 'none':
      return {};
    case 'key':
      return { authorization: `Bearer ${c.secret}` };
    case 'session':
      return { authorization: `Session ${c.token}` };
    case 'cookie':
      return { cookie: `standing_session=${c.token}` };
  }
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
}

/** One request through `app.inject()`, JSON in and out (a body that is not JSON, such as a page, reads as `{}`). */
export async function call(
  app: App,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  who: Credential = NO_CREDENTIAL,
  body?: unknown,
): Promise<Answer> {
  const options: InjectOptions = { method, url, headers: credentialHeaders(who) };
  if (body !== undefined) options.payload = body as Record<string, unknown>;
  const res = await app.inject(options);
  const json = String(res.headers['content-type'] ?? '').startsWith('application/json') && res.body !== '';
  return {
    status: res.statusCode,
    body: json ? (JSON.parse(res.body) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

/** Every route the app registers, as `METHOD /path/:param`, read from the router (HEAD routes are Fastify's automatic twins of GET). */
export function registeredRoutes(app: App): Set<string> {
  const out = new Set<string>();
  const paths: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    // Each line is tree-drawing (4 characters a level), a path segment, and its methods in parentheses.
    const m = /^([│├└─ ]*?)([^│├└─ ].*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4 - 1;
    paths.length = Math.max(0, depth);
    const path = (depth > 0 ? paths[depth - 1]! : '') + m[2]!;
    paths[depth] = path;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x !== '' && x !== 'HEAD')) out.add(`${method} ${path}`);
  }
  return unmerge(out);
}

/**
 * Where two routes have differently named parameters at one position, the router prints the
 * names joined by `|` (/v1/public/lists/:authority/:scheme|:list/…). Each printed route takes
 * one of the names: not one it already has further on, nor one another route under the same
 * merged segment took.
 */
function unmerge(routes: Set<string>): Set<string> {
  const out = new Set([...routes].filter((r) => !r.includes('|')));
  // Per merged segment (its prefix): the names still free, and the routes still to place.
  let pending = [...routes].filter((r) => r.includes('|'));
  const free = new Map<string, Set<string>>();
  const at = (r: string): { key: string; names: string[]; index: number } => {
    const segs = r.split('/');
    const index = segs.findIndex((x) => x.includes('|'));
    return { key: segs.slice(0, index + 1).join('/'), names: segs[index]!.split('|'), index };
  };
  for (const r of pending) {
    const { key, names } = at(r);
    if (!free.has(key)) free.set(key, new Set(names));
  }
  for (let placed = true; placed && pending.length > 0; ) {
    placed = false;
    for (const r of pending) {
      const { key, index } = at(r);
      const segs = r.split('/');
      const rest = segs.slice(index + 1).join('/');
      const fits = [...free.get(key)!].filter((n) => !rest.split('/').includes(n));
      if (fits.length !== 1) continue;
      free.get(key)!.delete(fits[0]!);
      out.add(
        unmerge(new Set([[...segs.slice(0, index), fits[0]!, ...segs.slice(index + 1)].join('/')]))
          .values()
          .next().value!,
      );
      pending = pending.filter((x) => x !== r);
      placed = true;
      break;
    }
  }
  for (const r of pending) out.add(r);
  return out;
}

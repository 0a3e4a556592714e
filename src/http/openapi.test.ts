import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/engine.js';
import { realApp, registeredRoutes } from '../test-support/http.js';
import type { App } from './app.js';
import { OPENAPI_PATH, openApiDocument } from './openapi-document.js';
import { WEB_API_TYPES_PATH, webApiTypes } from './web-api-types.js';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  responses?: Record<string, { description?: string }>;
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
}

// Not API operations: the document itself, the Swagger UI pages and the web UI's files.
const UNDOCUMENTED = (route: string) => /^GET (\/openapi\.json|\/docs(\/.*)?|\*)$/.test(route);

/** JSON pointers of every `$ref` in a value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const part of pointer.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

describe('the OpenAPI document', () => {
  let generated: string;
  let doc: Doc;
  let app: App;
  beforeAll(async () => {
    generated = await openApiDocument();
    doc = JSON.parse(generated) as Doc;
    app = await realApp(testEngine());
  });
  afterAll(async () => {
    await app.close();
  });

  it('is the committed docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    expect(generated).toBe(readFileSync(OPENAPI_PATH, 'utf8'));
  });

  it("has made the web UI's types, web/src/api.gen.d.ts (run `npm run openapi` after changing a route)", async () => {
    expect(await webApiTypes(generated)).toBe(readFileSync(WEB_API_TYPES_PATH, 'utf8'));
  });

  it('is generated the same way every time', async () => {
    expect(await openApiDocument()).toBe(generated);
  });

  it('is OpenAPI 3.1 and documents every route the app serves, with a summary, tags, its path parameters and its responses', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Standing API', version: expect.any(String) as string });
    // Where two routes have differently named parameters at one position, the router prints the
    // names joined by `|` (/v1/public/lists/:authority/:scheme|:list/…): each route is one of them.
    const documentedAs = (route: string): string => {
      const alternatives = route
        .split('/')
        .reduce<string[]>(
          (acc, seg) =>
            acc.flatMap((a) =>
              (seg.includes('|') ? seg.split('|') : [seg]).map((x) => (a === '' && seg === '' ? '' : `${a}/${x}`)),
            ),
          [''],
        )
        .map((p) => p.replace(/^\//, ''));
      return (
        alternatives.find((alt) => {
          const [method, path] = alt.split(' ') as [string, string];
          return doc.paths[path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()] !== undefined;
        }) ?? route
      );
    };
    const routes = [...registeredRoutes(app)].filter((r) => !UNDOCUMENTED(r)).map(documentedAs);
    expect(routes.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const template = path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const op = doc.paths[template]?.[method.toLowerCase()];
      if (!op) {
        problems.push(`${route}: not documented`);
        continue;
      }
      if (!op.summary) problems.push(`${route}: no summary`);
      if (!op.tags?.length) problems.push(`${route}: no tags`);
      for (const name of [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name && p.required === true))
          problems.push(`${route}: path parameter ${name} not declared`);
      }
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([status]) => /^2\d\d$/.test(status))) problems.push(`${route}: no success response`);
      for (const [status, r] of responses)
        if (!r.description) problems.push(`${route}: response ${status} has no description`);
    }
    expect(problems).toEqual([]);
    // Nothing documented that the app does not serve.
    const served = new Set(routes.map((r) => r.toLowerCase().replace(/:([a-z0-9_]+)/g, '{$1}')));
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`.toLowerCase()),
    );
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
  });

  it('resolves every $ref within the document', () => {
    const dangling = [...new Set(refs(doc))].filter((r) => resolve(doc, r) === undefined);
    expect(dangling).toEqual([]);
  });
});

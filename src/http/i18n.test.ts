import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../engine/tenancy/accounts.js';
import { setPassword } from '../engine/tenancy/auth.js';
import { testEngine } from '../test-support/engine.js';
import { call, realApp, type Credential } from '../test-support/http.js';
import type { App } from './app.js';

/*
 * Languages over HTTP: an error keeps its stable code and says its message in the language of
 * the request's Accept-Language (the web pages send the language the reader chose), and a
 * signed-in account keeps its language as a setting that /v1/me reports.
 */

const PASSWORD = 'correct horse battery';
let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(): Promise<{ a: App; pat: Credential }> {
  const deps = testEngine();
  await addAccount(deps, { name: 'pat', roles: ['subject'], subject: 'person:pat' });
  await setPassword(deps, 'pat', PASSWORD);
  app = await realApp(deps);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { account: 'pat', password: PASSWORD },
  });
  return { a: app, pat: { type: 'session', token: String(res.json<{ token: string }>().token) } };
}

async function inLanguage(
  a: App,
  lang: string | null,
  method: 'GET' | 'POST',
  url: string,
  who: Credential,
  body?: unknown,
) {
  const headers: Record<string, string> = {
    ...(who.type === 'session' ? { authorization: `Session ${who.token}` } : {}),
  };
  if (lang !== null) headers['accept-language'] = lang;
  const res = await a.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  return { status: res.statusCode, body: res.json<{ code: string; message: string; field?: string }>() };
}

describe('API errors in the request’s language', () => {
  it('an error a subject can hit keeps its code and status, with its message in Chinese for zh-CN', async () => {
    const { a, pat } = await setup();
    const english = await inLanguage(a, null, 'POST', '/v1/listings/424242/appeal', pat, { statement: 'wrong' });
    const chinese = await inLanguage(a, 'zh-CN,zh;q=0.9,en;q=0.5', 'POST', '/v1/listings/424242/appeal', pat, {
      statement: 'wrong',
    });
    expect(english.status).toBe(404);
    expect(chinese.status).toBe(404);
    expect(chinese.body.code).toBe('LISTING_NOT_FOUND');
    expect(english.body.code).toBe('LISTING_NOT_FOUND');
    expect(english.body.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(chinese.body.message).toBe('没有该编号的名单条目');
  });

  it('wrong credentials and a malformed body: same codes, Chinese messages naming the field', async () => {
    const { a } = await setup();
    const none: Credential = { type: 'none' };
    const wrong = await inLanguage(a, 'zh', 'POST', '/v1/sessions', none, {
      account: 'pat',
      password: 'not it at all',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('CREDENTIALS_INVALID');
    expect(wrong.body.message).toBe('账户名或密码错误');
    const malformed = await inLanguage(a, 'zh-CN', 'POST', '/v1/sessions', none, { account: 'pat' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('REQUEST_INVALID');
    expect(malformed.body.message).toMatch(/^HTTP 请求不符合其模式.*password/);
    // Traditional Chinese is not offered: English, not the wrong script.
    const tw = await inLanguage(a, 'zh-TW', 'POST', '/v1/sessions', none, {
      account: 'pat',
      password: 'not it at all',
    });
    expect(tw.body.code).toBe('CREDENTIALS_INVALID');
    expect(tw.body.message).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('an account’s language setting', () => {
  it('is kept, reported by /v1/me, cleared with null, and refuses a language not offered', async () => {
    const { a, pat } = await setup();
    expect((await call(a, 'GET', '/v1/me', pat)).body.language).toBeNull();
    const set = await call(a, 'PUT', '/v1/me/language', pat, { language: 'zh-CN' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ language: 'zh-CN' });
    expect((await call(a, 'GET', '/v1/me', pat)).body).toEqual({
      type: 'subject',
      subject: 'person:pat',
      account: 'pat',
      language: 'zh-CN',
    });
    const refused = await call(a, 'PUT', '/v1/me/language', pat, { language: 'fr' });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('REQUEST_INVALID');
    expect((await call(a, 'GET', '/v1/me', pat)).body.language).toBe('zh-CN');
    expect((await call(a, 'PUT', '/v1/me/language', pat, { language: null })).status).toBe(200);
    expect((await call(a, 'GET', '/v1/me', pat)).body.language).toBeNull();
    expect((await call(a, 'PUT', '/v1/me/language', { type: 'none' }, { language: 'en' })).status).toBe(401);
  });
});

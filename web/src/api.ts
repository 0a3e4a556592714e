/**
 * The one way the UI talks to Standing: the HTTP API, with the session cookie. Errors
 * come back as `{ code, message, field?, line?, rule? }`; they are thrown as ApiError so
 * each page can show them where they belong (next to the field, at the line).
 */

export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  readonly rule?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly rule: string | undefined;
  /** Every problem when the API reports several (a scheme with many errors). */
  readonly problems: readonly ErrorDetail[];

  constructor(status: number, body: ErrorDetail & { errors?: unknown[] }) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.line = body.line;
    this.column = body.column;
    this.rule = body.rule;
    const many = Array.isArray(body.errors) ? body.errors.filter(isDetail) : [];
    this.problems = many.length > 0 ? many : [body];
  }
}

function isDetail(x: unknown): x is ErrorDetail {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { code?: unknown }).code === 'string' &&
    typeof (x as { message?: unknown }).message === 'string'
  );
}

/** Called when any request answers 401: the app sends the user to sign in. */
let onUnauthenticated: (() => void) | null = null;
export function whenSignedOut(fn: () => void): void {
  onUnauthenticated = fn;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      // The API's error messages come in the language the pages show (its codes do not change).
      headers:
        body === undefined
          ? { accept: 'application/json', 'accept-language': document.documentElement.lang || 'en' }
          : {
              accept: 'application/json',
              'accept-language': document.documentElement.lang || 'en',
              'content-type': 'application/json',
            },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      code: 'NETWORK',
      message:
        document.documentElement.lang === 'zh-CN'
          ? '无法连接 Standing。请检查网络连接后重试。'
          : 'Standing cannot be reached. Check your connection and try again.',
    });
  }
  const text = await res.text();
  let json: unknown = null;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const detail = isDetail(json)
      ? json
      : { code: `HTTP_${res.status}`, message: res.statusText || `the server answered ${res.status}` };
    const err = new ApiError(res.status, detail);
    if (res.status === 401 && path !== '/v1/sessions' && onUnauthenticated) onUnauthenticated();
    throw err;
  }
  return json as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body);
export const put = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('PUT', path, body);
export const del = <T>(path: string): Promise<T> => request<T>('DELETE', path);

/** Encodes one path segment (subject ids hold a colon; keys may hold anything). */
export const seg = (s: string | number): string => encodeURIComponent(String(s));

/** A query string from the defined values. */
export function qs(params: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

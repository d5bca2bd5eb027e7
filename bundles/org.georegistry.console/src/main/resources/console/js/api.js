// The REST API under /api, with the caller's credentials kept in sessionStorage (gone when the tab closes).
// Every request says X-Requested-With so that a 401 does not make the browser open its own password dialog.

const KEY = 'georegistry.authorization';

/** A refused or failed request: the problem+json body (RFC 9457) with its field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.fieldErrors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

export const credentials = {
  get: () => sessionStorage.getItem(KEY),
  set: (authorization) => sessionStorage.setItem(KEY, authorization),
  clear: () => sessionStorage.removeItem(KEY),
  basic: (username, password) => 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(`${username}:${password}`))),
  bearer: (token) => `Bearer ${token.trim()}`,
};

let unauthorized = () => {};
/** Called when a request is refused for lack of (valid) credentials, e.g. after a server restart. */
export function onUnauthorized(handler) { unauthorized = handler; }

function headers(extra = {}, authorization = credentials.get()) {
  const h = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json', ...extra };
  if (authorization) h.Authorization = authorization;
  return h;
}

async function failure(response, probing) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : await response.text().catch(() => '');
  const problem = body && typeof body === 'object' ? body : { title: response.statusText, detail: body || undefined };
  const error = new ApiError(response.status, problem);
  if (response.status === 401 && !probing) unauthorized(error);
  return error;
}

/** A JSON request; answers the parsed body (null for 204). `authorization` overrides the stored credentials. */
export async function request(method, path, body, { authorization, signal } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' },
    authorization ?? credentials.get()) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`/api${path}`, init);
  if (!response.ok) throw await failure(response, authorization !== undefined);
  if (response.status === 204) return null;
  return (response.headers.get('Content-Type') || '').includes('json') ? response.json() : response.text();
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
  /** 200 → the body; any refusal → null (for optional resources such as transformations). */
  optional: (path) => request('GET', path).catch(() => null),
};

/** Downloads a file the API streams (Generate Bundle, the DHIS2 app): fetched with credentials, saved by the browser. */
export async function download(path) {
  const response = await fetch(`/api${path}`, { headers: headers({ Accept: '*/*' }) });
  if (!response.ok) throw await failure(response, false);
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') || '';
  const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] || path.split('/').pop();
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, size: blob.size };
}

/**
 * Server-Sent Events read with fetch(): EventSource cannot send the Authorization header the API needs.
 * Yields {event, data, id} until the server closes the stream or `signal` aborts.
 */
export async function* events(path, signal) {
  const response = await fetch(`/api${path}`, { signal, headers: headers({ Accept: 'text/event-stream' }) });
  if (!response.ok) throw await failure(response, false);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const message = { event: 'message', data: '', id: null };
      for (const line of block.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon === 0) continue; // a comment
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') message.event = text;
        else if (field === 'data') message.data += (message.data ? '\n' : '') + text;
        else if (field === 'id') message.id = text;
      }
      yield message;
    }
  }
}

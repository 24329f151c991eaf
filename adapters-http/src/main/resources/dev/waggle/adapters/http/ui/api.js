// Calls Waggle's public API from the page's own origin, with the bearer token the user pasted
// (kept in sessionStorage only, so it ends with the tab) when there is one.

const TOKEN_KEY = 'waggle.token';

/** The listener's root: the page is served at <root>/ui/, so the API is one level up. */
const ROOT = new URL('../', window.location.href);

export class ApiError extends Error {
  constructor(status, detail, path) {
    super(detail);
    this.status = status;
    this.path = path;
  }
}

export function token() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) || '';
  } catch (e) {
    return '';
  }
}

export function setToken(value) {
  const trimmed = (value || '').trim().replace(/^Bearer\s+/i, '');
  if (trimmed) window.sessionStorage.setItem(TOKEN_KEY, trimmed);
  else window.sessionStorage.removeItem(TOKEN_KEY);
}

/** An absolute URL of an API path (which has no leading slash), with its query. */
export function apiUrl(path, query = {}) {
  const url = new URL(path, ROOT);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  return url;
}

/** GET a JSON document; throws ApiError with the problem's detail on any answer but 200. */
export async function getJson(path, query = {}) {
  const url = apiUrl(path, query);
  const headers = { Accept: 'application/json' };
  const bearer = token();
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  let response;
  try {
    response = await fetch(url, { headers, credentials: 'same-origin', cache: 'no-cache' });
  } catch (e) {
    throw new ApiError(0, 'The registry cannot be reached: ' + e.message, path);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (response.status !== 200) {
    const detail = body && typeof body.detail === 'string' ? body.detail : response.statusText;
    throw new ApiError(response.status, detail || 'HTTP ' + response.status, path);
  }
  return body;
}

/** A path segment: server names carry a '/', which must travel as %2F. */
export function segment(value) {
  return encodeURIComponent(value);
}

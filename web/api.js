// The one client of the Tamis /v1 API the interface uses: the API key is kept in sessionStorage
// (gone when the tab closes) and sent as Authorization: Bearer.
const KEY = 'tamis.key';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function hasKey() { return !!sessionStorage.getItem(KEY); }
export function setKey(k) { sessionStorage.setItem(KEY, k); }
export function clearKey() { sessionStorage.removeItem(KEY); }

// fetch() of an API path; answers the parsed JSON or throws ApiError with the server's message.
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  const key = sessionStorage.getItem(KEY);
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let resp;
  try {
    resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, 'network', 'the server cannot be reached: ' + e.message);
  }
  const text = await resp.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!resp.ok) {
    const err = json && json.error ? json.error : { code: 'http_' + resp.status, message: text || resp.statusText };
    throw new ApiError(resp.status, err.code, err.message);
  }
  return json;
}

// A query string of the non-empty values of `params`.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? '?' + s : '';
}

// --- DOM helpers (no framework: elements built here, text always as text, never as HTML) ---

// el('td', {class: 'x', onclick: f}, 'text', child): an element with attributes and children.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(e, c);
    else e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// A <dl> of [label, value] pairs; empty values are left out.
export function facts(pairs) {
  const dl = el('dl', { class: 'facts' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    dl.append(el('dt', {}, k), el('dd', {}, Array.isArray(v) ? v.join('; ') : v));
  }
  return dl;
}

export function fmtScore(s) { return typeof s === 'number' ? s.toFixed(3) : ''; }
export function fmtTime(t) { return t ? t.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : ''; }

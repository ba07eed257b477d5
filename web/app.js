// The Tamis analysts' interface: sign-in, the router between pages, the role's menu.
import { api, ApiError, clearKey, el, hasKey, setKey } from './api.js';
import { renderQueue } from './queue.js';
import { renderReview } from './review.js';
import { renderAudit, renderLists, renderSearch, renderWhitelist } from './pages.js';

// What each role may do (the server refuses anything else anyway).
export const can = {
  queue: (r) => r === 'analyst' || r === 'supervisor',
  propose: (r) => r === 'analyst' || r === 'supervisor',
  decide: (r) => r === 'supervisor',
  whitelist: (r) => r === 'analyst' || r === 'supervisor',
  editWhitelist: (r) => r === 'supervisor',
  audit: (r) => r === 'supervisor' || r === 'admin',
};

const state = { me: null };
export function me() { return state.me; }

const main = () => document.getElementById('main');

export function say(msg, kind = 'info') {
  const s = document.getElementById('status');
  s.textContent = msg;
  s.dataset.kind = kind;
}

// Replaces the page's content and moves focus to its heading (screen readers announce it).
export function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
  const h = m.querySelector('h1');
  if (h) {
    h.tabIndex = -1;
    h.focus({ preventScroll: true });
  }
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function renderSignIn(message) {
  const input = el('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', size: 60, 'aria-describedby': 'key-help' });
  const err = el('p', { class: 'error', id: 'signin-error', role: 'alert' }, message || '');
  const form = el('form', { class: 'signin', onsubmit: async (ev) => {
    ev.preventDefault();
    setKey(input.value.trim());
    try {
      await loadMe();
      go(can.queue(state.me.role) ? '#/queue' : '#/search');
    } catch (e) {
      clearKey();
      err.textContent = e instanceof ApiError && e.status === 401 ? 'This key is not valid (unknown or revoked).' : e.message;
      input.focus();
    }
  } },
  el('h1', {}, 'Sign in'),
  el('label', { for: 'key' }, 'API key'),
  input,
  el('p', { id: 'key-help', class: 'help' },
    'Your key (tamis keys create --name you --role analyst). It is kept in this tab only and sent to this server alone.'),
  el('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  err);
  show(form);
  input.focus();
}

async function loadMe() {
  state.me = await api('/v1/me');
  document.getElementById('who-name').textContent = state.me.name;
  document.getElementById('who-role').textContent = state.me.role;
  document.getElementById('who').hidden = false;
  const nav = document.getElementById('nav');
  nav.hidden = false;
  for (const a of nav.querySelectorAll('a')) a.hidden = !a.dataset.roles.split(' ').includes(state.me.role);
}

function signOut() {
  clearKey();
  state.me = null;
  document.getElementById('who').hidden = true;
  document.getElementById('nav').hidden = true;
  say('Signed out.');
  go('#/signin');
}

const routes = [
  [/^#\/queue(?:\?(.*))?$/, (m) => renderQueue(new URLSearchParams(m[1] || ''))],
  [/^#\/alert\/(\d+)(?:\?(.*))?$/, (m) => renderReview(Number(m[1]), new URLSearchParams(m[2] || ''))],
  [/^#\/lists$/, () => renderLists()],
  [/^#\/whitelist$/, () => renderWhitelist()],
  [/^#\/search$/, () => renderSearch()],
  [/^#\/audit$/, () => renderAudit()],
];

async function route() {
  const hash = location.hash || '#/';
  if (hash === '#/signin' || !hasKey()) return renderSignIn();
  if (!state.me) {
    try {
      await loadMe();
    } catch (e) {
      clearKey();
      return renderSignIn(e.status === 401 ? 'Your key is no longer valid: sign in again.' : e.message);
    }
  }
  for (const a of document.querySelectorAll('#nav a'))
    a.setAttribute('aria-current', hash.startsWith(a.getAttribute('href')) ? 'page' : 'false');
  for (const [re, fn] of routes) {
    const m = hash.match(re);
    if (m) {
      try {
        await fn(m);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return signOut();
        show(el('h1', {}, 'Something went wrong'), el('p', { class: 'error', role: 'alert' }, e.message));
      }
      return;
    }
  }
  go(can.queue(state.me.role) ? '#/queue' : '#/search');
}

window.addEventListener('hashchange', () => { say(''); route(); });
window.addEventListener('DOMContentLoaded', () => {
  document.getElementById('signout').addEventListener('click', signOut);
  route();
});

// The alert queue: filters (state, list, score band, line, assignee, age), sort, counts per state
// of the filtered queue from the server, server-side keyset paging (a page at a time, never the whole queue), and the
// keyboard: j/k move, Enter opens, p opens to propose, c opens to confirm.
import { api, el, fmtScore, fmtTime, qs } from './api.js';
import { can, go, me, say, show } from './app.js';

const PAGE = 50;
const AGES = [
  ['', 'Any age'],
  ['1d', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['older7d', 'Older than 7 days'],
  ['older30d', 'Older than 30 days'],
];
const LINES = [['', 'Any line'], ['party', 'Party'], ['payment', 'Payment'], ['traveller', 'Traveller'], ['media', 'Media']];
const SORTS = [['oldest', 'Oldest first'], ['newest', 'Newest first'], ['score', 'Highest score first']];

// Paging memory: the cursors of the pages before this one, for "Previous".
let paging = { key: '', stack: [] };
let selected = 0;

function isoDaysAgo(d) { return new Date(Date.now() - d * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'); }

// The API query of the filters in the page's address.
function apiQuery(p) {
  const q = { state: p.get('state'), list: p.get('list'), line: p.get('line'), assignee: p.get('assignee'),
    min_score: p.get('min'), max_score: p.get('max'), sort: p.get('sort') || 'oldest', limit: PAGE,
    after: p.get('after'), after_score: p.get('after_score') };
  const age = p.get('age');
  if (age === '1d') q.created_after = isoDaysAgo(1);
  if (age === '7d') q.created_after = isoDaysAgo(7);
  if (age === 'older7d') q.created_before = isoDaysAgo(7);
  if (age === 'older30d') q.created_before = isoDaysAgo(30);
  return q;
}

// The counts' query: the same filters but the state (the tabs are the states) and paging.
function countsQuery(p) {
  const q = apiQuery(p);
  for (const k of ['state', 'sort', 'limit', 'after', 'after_score']) delete q[k];
  return q;
}

function select(name, label, options, value) {
  return el('div', { class: 'field' },
    el('label', { for: 'f-' + name }, label),
    el('select', { id: 'f-' + name, name },
      options.map(([v, t]) => el('option', { value: v, selected: v === (value || '') }, t))));
}

function input(name, label, value, attrs = {}) {
  return el('div', { class: 'field' }, el('label', { for: 'f-' + name }, label),
    el('input', { id: 'f-' + name, name, value: value || '', ...attrs }));
}

export async function renderQueue(p) {
  const filterKey = ['state', 'list', 'line', 'assignee', 'min', 'max', 'age', 'sort'].map((k) => p.get(k) || '').join('|');
  if (paging.key !== filterKey) paging = { key: filterKey, stack: [] };
  if (!p.get('after')) paging.stack = [];
  delete document.getElementById('main').dataset.pageMs;
  const t0 = performance.now();
  const [counts, page, lists] = await Promise.all([
    api('/v1/alerts/counts' + qs(countsQuery(p))), api('/v1/alerts' + qs(apiQuery(p))), api('/v1/lists')]);
  const ms = performance.now() - t0;

  const listOptions = [['', 'Any list'], ...lists.lists.filter((l) => l.kind === 'entities').map((l) => [l.source, l.source])];
  const form = el('form', { class: 'filters', 'aria-label': 'Filters', onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const n = new URLSearchParams();
    for (const [k, v] of f.entries()) if (v) n.set(k, v);
    go('#/queue' + (n.toString() ? '?' + n : ''));
  } },
  select('state', 'State', [['', 'Any state'], ['open', 'Open'], ['proposed', 'Proposed'], ['decided', 'Decided']], p.get('state')),
  select('list', 'List', listOptions, p.get('list')),
  select('line', 'Line of effort', LINES, p.get('line')),
  input('min', 'Score from', p.get('min'), { type: 'number', min: 0, max: 1, step: 0.01, inputmode: 'decimal', size: 5 }),
  input('max', 'to', p.get('max'), { type: 'number', min: 0, max: 1, step: 0.01, inputmode: 'decimal', size: 5 }),
  input('assignee', 'Assignee', p.get('assignee'), { size: 10 }),
  select('age', 'Age', AGES, p.get('age')),
  select('sort', 'Sort', SORTS, p.get('sort') || 'oldest'),
  el('div', { class: 'field actions' }, el('button', { type: 'submit', class: 'primary' }, 'Apply')));

  const withState = (s) => {
    const n = new URLSearchParams(p);
    n.delete('after');
    n.delete('after_score');
    if (s) n.set('state', s); else n.delete('state');
    return '#/queue?' + n;
  };
  const tabs = el('ul', { class: 'counts', 'aria-label': 'Alerts per state' },
    [['open', 'Open'], ['proposed', 'Proposed'], ['decided', 'Decided'], ['', 'All']].map(([s, label]) =>
      el('li', {}, el('a', { href: withState(s), 'aria-current': (p.get('state') || '') === s ? 'true' : 'false',
        'data-state': s || 'all' }, label, ' ', el('span', { class: 'count', 'data-n': String(s ? counts[s] : counts.total) }, (s ? counts[s] : counts.total).toLocaleString('en'))))));

  const rows = page.alerts.map((a, i) => el('tr', { tabindex: -1, 'data-id': a.id, 'aria-selected': 'false',
    onclick: () => go('#/alert/' + a.id), onfocus: () => mark(i) },
  el('td', {}, el('a', { href: '#/alert/' + a.id, tabindex: -1 }, '#' + a.id)),
  el('td', {}, el('span', { class: 'state state-' + a.state }, a.state)),
  el('td', { class: 'num' }, fmtScore(a.score)),
  el('td', {}, a.line),
  el('td', {}, a.party_id || a.party_key),
  el('td', {}, a.entity_id),
  el('td', {}, a.list + ' v' + a.list_version),
  el('td', {}, a.assignee || ''),
  el('td', {}, fmtTime(a.created_at))));
  const table = el('table', { class: 'queue', role: 'grid', 'aria-label': 'Alerts', 'aria-readonly': 'true' },
    el('caption', {}, 'Alerts, ', SORTS.find(([s]) => s === (p.get('sort') || 'oldest'))[1].toLowerCase(),
      '. Keys: j/k move, Enter opens, p propose, c confirm.'),
    el('thead', {}, el('tr', {}, ['Alert', 'State', 'Score', 'Line', 'Party', 'Entity', 'List', 'Assignee', 'Created']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows));

  const pageNo = paging.stack.length + 1;
  const next = () => {
    const n = new URLSearchParams(p);
    paging.stack.push([p.get('after') || '', p.get('after_score') || '']);
    n.set('after', page.next_after);
    if (page.next_after_score !== undefined) n.set('after_score', page.next_after_score); else n.delete('after_score');
    go('#/queue?' + n);
  };
  const prev = () => {
    const [after, score] = paging.stack.pop();
    const n = new URLSearchParams(p);
    if (after) n.set('after', after); else n.delete('after');
    if (score) n.set('after_score', score); else n.delete('after_score');
    go('#/queue?' + n);
  };
  const pager = el('nav', { class: 'pager', 'aria-label': 'Pages' },
    el('button', { type: 'button', id: 'prev-page', disabled: pageNo === 1, onclick: prev }, 'Previous page'),
    el('span', { id: 'page-info' }, `Page ${pageNo} · ${page.alerts.length} alerts · ${ms.toFixed(0)} ms`),
    el('button', { type: 'button', id: 'next-page', disabled: page.next_after === undefined, onclick: next }, 'Next page'));

  show(el('h1', {}, 'Alert queue'), tabs, form,
    page.alerts.length ? table : el('p', { class: 'empty' }, 'No alert matches these filters.'), pager);
  const m = document.getElementById('main');
  m.dataset.pageMs = ms.toFixed(1);

  selected = Math.min(selected, Math.max(0, rows.length - 1));
  function mark(i) {
    rows.forEach((r, j) => {
      r.setAttribute('aria-selected', String(j === i));
      r.tabIndex = j === i ? 0 : -1;
    });
    selected = i;
  }
  if (rows.length) mark(selected);
  const onKey = (ev) => {
    if (!document.body.contains(table)) return document.removeEventListener('keydown', onKey);
    if (ev.target.closest('input, select, textarea, button') || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!rows.length) return;
    const id = rows[selected].dataset.id;
    if (ev.key === 'j' || ev.key === 'k') {
      mark(Math.max(0, Math.min(rows.length - 1, selected + (ev.key === 'j' ? 1 : -1))));
      rows[selected].focus();
    } else if (ev.key === 'Enter') {
      go('#/alert/' + id);
    } else if (ev.key === 'p' && can.propose(me().role)) {
      go('#/alert/' + id + '?act=propose');
    } else if (ev.key === 'c') {
      if (can.decide(me().role)) go('#/alert/' + id + '?act=confirm');
      else say('Only a supervisor may confirm a proposal.', 'warn');
    } else return;
    ev.preventDefault();
  };
  document.addEventListener('keydown', onKey);
}

// The review page: the screened party and the listed entity side by side, every name with the
// matched tokens highlighted from the hit's explanation, the list version, the verbatim source
// record, the alert's history and audit records, and the four-eyes decision.
import { api, el, facts, fmtScore, fmtTime } from './api.js';
import { can, go, me, say, show } from './app.js';

// A token as the explanation writes it: case, accents and punctuation folded.
export function fold(s) {
  return String(s).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

// The consonant skeleton of a folded token (vowels dropped, doubled letters once): the engine's
// tokens are normalised (Abdullah -> abdallah), so a word is also found by its skeleton.
function skeleton(t) { return t.replace(/[aeiouy]/g, '').replace(/(.)\1+/g, '$1'); }

// Token -> pair lookups of an explanation's tokens, by folded form and by skeleton.
export function tokenIndex(tokens) {
  const by = new Map(), sk = new Map();
  for (const [t, p] of tokens) {
    by.set(fold(t), p);
    const s = skeleton(fold(t));
    if (s.length >= 3 && !sk.has(s)) sk.set(s, p);
  }
  return (word) => {
    const f = fold(word);
    if (!f) return undefined;
    return by.get(f) || (/^[a-z0-9]+$/.test(f) ? sk.get(skeleton(f)) : undefined);
  };
}

// The name `text` as nodes, each word found by `find` (see tokenIndex) marked with how it matched.
function highlight(text, find) {
  const out = [];
  for (const part of String(text).split(/(\s+)/)) {
    if (!part || /^\s+$/.test(part)) { out.push(part); continue; }
    const whole = find(part);
    if (whole) { out.push(mark(part, whole)); continue; }
    // al-Zawahiri, O'Brien: the pieces may be the tokens.
    for (const piece of part.split(/([-‐'’ʼ.,()]+)/)) {
      const t = piece && find(piece);
      out.push(t ? mark(piece, t) : piece);
    }
  }
  return out;
}

function mark(text, pair) {
  const exact = pair.how === 'exact';
  return el('mark', { class: exact ? 'm-exact' : 'm-near',
    title: `${pair.query} ↔ ${pair.candidate}: ${pair.how}, similarity ${pair.similarity}, weight ${pair.weight}` },
  text);
}

function dobText(d) {
  if (typeof d === 'string') return d;
  if (d.kind === 'range') return `${d.date} to ${d.to}`;
  if (d.kind === 'circa') return `circa ${d.date}`;
  return d.date || d.raw || '';
}

function docText(d) {
  return [d.type, d.number, d.country, d.issued && 'issued ' + d.issued, d.expires && 'expires ' + d.expires, d.note]
    .filter(Boolean).join(' · ');
}

function partyColumn(alert, qTokens, extra) {
  const p = alert.party || {};
  const rows = [];
  const pick = (k) => p[k] ?? p[k.toLowerCase()];
  const name = pick('name') || alert.party_id || alert.party_key;
  const known = new Set(['name', 'id', 'dob', 'nationality', 'country', 'gender', 'id_number', 'kind', 'image', 'pdq']);
  rows.push(['Party id', alert.party_id], ['Kind', pick('kind')], ['Date of birth', pick('dob')],
    ['Nationality', pick('nationality')], ['Country', pick('country')], ['Gender', pick('gender')],
    ['Document', pick('id_number')], ['Party key', alert.party_key]);
  for (const [k, v] of Object.entries(p)) if (!known.has(k) && typeof v !== 'object') rows.push([k, String(v)]);
  return el('section', { class: 'side party', 'aria-labelledby': 'h-party' },
    el('h2', { id: 'h-party' }, 'Screened ', alert.line === 'media' ? 'media' : 'party'),
    el('p', { class: 'name primary-name', 'data-testid': 'party-name' }, highlight(name, qTokens)),
    p.image ? el('img', { src: p.image, alt: 'The query image', class: 'query-image' }) : null,
    facts(rows), extra);
}

function entityColumn(alert, entity, cTokens, version) {
  const hit = alert.hit || {};
  const names = el('ul', { class: 'names', 'aria-label': 'Names on the list' },
    (entity.names || []).map((n) => el('li', { class: n.full === hit.matched_name ? 'matched-name' : '' },
      el('span', { class: 'name', lang: n.language || null, dir: n.script === 'Arab' || n.script === 'Hebr' ? 'rtl' : null },
        highlight(n.full, cTokens)),
      ' ', el('span', { class: 'tag' }, n.type.replace('_', ' ')),
      n.quality ? el('span', { class: 'tag' }, n.quality) : null,
      n.script ? el('span', { class: 'tag' }, n.script) : null,
      n.full === hit.matched_name ? el('span', { class: 'tag matched' }, 'matched') : null)));
  const v = version;
  return el('section', { class: 'side entity', 'aria-labelledby': 'h-entity' },
    el('h2', { id: 'h-entity' }, 'Listed entity ', el('span', { class: 'muted' }, entity.id)),
    el('p', { class: 'name primary-name', 'data-testid': 'entity-name' }, highlight((entity.names?.[0] || {}).full || entity.id, cTokens)),
    el('h3', {}, `Names (${(entity.names || []).length})`), names,
    facts([
      ['Kind', entity.kind],
      ['List', `${alert.list} version ${alert.list_version}` + (v ? ` · imported ${fmtTime(v.imported_at)}` +
        (v.list_date ? ` · list date ${v.list_date}` : '') : ' (superseded by a later version)')],
      ['Date of birth', (entity.dates_of_birth || []).map(dobText)],
      ['Place of birth', (entity.places_of_birth || []).map((pl) => pl.text || [pl.city, pl.country].filter(Boolean).join(', '))],
      ['Nationality', entity.nationalities], ['Citizenship', entity.citizenships], ['Gender', entity.gender],
      ['Documents', (entity.documents || []).map(docText)],
      ['Programmes', entity.programs], ['Titles', entity.titles],
      ['Addresses', (entity.addresses || []).map((a) => a.full || [a.street, a.city, a.country].filter(Boolean).join(', '))],
      ['Listed on', entity.listed_on], ['Last updated', entity.last_updated],
      ['Related', entity.related_ids],
    ]),
    entity.remarks ? el('details', { class: 'remarks', open: entity.remarks.length <= 240 },
      el('summary', {}, 'Remarks', entity.remarks.length > 240 ? ': ' + entity.remarks.slice(0, 200) + '…' : ''),
      el('p', {}, entity.remarks)) : null,
    entity.source_record ? el('details', { class: 'source' }, el('summary', {}, 'Source record, verbatim'),
      el('pre', { tabindex: 0 }, entity.source_record)) : null);
}

function mediaColumn(alert) {
  const h = alert.hit || {};
  return el('section', { class: 'side entity', 'aria-labelledby': 'h-entity' },
    el('h2', { id: 'h-entity' }, 'Listed hash'),
    facts([['List', `${alert.list} version ${alert.list_version}`], ['Hash', h.hash || h.listed_hash || h.hex],
      ['Distance', h.distance], ['Quality', h.quality], ['Label', h.label], ['Tags', h.tags], ['List line', h.list_line]]));
}

function explanation(hit) {
  const x = hit.explanation;
  if (!x) return el('p', { class: 'muted' }, 'This hit carries no explanation.');
  return el('section', { class: 'explain', 'aria-labelledby': 'h-explain' },
    el('h3', { id: 'h-explain' }, 'How it matched ', el('span', { class: 'muted' }, `name score ${fmtScore(x.name_score)}`)),
    el('table', {}, el('thead', {}, el('tr', {}, ['Party token', 'Listed token', 'How', 'Similarity', 'Weight'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, (x.pairs || []).map((p) => el('tr', {},
        el('td', {}, el('mark', { class: p.how === 'exact' ? 'm-exact' : 'm-near' }, p.query)),
        el('td', {}, el('mark', { class: p.how === 'exact' ? 'm-exact' : 'm-near' }, p.candidate)),
        el('td', {}, p.how), el('td', { class: 'num' }, p.similarity), el('td', { class: 'num' }, p.weight))))),
    facts([['Party tokens not matched', x.unmatched_query], ['Listed tokens not matched', x.unmatched_candidate],
      ['Adjustments', (x.adjustments || []).map((a) => `${a.what} ${a.delta >= 0 ? '+' : ''}${a.delta}${a.detail ? ' (' + a.detail + ')' : ''}`)]]));
}

function history(alert, audit) {
  return el('section', { class: 'history', 'aria-labelledby': 'h-history' },
    el('div', {}, el('h2', { id: 'h-history' }, 'History'),
    el('ol', { class: 'events' }, (alert.events || []).map((e) =>
      el('li', {}, el('time', {}, fmtTime(e.at)), ' ', el('strong', {}, e.actor), ' ', e.action, e.detail ? ': ' + e.detail : '')))),
    el('div', {}, el('h2', {}, 'Audit records'),
    el('table', { class: 'audit', 'data-testid': 'alert-audit' },
      el('thead', {}, el('tr', {}, ['#', 'At', 'Actor', 'Action', 'Detail', 'Hash'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, audit.records.map((r) => el('tr', {}, el('td', {}, r.seq), el('td', {}, fmtTime(r.at)), el('td', {}, r.actor),
        el('td', {}, r.action), el('td', {}, r.detail), el('td', { class: 'hash', title: r.hash }, r.hash.slice(0, 12) + '…')))))));
}

function decisionPanel(alert, act) {
  const who = me();
  const panel = el('section', { class: 'decide', 'aria-labelledby': 'h-decide' }, el('h3', { id: 'h-decide' }, 'Decision'));
  const send = async (body, form) => {
    const btns = form.querySelectorAll('button');
    btns.forEach((b) => { b.disabled = true; });
    try {
      await api(`/v1/alerts/${alert.id}/decision`, { method: 'POST', body });
      say(`Alert #${alert.id}: ${body.action === 'propose' ? 'proposal recorded' : body.action === 'confirm' ? 'confirmed' : 'returned'}.`);
      go(`#/alert/${alert.id}`);
    } catch (e) {
      form.querySelector('.error').textContent = e.message;
      btns.forEach((b) => { b.disabled = false; });
    }
  };
  if (alert.state === 'open') {
    if (!can.propose(who.role)) return panel.append(el('p', {}, 'Open: awaiting an analyst.')), panel;
    const reason = el('textarea', { id: 'reason', name: 'reason', rows: 3, required: true });
    const form = el('form', { 'aria-label': 'Propose', onsubmit: (ev) => {
      ev.preventDefault();
      const d = new FormData(form);
      send({ action: 'propose', decision: d.get('decision'), reason: d.get('reason') }, form);
    } },
    el('fieldset', {}, el('legend', {}, 'Propose'),
      el('label', {}, el('input', { type: 'radio', name: 'decision', value: 'true_match', required: true, id: 'd-true' }), ' True match'),
      el('label', {}, el('input', { type: 'radio', name: 'decision', value: 'false_positive', id: 'd-false' }), ' False positive')),
    el('label', { for: 'reason' }, 'Reason (kept in the audit)'), reason,
    el('button', { type: 'submit', class: 'primary', id: 'propose' }, 'Propose'),
    el('p', { class: 'error', role: 'alert' }));
    panel.append(form);
    if (act === 'propose') queueMicrotask(() => form.querySelector('#d-true').focus());
  } else if (alert.state === 'proposed') {
    panel.append(el('p', {}, 'Proposed ', el('strong', {}, alert.proposal.replace('_', ' ')), ' by ', el('strong', {}, alert.proposed_by),
      ': ', alert.proposal_reason));
    if (who.name === alert.proposed_by) {
      panel.append(el('p', { class: 'note', 'data-testid': 'four-eyes' }, 'You proposed this: another person, a supervisor, confirms or returns it (four eyes).'));
    } else if (!can.decide(who.role)) {
      panel.append(el('p', { class: 'note', 'data-testid': 'four-eyes' }, 'Awaiting a supervisor\'s decision.'));
    } else {
      const reason = el('textarea', { id: 'reason', name: 'reason', rows: 2 });
      const form = el('form', { 'aria-label': 'Review the proposal', onsubmit: (ev) => ev.preventDefault() },
        el('label', { for: 'reason' }, 'Reason (required to return)'), reason,
        el('div', { class: 'buttons' },
          el('button', { type: 'button', class: 'primary', id: 'confirm', onclick: () => send({ action: 'confirm', reason: reason.value }, form) }, 'Confirm'),
          el('button', { type: 'button', id: 'return', onclick: () => send({ action: 'return', reason: reason.value }, form) }, 'Return to the queue')),
        el('p', { class: 'error', role: 'alert' }));
      panel.append(form);
      if (act === 'confirm') queueMicrotask(() => form.querySelector('#confirm').focus());
    }
  } else {
    panel.append(el('p', { 'data-testid': 'decided' }, 'Decided: ', el('strong', {}, alert.decision.replace('_', ' ')),
      ' — proposed by ', alert.proposed_by, ', confirmed by ', alert.decided_by, alert.decision_reason ? ': ' + alert.decision_reason : '.'));
  }
  return panel;
}

export async function renderReview(id, params) {
  delete document.getElementById('main').dataset.reviewId;
  const t0 = performance.now();
  const [alert, audit, lists] = await Promise.all([api(`/v1/alerts/${id}`), api(`/v1/alerts/${id}/audit`), api('/v1/lists')]);
  const media = alert.line === 'media';
  const entity = media ? null : await api(`/v1/entities/${encodeURIComponent(alert.entity_id)}?version=${alert.list_version}`);
  const tApi = performance.now();
  const pairs = alert.hit?.explanation?.pairs || [];
  const qTokens = tokenIndex(pairs.map((p) => [p.query, p]));
  const cTokens = tokenIndex(pairs.map((p) => [p.candidate, p]));
  const version = lists.lists.find((l) => l.source === alert.list && l.version === alert.list_version);
  const head = el('header', { class: 'alert-head' },
    el('h1', {}, `Alert #${alert.id}`),
    el('span', { class: 'state state-' + alert.state, 'data-testid': 'state' }, alert.state),
    el('span', { class: 'score' }, 'score ', el('strong', {}, fmtScore(alert.score))),
    el('span', {}, alert.line), el('span', { class: 'muted' }, alert.matcher_version),
    el('span', { class: 'muted' }, 'opened ' + fmtTime(alert.created_at) + (alert.hits_seen > 1 ? ` · seen ${alert.hits_seen}×` : '')),
    el('span', {}, 'assignee: ', alert.assignee || 'none'),
    alert.assignee !== me().name && alert.state !== 'decided'
      ? el('button', { type: 'button', id: 'assign', onclick: async () => {
        await api(`/v1/alerts/${id}/assign`, { method: 'POST', body: { assignee: me().name } });
        say(`Alert #${id} assigned to you.`);
        go(`#/alert/${id}`);
      } }, 'Assign to me') : null,
    el('a', { href: '#/queue', class: 'back' }, 'Back to the queue'));
  const sides = el('div', { class: 'sides' },
    partyColumn(alert, qTokens, [decisionPanel(alert, params.get('act')), explanation(alert.hit || {})]),
    media ? mediaColumn(alert) : entityColumn(alert, entity, cTokens, version));
  show(head, sides, history(alert, audit));
  const tDom = performance.now();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));  // painted
  const m = document.getElementById('main');
  m.dataset.apiMs = (tApi - t0).toFixed(1);
  m.dataset.renderMs = (performance.now() - tApi).toFixed(1);
  m.dataset.domMs = (tDom - tApi).toFixed(1);
  m.dataset.reviewId = String(id);
}

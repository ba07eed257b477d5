// The other pages: lists in force with the diff of their last update, the good-guy list, the
// ad-hoc search of one name with its explanation drawn, and the audit chain.
import { api, el, facts, fmtScore, fmtTime, qs } from './api.js';
import { can, go, me, say, show } from './app.js';
import { tokenIndex } from './review.js';

export async function renderLists() {
  const { lists, built_at: built } = await api('/v1/lists');
  const diffs = await Promise.all(lists.map((l) => l.kind === 'entities'
    ? api(`/v1/lists/${encodeURIComponent(l.source)}/diff?limit=50`).catch(() => null) : null));
  const ids = (label, arr, n) => n ? el('details', {}, el('summary', {}, `${label}: ${n}`),
    el('ul', { class: 'ids' }, arr.map((x) => el('li', {}, x))), n > arr.length ? el('p', { class: 'muted' }, `… and ${n - arr.length} more`) : null)
    : el('p', {}, `${label}: 0`);
  show(el('h1', {}, 'Lists in force'), el('p', { class: 'muted' }, 'Index built ' + fmtTime(built)),
    el('table', { class: 'lists' },
      el('thead', {}, el('tr', {}, ['List', 'Version', 'Kind', 'Entries', 'List date', 'Imported', 'Origin', 'Content hash'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, lists.map((l) => el('tr', {}, el('td', {}, l.source), el('td', { class: 'num' }, l.version), el('td', {}, l.kind),
        el('td', { class: 'num' }, l.entities.toLocaleString('en')), el('td', {}, l.list_date || ''), el('td', {}, fmtTime(l.imported_at)),
        el('td', {}, l.origin), el('td', { class: 'hash', title: l.content_hash }, l.content_hash.slice(0, 12) + '…'))))),
    el('h2', {}, 'Last update of each list'),
    lists.map((l, i) => diffs[i] ? el('section', { class: 'diff', 'aria-label': 'Diff of ' + l.source },
      el('h3', {}, `${l.source}: version ${diffs[i].from_version || '(none)'} → ${diffs[i].to_version}`),
      diffs[i].from_version === 0 ? el('p', {}, `First version: ${diffs[i].added_count} entities.`)
        : [ids('Added', diffs[i].added, diffs[i].added_count), ids('Removed', diffs[i].removed, diffs[i].removed_count),
          ids('Changed', diffs[i].changed, diffs[i].changed_count)]) : null));
}

export async function renderWhitelist() {
  const { entries } = await api('/v1/whitelist');
  const edit = can.editWhitelist(me().role);
  const remove = async (e) => {
    await api('/v1/whitelist', { method: 'DELETE', body: { party_key: e.party_key, entity_id: e.entity_id } });
    say(`Removed ${e.party_key} ~ ${e.entity_id} from the good-guy list.`);
    go('#/whitelist');
  };
  const form = edit ? el('form', { class: 'filters', 'aria-label': 'Add to the good-guy list', onsubmit: async (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    try {
      await api('/v1/whitelist', { method: 'POST', body: { party_key: d.get('party_key'), entity_id: d.get('entity_id'), reason: d.get('reason') } });
      say('Added to the good-guy list.');
      go('#/whitelist');
    } catch (e) { form.querySelector('.error').textContent = e.message; }
  } },
  ...[['party_key', 'Party key'], ['entity_id', 'Entity id'], ['reason', 'Reason']].map(([n, l]) =>
    el('div', { class: 'field' }, el('label', { for: 'w-' + n }, l), el('input', { id: 'w-' + n, name: n, required: true }))),
  el('div', { class: 'field actions' }, el('button', { type: 'submit', class: 'primary' }, 'Add')),
  el('p', { class: 'error', role: 'alert' })) : el('p', { class: 'muted' }, 'Only a supervisor may change the good-guy list.');
  show(el('h1', {}, 'Good-guy list'),
    el('p', {}, 'A confirmed false positive keeps the party from alerting on that entity again, until the entity changes in a later list version (then it lapses and is reviewed again).'),
    form,
    entries.length ? el('table', {},
      el('thead', {}, el('tr', {}, ['Party key', 'Entity', 'Added by', 'Reason', 'Added', 'Alert', 'Status', ''].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, entries.map((e) => el('tr', {}, el('td', {}, e.party_key), el('td', {}, e.entity_id), el('td', {}, e.added_by),
        el('td', {}, e.reason), el('td', {}, fmtTime(e.added_at)), el('td', {}, e.alert_id ? el('a', { href: '#/alert/' + e.alert_id }, '#' + e.alert_id) : ''),
        el('td', {}, e.lapsed ? 'lapsed (entity changed)' : 'in force'),
        el('td', {}, edit ? el('button', { type: 'button', onclick: () => remove(e), 'aria-label': `Remove ${e.party_key} ~ ${e.entity_id}` }, 'Remove') : '')))))
      : el('p', { class: 'empty' }, 'The good-guy list is empty.'));
}

// One explained hit: the query's tokens and the listed name's tokens joined by how they matched.
function drawExplanation(query, h) {
  const x = h.explanation || { pairs: [] };
  const byQ = tokenIndex(x.pairs.map((p) => [p.query, p]));
  const byC = tokenIndex(x.pairs.map((p) => [p.candidate, p]));
  const chips = (text, find) => el('div', { class: 'chips' }, String(text).split(/[\s-]+/).filter(Boolean).map((w) => {
    const p = find(w);
    return el('span', { class: 'chip ' + (p ? (p.how === 'exact' ? 'm-exact' : 'm-near') : 'unmatched'),
      title: p ? `${p.how}, similarity ${p.similarity}` : 'not matched' }, w);
  }));
  return el('li', { class: 'hit' },
    el('p', {}, el('strong', {}, h.name), ' ', el('span', { class: 'muted' }, h.entity_id), ' · score ', el('strong', {}, fmtScore(h.score)),
      h.alert_id ? [' · ', can.queue(me().role) ? el('a', { href: '#/alert/' + h.alert_id }, 'alert #' + h.alert_id) : 'alert #' + h.alert_id] : '',
      h.suppressed ? ' · on the good-guy list' : ''),
    el('div', { class: 'drawn' }, chips(query, byQ), el('div', { class: 'links', 'aria-hidden': 'true' }, '⇅'), chips(h.matched_name || h.name, byC)),
    el('ul', { class: 'pairs' }, x.pairs.map((p) => el('li', {}, `${p.query} → ${p.candidate}: ${p.how} (similarity ${p.similarity}, weight ${p.weight})`))));
}

export async function renderSearch() {
  const out = el('div', { id: 'results', 'aria-live': 'polite' });
  const form = el('form', { class: 'filters', 'aria-label': 'Search a name', onsubmit: async (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    const body = { name: d.get('name'), explain: true };
    for (const k of ['dob', 'nationality', 'kind']) if (d.get(k)) body[k] = d.get(k);
    try {
      const r = await api('/v1/screen', { method: 'POST', body });
      out.replaceChildren(el('h2', {}, `${r.hits.length} hit${r.hits.length === 1 ? '' : 's'} for “${body.name}”`),
        el('ol', { class: 'hits' }, r.hits.map((h) => drawExplanation(body.name, h))));
    } catch (e) { out.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message)); }
  } },
  el('div', { class: 'field wide' }, el('label', { for: 's-name' }, 'Name'), el('input', { id: 's-name', name: 'name', required: true, size: 40 })),
  el('div', { class: 'field' }, el('label', { for: 's-dob' }, 'Date of birth'), el('input', { id: 's-dob', name: 'dob', size: 10, placeholder: 'YYYY-MM-DD' })),
  el('div', { class: 'field' }, el('label', { for: 's-nat' }, 'Nationality'), el('input', { id: 's-nat', name: 'nationality', size: 8 })),
  el('div', { class: 'field' }, el('label', { for: 's-kind' }, 'Kind'), el('select', { id: 's-kind', name: 'kind' },
    el('option', { value: '' }, 'Any'), el('option', { value: 'person' }, 'Person'), el('option', { value: 'organisation' }, 'Organisation'))),
  el('div', { class: 'field actions' }, el('button', { type: 'submit', class: 'primary' }, 'Search')));
  show(el('h1', {}, 'Search a name'),
    el('p', { class: 'muted' }, 'Screens the name as every client does: a hit at or above the alert threshold opens an alert for review.'),
    form, out);
  form.querySelector('#s-name').focus();
}

// The audit chain, the most recent 100 records first unless `after` says where to start.
export async function renderAudit(after = null) {
  const verdict = await api('/v1/audit/verify').catch((e) => ({ ok: false, problem: e.message, records: 0 }));
  if (after === null) after = Math.max(0, (verdict.records || 0) - 100);
  const page = await api('/v1/audit' + qs({ after, limit: 100 }));
  show(el('h1', {}, 'Audit chain'),
    el('p', { class: verdict.ok ? 'ok' : 'error', 'data-testid': 'verify' }, verdict.ok
      ? `The chain verifies: ${verdict.records} records, head ${String(verdict.head_hash).slice(0, 16)}…`
      : `The chain does not verify: record ${verdict.first_bad_seq}: ${verdict.problem}`),
    el('table', { class: 'audit', 'data-testid': 'audit' },
      el('thead', {}, el('tr', {}, ['#', 'At', 'Actor', 'Action', 'Object', 'Detail'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, page.records.map((r) => el('tr', {}, el('td', {}, r.seq), el('td', {}, fmtTime(r.at)), el('td', {}, r.actor), el('td', {}, r.action),
        el('td', {}, r.object.startsWith('alert:') && can.queue(me().role) ? el('a', { href: '#/alert/' + r.object.slice(6) }, r.object) : r.object),
        el('td', {}, r.detail))))),
    el('nav', { class: 'pager', 'aria-label': 'Pages' },
      after > 0 ? el('button', { type: 'button', onclick: () => renderAudit(Math.max(0, after - 100)) }, 'Earlier records') : null,
      page.next_after ? el('button', { type: 'button', id: 'audit-next', onclick: () => renderAudit(page.next_after) }, 'Later records') : null));
}

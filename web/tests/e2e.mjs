// End-to-end test of the Tamis web interface in a real browser (Debian's chromium, headless,
// driven by playwright-core from npm). Starts `tamis serve` on a free loopback port over a
// temporary store it fills (the real UN list from ../shared/data, a watchlist entity with 100
// aliases, 100,000 bulk alerts), creates keys with `tamis keys`, and walks the four-eyes flow:
// analyst signs in, opens an alert, proposes, cannot confirm; supervisor signs in, confirms,
// sees it in the audit; each role sees only what it may.
//
//   node web/tests/e2e.mjs --tamis BIN --fill BIN --shared DIR --out DIR [--bulk 100000]
// Exit 0 passed, 1 failed, 77 skipped (no playwright-core, chromium or shared data).
// Artefacts in --out: review.png (the review page), queue.png, figures.json (timings).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const here = path.dirname(fileURLToPath(import.meta.url));
const out = args.out || path.join(os.tmpdir(), 'tamis-web-artifacts');
const BULK = Number(args.bulk || 100000);
const CHROMIUM = process.env.TAMIS_CHROMIUM || '/usr/bin/chromium';

function skip(why) {
  console.log('web.e2e skipped: ' + why);
  process.exit(77);
}

let chromium;
try {
  const require = createRequire(path.join(here, '..', 'package.json'));
  ({ chromium } = require('playwright-core'));
} catch {
  skip('playwright-core is not installed in web/node_modules (scripts/test.sh runs npm ci in web/)');
}
if (!fs.existsSync(CHROMIUM)) skip(CHROMIUM + ' not found (scripts/install-deps.sh installs chromium)');
const unXml = path.join(args.shared || '', 'lists/un/UN_consolidated.xml');
if (!args.shared || !fs.existsSync(unXml)) skip('shared test data not found at ' + args.shared + ' (clone ../shared beside the checkout)');
if (!args.tamis || !fs.existsSync(args.tamis)) throw new Error('--tamis BIN is required');

fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tamis-web-'));
const data = path.join(tmp, 'data');
const tamis = (...a) => execFileSync(args.tamis, ['--data', data, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

let failures = 0;
function check(cond, what) {
  if (cond) console.log('ok   ' + what);
  else {
    failures++;
    console.log('FAIL ' + what);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// --- The store: the real UN list, a watchlist entity with 100 aliases, keys. ---
tamis('lists', 'import', unXml);
const aliases = Array.from({ length: 100 }, (_, i) => `Abu Hafs al-Test ${['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'][i % 5]} ${i}`);
fs.writeFileSync(path.join(tmp, 'watch.jsonl'), JSON.stringify({ id: 'w-100', name: 'Khalid Abdullah Mansour', kind: 'person',
  aliases: ['Khaled Abdallah Mansur', ...aliases.slice(2)],  // 100 names with the primary one dob: '1975-04-02', nationality: 'SY', id_number: 'N1234567',
  program: 'internal-risk', remarks: 'Watchlist entity with 100 names, for the review page timing.' }) + '\n');
tamis('lists', 'import', '--format', 'tamis_jsonl', '--source', 'watch', path.join(tmp, 'watch.jsonl'));
const key = {
  alice: tamis('keys', 'create', '--name', 'alice', '--role', 'analyst'),
  bob: tamis('keys', 'create', '--name', 'bob', '--role', 'supervisor'),
  carol: tamis('keys', 'create', '--name', 'carol', '--role', 'supervisor'),
  cli: tamis('keys', 'create', '--name', 'gateway', '--role', 'client'),
  root: tamis('keys', 'create', '--name', 'root', '--role', 'admin'),
};

// --- The server on a free loopback port. ---
const portFile = path.join(tmp, 'port');
const server = spawn(args.tamis, ['--data', data, 'serve', '--port', '0', '--port-file', portFile, '--threads', '8'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const stop = () => { try { server.kill('SIGTERM'); } catch { /* gone */ } };
process.on('exit', () => { stop(); fs.rmSync(tmp, { recursive: true, force: true }); });
for (let i = 0; i < 300 && !(fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim()); i++) await new Promise((r) => setTimeout(r, 100));
if (!fs.existsSync(portFile)) {
  console.log(serverLog);
  throw new Error('tamis serve did not start');
}
const base = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
async function call(method, p, who, body) {
  const r = await fetch(base + p, { method, headers: { Authorization: 'Bearer ' + key[who], 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

// Alerts from screening (the one alert path): a party like QDi.006, one like the 100-name entity.
const zaw = await call('POST', '/v1/screen', 'cli', { id: 'cust-1', name: 'Aiman al-Zawahiri', dob: '1951-06-19', nationality: 'EG' });
const zawAlert = zaw.json.hits.find((h) => h.entity_id === 'un:QDi.006')?.alert_id;
check(zaw.status === 200 && zawAlert > 0, 'screening Aiman al-Zawahiri opens an alert on un:QDi.006');
const big = await call('POST', '/v1/screen', 'cli', { id: 'cust-2', name: 'Khalid Abdullah Mansour', dob: '1975' });
const bigAlert = big.json.hits.find((h) => h.entity_id === 'watch:w-100')?.alert_id;
check(bigAlert > 0, 'screening Khalid Abdullah Mansour opens an alert on the 100-name entity');
const other = await call('POST', '/v1/screen', 'cli', { id: 'cust-3', name: 'Ayman al Zawahari' });
const otherAlert = other.json.hits.find((h) => h.alert_id && h.alert_id !== zawAlert)?.alert_id;
check(otherAlert > 0, 'screening Ayman al Zawahari (another party) opens another alert');
// The alerts the three screenings opened, as their answers name them (the queue's counts must agree).
const opened = new Set([zaw, big, other].flatMap((r) => r.json.hits.map((h) => h.alert_id).filter(Boolean)));

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
const figures = { machine: `${os.cpus().length} x ${os.cpus()[0]?.model}`, chromium: browser.version() };
const consoleErrors = [];
async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // Nothing but this server is ever asked for (no CDN, no external network).
  await ctx.route('**/*', (route) => route.request().url().startsWith(base) ? route.continue() : (consoleErrors.push('external: ' + route.request().url()), route.abort()));
  return page;
}
async function signIn(page, who) {
  await page.goto(base + '/ui/');
  await page.getByLabel('API key').fill(key[who]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who-name').filter({ hasText: who === 'cli' ? 'gateway' : who === 'root' ? 'root' : who }).waitFor();
}
const navLinks = async (page) => (await page.locator('#nav a:visible').allTextContents()).map((s) => s.trim());

try {
  // --- A key the server does not know is refused at sign-in. ---
  const z = await newPage();
  await z.goto(base + '/ui/');
  await z.getByLabel('API key').fill('tamis_000000000000_' + '0'.repeat(48));
  await z.getByRole('button', { name: 'Sign in' }).click();
  await z.locator('#signin-error', { hasText: 'not valid' }).waitFor();
  check(await z.locator('#nav').isHidden(), 'an unknown key is refused and shows no menu');
  await z.context().close();

  // --- Analyst: queue, review side by side, propose, no confirm. ---
  const a = await newPage();
  await signIn(a, 'alice');
  check((await a.locator('#who-role').textContent()) === 'analyst', 'the role shown comes from the server (/v1/me)');
  check(JSON.stringify(await navLinks(a)) === JSON.stringify(['Alert queue', 'Search a name', 'Lists', 'Good-guy list']),
    'the analyst sees the queue, search, lists and good-guy list, not the audit');
  await a.locator('table.queue tbody tr').first().waitFor();
  check((await a.locator('.counts [data-state=open] .count').getAttribute('data-n')) === String(opened.size),
    `the queue counts ${opened.size} open alerts, as many as screening opened`);
  // Keyboard: j moves down, k back up, Enter opens.
  const selectedId = async () => Number(await a.locator('tr[aria-selected=true]').getAttribute('data-id'));
  const firstId = Math.min(...opened);
  check(await selectedId() === firstId, 'the first (oldest) alert is selected');
  await a.keyboard.press('j');
  check(await selectedId() > firstId, 'j moves to the next alert');
  await a.keyboard.press('k');
  check(await selectedId() === firstId, 'k moves back');
  for (let i = 0; i < opened.size && await selectedId() !== zawAlert; i++) await a.keyboard.press('j');
  await a.keyboard.press('Enter');
  await a.locator('main[data-review-id]').waitFor();
  const sides = await a.locator('.sides > section').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width })));
  check(sides.length === 2 && sides[1].x > sides[0].x + sides[0].w - 1 && Math.abs(sides[0].y - sides[1].y) < 2,
    'party and entity are side by side at 1366x768');
  const entityText = await a.locator('.side.entity').innerText();
  // Values read by hand from UN_consolidated.xml, record QDi.006.
  check(entityText.includes('AIMAN MUHAMMED RABI AL-ZAWAHIRI'), 'the entity shows its primary name from the UN list');
  check(entityText.includes('أيمن محمد ربيع الظواهري'), 'the entity shows its original-script name');
  check(entityText.includes('2001-01-25'), 'the entity shows its listing date');
  check(entityText.includes('EG'), 'the entity shows its nationality');
  check(entityText.includes('Ayman Al-Zawahari'), 'the entity shows its aliases');
  check(/un version \d+ · imported/.test(entityText), 'the entity shows its list version and date');
  check(await a.locator('details.source pre').evaluate((e) => e.textContent.includes('<REFERENCE_NUMBER>QDi.006</REFERENCE_NUMBER>')),
    'the verbatim source record is on the page');
  const matchedName = await a.locator('.side.entity .names li.matched-name').innerText();
  const marks = await a.locator('.side.entity .names li.matched-name mark').allTextContents();
  check(marks.some((m) => /^zawah[ai]ri$/i.test(m)), `the tokens of the matched name (${matchedName}) are highlighted: ${marks.join(', ')}`);
  check((await a.locator('.side.party mark').count()) >= 2, 'matched tokens of the party name are highlighted');
  check((await a.locator('[data-testid=alert-audit] tbody tr').count()) === 1, 'the alert\'s audit shows its opening');
  await a.evaluate(() => window.scrollTo(0, 0));
  await a.screenshot({ path: path.join(out, 'review.png'), fullPage: false });
  await a.screenshot({ path: path.join(out, 'review-full.png'), fullPage: true });
  await a.locator('#d-true').check();
  await a.getByLabel('Reason (kept in the audit)').fill('Name, DOB 1951-06-19 and nationality EG agree with QDi.006');
  await a.getByRole('button', { name: 'Propose' }).click();
  await a.locator('[data-testid=state]', { hasText: 'proposed' }).waitFor();
  check((await a.locator('#confirm').count()) === 0, 'the analyst is not offered Confirm');
  check(await a.locator('[data-testid=four-eyes]').isVisible(), 'the analyst is told a supervisor decides');
  const refused = await call('POST', `/v1/alerts/${zawAlert}/decision`, 'alice', { action: 'confirm', reason: 'me' });
  check(refused.status === 403, 'the server refuses the analyst\'s confirm (403)');
  check((await call('GET', '/v1/audit', 'alice')).status === 403, 'the analyst may not read the audit chain');
  await a.goto(base + '/ui/#/audit');
  await a.locator('main .error, main [data-testid=verify]').first().waitFor();
  check((await a.locator('[data-testid=audit]').count()) === 0, 'the audit page shows the analyst nothing');
  await a.context().close();

  // --- Supervisor bob: confirms alice's proposal, sees it in the audit. ---
  const b = await newPage();
  await signIn(b, 'bob');
  check(JSON.stringify(await navLinks(b)) === JSON.stringify(['Alert queue', 'Search a name', 'Lists', 'Good-guy list', 'Audit']),
    'the supervisor also sees the audit');
  await b.goto(base + '/ui/#/queue?state=proposed');
  await b.locator(`tr[data-id="${zawAlert}"]`).waitFor();
  await b.keyboard.press('c');  // opens to confirm, the Confirm button focused
  await b.locator('#confirm').waitFor();
  check(await b.locator('#confirm').evaluate((e) => e === document.activeElement), 'c opens the review with Confirm focused');
  await b.getByLabel('Reason (required to return)').fill('Agreed: DOB and nationality match');
  await b.locator('#confirm').click();
  await b.locator('[data-testid=state]', { hasText: 'decided' }).waitFor();
  check((await b.locator('[data-testid=decided]').textContent()).includes('confirmed by bob'), 'the decision names both people');
  check((await b.locator('[data-testid=alert-audit] tbody').innerText()).includes('alert.confirm'), 'the alert\'s audit records the confirmation');
  await b.locator('nav a', { hasText: 'Audit' }).click();
  await b.locator('[data-testid=audit] tbody tr').first().waitFor();
  const auditText = await b.locator('[data-testid=audit]').innerText();
  check(auditText.includes('alert.propose') && auditText.includes('alert.confirm') && auditText.includes(`alert:${zawAlert}`),
    'the audit page shows the proposal and the confirmation');
  check((await b.locator('[data-testid=verify]').textContent()).startsWith('The chain verifies'), 'the audit chain verifies');
  // A supervisor who proposes is not offered Confirm either; the server refuses (four eyes).
  await b.goto(base + '/ui/#/queue?state=open');
  await b.locator(`tr[data-id="${otherAlert}"]`).waitFor();
  const bSelected = async () => Number(await b.locator('tr[aria-selected=true]').getAttribute('data-id'));
  for (let i = 0; i < 10 && await bSelected() !== otherAlert; i++) await b.keyboard.press('j');
  await b.keyboard.press('p');  // opens to propose, the first choice focused
  await b.locator('#d-false').waitFor();
  check(await b.locator('#d-true').evaluate((e) => e === document.activeElement), 'p opens the review with the proposal focused');
  await b.locator('#d-false').check();
  await b.getByLabel('Reason (kept in the audit)').fill('Different person: no DOB match');
  await b.getByRole('button', { name: 'Propose' }).click();
  await b.locator('[data-testid=state]', { hasText: 'proposed' }).waitFor();
  check((await b.locator('#confirm').count()) === 0, 'the proposer (a supervisor) is not offered Confirm');
  const own = await call('POST', `/v1/alerts/${otherAlert}/decision`, 'bob', { action: 'confirm', reason: 'mine' });
  check(own.status === 409, 'the server refuses the proposer\'s own confirm (409 four eyes)');
  await b.context().close();
  const c = await newPage();
  await signIn(c, 'carol');
  await c.goto(base + `/ui/#/alert/${otherAlert}`);
  await c.locator('[data-testid=state]').waitFor();
  check(await c.locator('#confirm').isVisible(), 'another supervisor is offered Confirm');
  await c.context().close();

  // --- Client and admin see only what they may. ---
  const k = await newPage();
  await signIn(k, 'cli');
  check(JSON.stringify(await navLinks(k)) === JSON.stringify(['Search a name', 'Lists']), 'the client sees search and lists only');
  await k.goto(base + '/ui/#/search');
  await k.getByLabel('Name', { exact: true }).fill('Aiman al-Zawahiri');
  await k.getByRole('button', { name: 'Search' }).click();
  await k.locator('.hit').first().waitFor();
  check((await k.locator('.hit').first().innerText()).includes('un:QDi.006'), 'the ad-hoc search finds QDi.006');
  check((await k.locator('.hit .chip.m-exact').count()) >= 1, 'the search draws the matched tokens');
  await k.goto(base + '/ui/#/queue');
  await k.locator('main .error').waitFor();
  check((await k.locator('main .error').textContent()).includes("role 'client' may not"), 'the queue refuses the client');
  await k.goto(base + '/ui/#/lists');
  await k.locator('table.lists tbody tr').first().waitFor();
  const listsText = await k.locator('main').innerText();
  check(listsText.includes('un') && listsText.includes('watch') && /First version: \d+ entities/.test(listsText), 'the lists page shows versions and the last diff');
  await k.context().close();
  const r = await newPage();
  await signIn(r, 'root');
  check(JSON.stringify(await navLinks(r)) === JSON.stringify(['Search a name', 'Lists', 'Audit']), 'the admin sees search, lists and audit');
  await r.context().close();

  // --- Goal: the review page of an entity with 100 names renders in < 300 ms after the API answers. ---
  const t = await newPage();
  await signIn(t, 'alice');
  const timeReview = async (id) => {
    const renders = [], apis = [];
    for (let i = 0; i < 7; i++) {
      await t.goto(base + '/ui/#/queue');
      await t.locator('table.queue').waitFor();
      await t.goto(base + `/ui/#/alert/${id}`);
      await t.locator(`main[data-review-id="${id}"]`).waitFor();
      renders.push(Number(await t.locator('main').getAttribute('data-render-ms')));
      apis.push(Number(await t.locator('main').getAttribute('data-api-ms')));
    }
    return { renders, apis };
  };
  // Baseline in the same run: the review page of QDi.006 (17 names).
  const small = await timeReview(zawAlert);
  const { renders, apis } = await timeReview(bigAlert);
  check((await t.locator('.side.entity .names li').count()) === 100, 'the watchlist entity shows its 100 names');
  figures.review_100_names_render_ms = { median: median(renders), max: Math.max(...renders), runs: renders, api_median: median(apis) };
  figures.review_17_names_render_ms = { median: median(small.renders), max: Math.max(...small.renders), api_median: median(small.apis) };
  check(median(renders) < 300, `review page with 100 names rendered in ${median(renders)} ms (median of 7) < 300 ms after the API answered`);
  await t.screenshot({ path: path.join(out, 'review-100-names.png') });

  // --- Goal: a queue of 100,000 alerts pages and filters without loading them all. ---
  if (args.fill && BULK > 0) {
    const before = await call('GET', '/v1/alerts/counts', 'bob');
    const t0 = Date.now();
    const filled = JSON.parse(execFileSync(args.fill, ['--data', data, '--count', String(BULK)], { encoding: 'utf8' }));
    figures.fill = { alerts: filled.opened, seconds: filled.seconds };
    console.log(`filled ${filled.opened} alerts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const alertRequests = [];
    t.on('request', (q) => { if (q.url().includes('/v1/alerts?') || q.url().endsWith('/v1/alerts')) alertRequests.push(q.url()); });
    const timePage = async (hash, click) => {
      const startN = alertRequests.length;
      const t1 = Date.now();
      if (click) await t.locator(click).click(); else await t.goto(base + '/ui/' + hash);
      await t.waitForFunction((n) => document.querySelector('#page-info') && document.getElementById('main').dataset.pageMs
        && document.querySelector('#page-info').dataset.seen !== '1', startN);
      const ms = Number(await t.locator('main').getAttribute('data-page-ms'));
      await t.evaluate(() => { document.querySelector('#page-info').dataset.seen = '1'; });
      return { ms, wall: Date.now() - t1, rows: await t.locator('table.queue tbody tr').count(), info: await t.locator('#page-info').textContent() };
    };
    const first = await timePage('#/queue');
    const want = before.json.total + filled.opened;
    check(filled.opened === BULK && (await t.locator('.counts [data-state=all] .count').getAttribute('data-n')) === String(want),
      `the counts show all ${want} alerts`);
    const pages = [first];
    for (let i = 0; i < 5; i++) pages.push(await timePage(null, '#next-page'));
    check(pages.every((p) => p.rows === 50), 'each page holds 50 alerts');
    check(pages[5].info.startsWith('Page 6'), 'six pages forward by keyset');
    const back = await timePage(null, '#prev-page');
    check(back.info.startsWith('Page 5'), 'previous page goes back');
    const filtered = await timePage('#/queue?state=open&list=un&line=payment&min=0.9&sort=score');
    const scores = (await t.locator('table.queue tbody tr td.num').allTextContents()).map(Number);
    check(filtered.rows === 50 && scores.every((s, i) => s >= 0.9 && (i === 0 || s <= scores[i - 1])), 'filter (open, un, payment, score >= 0.9) sorted by score');
    check((await t.locator('table.queue tbody tr td:nth-child(4)').allTextContents()).every((l) => l === 'payment'), 'the line filter holds');
    const filteredNext = await timePage(null, '#next-page');
    const old = await timePage('#/queue?age=older30d&sort=newest');
    const narrow = await timePage('#/queue?assignee=nobody-at-all');
    check(narrow.rows === 0, 'a filter matching nothing answers an empty page');
    check((await t.locator('.counts [data-state=all] .count').getAttribute('data-n')) === '0',
      'the counts beside a queue filtered to nothing are 0 (they are the filtered queue\'s)');
    const payments = await timePage('#/queue?line=payment');
    const payCounts = await call('GET', '/v1/alerts/counts?line=payment', 'bob');
    check(payCounts.json.total < want && (await t.locator('.counts [data-state=all] .count').getAttribute('data-n')) === String(payCounts.json.total),
      `the counts follow the line filter (${payCounts.json.total} payment alerts of ${want})`);
    check(alertRequests.every((u) => new URL(u).searchParams.get('limit') === '50'), `every queue request asked for one page of 50 (${alertRequests.length} requests), never the whole queue`);
    // Baseline in the same run: loading the whole queue (pages of 1000, the API's largest) instead of one page.
    const tAll = Date.now();
    let all = 0;
    for (let after = 0; ;) {
      const r = await call('GET', `/v1/alerts?limit=1000&after=${after}`, 'bob');
      all += r.json.alerts.length;
      if (r.json.next_after === undefined) break;
      after = r.json.next_after;
    }
    figures.queue_load_all_ms = Date.now() - tAll;
    check(all === want, `the whole queue holds ${want} alerts (${figures.queue_load_all_ms} ms to load them all, the baseline)`);
    figures.queue_100k = { first: first.ms, next_pages: pages.slice(1).map((p) => p.ms), previous: back.ms,
      filtered_by_score: filtered.ms, filtered_next: filteredNext.ms, older_than_30_days_newest: old.ms, empty_filter: narrow.ms };
    await t.goto(base + '/ui/#/queue');
    await t.locator('table.queue tbody tr').first().waitFor();
    await t.screenshot({ path: path.join(out, 'queue.png') });
  }
  await t.context().close();
  check(consoleErrors.filter((e) => !/status of 40[13]/.test(e)).length === 0, 'no script errors, no external request: ' + consoleErrors.join(' | '));
} catch (e) {
  failures++;
  console.log('FAIL ' + (e.stack || e));
} finally {
  await browser.close();
  stop();
}
fs.writeFileSync(path.join(out, 'figures.json'), JSON.stringify(figures, null, 1) + '\n');
console.log(JSON.stringify(figures));
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);

// `kleroterion app` in a real browser: Debian's chromium, headless, driven by playwright-core.
// The whole path on data/ — load, check, prepare, draw, download — and the downloads are byte
// for byte what the command line writes from the same commitment and seed; a bad file shows
// its row and column; infeasible quotas offer the relaxation, which the page then uses; a
// genuine record verifies and a forged one fails; no request leaves 127.0.0.1; the server
// refuses other hosts, other sites and a wrong token; closing the last tab ends the app and
// removes its temporary folder.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import {
  mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync, existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import assert from 'node:assert/strict';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary =
  process.env.KLEROTERION ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'release/kleroterion');
const data = (f) => join(root, 'data', f);
const seed = '6 2 5 1 1 4 3 2';
const work = mkdtempSync(join(tmpdir(), 'kleroterion-app-test-'));
const step = (text) => console.log(`ok ${text}`);
// `--screenshots DIR` also saves pictures of two steps (the ones in docs/ come from here).
const shotsAt = process.argv.indexOf('--screenshots');
const shots = shotsAt > 0 ? resolve(process.argv[shotsAt + 1]) : null;
const shared = process.env.KLEROTERION_SHARED ?? join(root, '../shared');

// Inputs with problems: a volunteer whose gender the quotas do not know, quotas no panel meets.
const badPeople = join(work, 'people-typo.csv');
writeFileSync(badPeople, readFileSync(data('people.csv'), 'utf8').replace(/^(v004,.*?),female,/m, '$1,femal,'));
const tightQuotas = join(work, 'quotas-tight.csv');
writeFileSync(tightQuotas, 'feature,value,min,max\ngender,female,20,20\ngender,male,20,20\n');

// The app, on a free port, without opening a browser.
const app = spawn(binary, ['app', '--no-open', '--lang', 'en'], { env: { ...process.env, LC_ALL: 'C' } });
let stderr = '';
app.stderr.on('data', (d) => { stderr += d; });
const ended = new Promise((done) => app.on('exit', (code) => done(code)));
const url = await new Promise((found, fail) => {
  let out = '';
  app.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]+\//);
    if (m) found(m[0]);
  });
  setTimeout(() => fail(new Error(`no address printed: ${out} ${stderr}`)), 10000);
});
const { port, pathname } = new URL(url);

/** A raw request to the app, with the headers given (fetch would fix the Host header). */
function raw(method, path, headers) {
  return new Promise((done, fail) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
    req.on('error', fail);
    req.end(method === 'POST' ? '{"panel_size":24}' : undefined);
  });
}

// The guard: another host name (DNS rebinding), another site, a wrong token.
assert.equal(await raw('GET', pathname, { host: `127.0.0.1:${port}` }), 200);
assert.equal(await raw('GET', pathname, { host: `attacker.example:${port}` }), 403, 'another Host is refused');
assert.equal(await raw('GET', '/0123456789abcdef0123456789abcdef/', { host: `127.0.0.1:${port}` }), 404, 'a wrong token finds nothing');
assert.equal(await raw('POST', `${pathname}api/check`, {
  host: `127.0.0.1:${port}`, origin: 'http://attacker.example', 'content-type': 'application/json',
}), 403, 'a cross-site request is refused');
step('the server answers its own host and token only, and refuses cross-site requests');

// Only loopback: the machine's other addresses refuse the connection.
const others = Object.values(networkInterfaces()).flat()
  .filter((a) => !a.internal).map((a) => a.address);
for (const address of [...others, '::1']) {
  const refused = await new Promise((done) => {
    const c = net.connect({ host: address, port }, () => { c.destroy(); done(false); });
    c.on('error', () => done(true));
    c.setTimeout(3000, () => { c.destroy(); done(true); });
  });
  assert.ok(refused, `${address}:${port} must not answer`);
}
step(`not reachable on ${others.length + 1} other addresses (${[...others, '::1'].join(', ')})`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
  ],
});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 1400 } });
const page = await context.newPage();
const elsewhere = [];
page.on('request', (r) => { if (!r.url().startsWith(`http://127.0.0.1:${port}/`)) elsewhere.push(r.url()); });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

/** Waits until `test()` holds (polling: the page's policy forbids evaluated code). */
async function until(test, what) {
  for (let i = 0; i < 600; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const textOf = (sel) => page.textContent(sel);
/** A picture of the step on screen, in the test's folder and, with --screenshots, there. */
const pictures = join(work, 'screenshots');
mkdirSync(pictures);
async function shot(name) {
  for (const dir of [pictures, shots].filter(Boolean)) {
    await page.screenshot({ path: join(dir, `app-${name}.png`), fullPage: true });
  }
}

await page.goto(url);
await until(async () => (await textOf('#load-h')).includes('volunteers'), 'the page');

// Keyboard only: from the language choice, Tab reaches the steps, Enter opens a step.
await page.focus('#lang');
await page.keyboard.press('Tab');
await page.keyboard.press('Tab');
const focused = await page.evaluate(() => document.activeElement.dataset.step);
assert.equal(focused, 'check', 'Tab reaches the steps');
await page.keyboard.press('Enter');
assert.equal(await page.isVisible('#run-check'), true, 'Enter opens the step');
await page.click('#steps [data-step="load"]');
step('the steps are reached with the keyboard');

// The page in French, from the same catalogue as the report.
await page.selectOption('#lang', 'fr');
await until(async () => (await textOf('#load-h')).startsWith('Charger'), 'French');
await page.selectOption('#lang', 'en');
await until(async () => (await textOf('#load-h')).startsWith('Load'), 'English');
step('the page switches to French and back');

async function drop(role, file) {
  await page.evaluate((r) => { document.querySelector(`.drop[data-role="${r}"] .dropped`).textContent = ''; }, role);
  await page.setInputFiles(`#file-${role}`, file);
  const shown = `.drop[data-role="${role}"] .dropped`;
  const name = file.split('/').pop();
  await until(async () => (await textOf(shown)).includes(name), `${name} loaded`);
}

async function check() {
  await page.click('#steps [data-step="check"]');
  // Emptied first, so that the answer waited for is this check's (in any language).
  await page.evaluate(() => document.querySelector('#check-out').replaceChildren());
  await page.click('#run-check');
  await page.waitForSelector('#check-out table, #check-out pre.error');
  return page.textContent('#check-out');
}

// A bad file: the problem at its row and column, in the command line's words.
await drop('people', badPeople);
await drop('features', data('features.csv'));
await drop('settings', data('settings.toml'));
await page.fill('#panel-size', '24');
await shot('load');
let said = await check();
assert.match(said, /people-typo\.csv, row 5, column 'gender': 'femal' is not a value of gender/);
await shot('bad-file');
// The same problem in French when the page is.
await page.selectOption('#lang', 'fr');
await until(async () => (await textOf('#check-h')).startsWith('Vérifier'), 'French');
said = await check();
assert.match(said, /people-typo\.csv, ligne 5, colonne « gender » : « femal » n'est pas une valeur de gender/);
await page.selectOption('#lang', 'en');
await until(async () => (await textOf('#check-h')).startsWith('Check'), 'English');
step('a bad volunteer file shows its row and column, in English and in French');

// Every control has a label, and at 200 % zoom (half the width) nothing needs scrolling sideways.
const unlabelled = await page.evaluate(() => Array.from(document.querySelectorAll('input, select, button'))
  .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
  .map((e) => e.id || e.outerHTML.slice(0, 60)));
assert.deepEqual(unlabelled, [], 'every control has a label');
await page.setViewportSize({ width: 550, height: 1400 });
assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 200 %');
await page.setViewportSize({ width: 1100, height: 1400 });
step('every control is labelled; the page reflows at 200 % zoom');

// Infeasible quotas: the cheapest relaxation, accepted with one click, then feasible. The
// settings this time come from the form, filled from the volunteers' header.
await page.click('#steps [data-step="load"]');
await drop('people', data('people.csv'));
await drop('features', tightQuotas);
await page.click('#settings-form summary');
assert.equal(await page.inputValue('#s-id'), 'id', 'the id column is guessed from the header');
assert.deepEqual(await page.$$eval('#s-household input:checked', (is) => is.map((i) => i.value)), ['address', 'postcode']);
await page.click('#s-use');
await until(async () => (await textOf('.drop[data-role="settings"] .dropped')).includes('settings.toml'), 'the form settings');
said = await check();
assert.match(said, /no panel meets the quotas/);
assert.match(said, /gender male: minimum 20 → 4/);
const relaxedDownload = page.waitForEvent('download');
await page.click('text=Use the relaxed quotas');
const relaxed = await relaxedDownload;
assert.equal(relaxed.suggestedFilename(), 'features.relaxed.csv');
await until(async () => /exists/.test(await textOf('#check-out')), 'the relaxed check');
assert.match(await page.textContent('.drop[data-role="features"] .dropped'), /features\.relaxed\.csv/);
step('infeasible quotas offer the relaxation, and the relaxed quotas pass');

// The real inputs: check, prepare, draw.
await page.click('#steps [data-step="load"]');
await drop('features', data('features.csv'));
await drop('settings', data('settings.toml'));
said = await check();
assert.match(said, /A panel that meets every quota exists \(300 volunteers can be drawn\)/);
const quotaRows = readFileSync(data('features.csv'), 'utf8').trim().split('\n').length - 1;
assert.equal(await page.locator('#check-out table.quotas tbody tr').count(), quotaRows);
step('check shows the quota table and that a panel exists');
await shot('check');

await page.click('#steps [data-step="prepare"]');
await page.fill('#p-source', 'dice:8');
await page.click('#run-prepare');
await page.waitForSelector('#announcement:not([hidden])', { timeout: 120000 });
const hash = (await page.textContent('#hash')).trim();
assert.match(hash, /^[0-9a-f]{64}$/);
assert.match(await page.textContent('#procedure'), /8 dice of 6 sides/);
assert.match(await page.textContent('#announced-date'), /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
step(`prepare seals the lottery: ${hash.slice(0, 16)}…`);
await shot('prepare');

await page.click('#steps [data-step="draw"]');
await page.fill('#seed', seed);
await page.click('#run-draw');
await page.waitForSelector('#draw-out .ok, #draw-out pre.error');
assert.match(await page.textContent('#draw-out'), /Ticket \d+ of 1000 drawn/);
assert.equal(await page.locator('#draw-out table.panel tbody tr').count(), 24);
step('draw shows the ticket and the 24 members');
await shot('draw');

// Every result downloaded.
await page.click('#steps [data-step="results"]');
await page.waitForSelector('#file-list a');
const downloads = join(work, 'downloads');
const names = await page.$$eval('#file-list a', (as) => as.map((a) => a.textContent));
assert.ok(names.includes('publish/audit.json') && names.includes('selected.csv'));
for (const name of names) {
  const saved = page.waitForEvent('download');
  await page.click(`#file-list a:text-is("${name}")`);
  const d = await saved;
  mkdirSync(dirname(join(downloads, name)), { recursive: true });
  await d.saveAs(join(downloads, name));
}
const frame = page.frameLocator('#report');
await frame.locator('h1').first().waitFor();
assert.match(await frame.locator('body').textContent(), new RegExp(seed), 'the draw\'s report, with its seed');
step(`${names.length} files downloaded, the report shown in the page`);
await shot('results');

// The command line, from the downloaded commitment, the same inputs and seed, writes the same bytes.
const cli = join(work, 'cli');
execFileSync(binary, [
  'draw', '--quiet', '--commitment', join(downloads, 'publish/commitment.json'),
  '--people', data('people.csv'), '--features', data('features.csv'), '--settings', data('settings.toml'),
  '--seed', seed, '--lang', 'en', '--out', cli,
], { env: { ...process.env, LC_ALL: 'C' } });
const files = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory()
  ? files(join(dir, f)) : [join(dir, f)]));
const written = files(cli).map((f) => relative(cli, f));
assert.ok(written.length >= 10, `the CLI wrote ${written}`);
for (const f of written) {
  assert.ok(existsSync(join(downloads, f)), `${f} was offered for download`);
  assert.ok(readFileSync(join(downloads, f)).equals(readFileSync(join(cli, f))), `${f} is byte for byte the CLI's`);
}
step(`the ${written.length} files the CLI writes are byte for byte the downloads`);

// A long solve shows its progress and stops on Cancel (a generated pool of 2,000 with
// households, some forty seconds of LEXIMIN on this machine), writing nothing.
const makePool = join(dirname(binary), 'examples/make_pool');
const large = join(work, 'large');
execFileSync(makePool, [large, '2000', '100', '7', 'households=0.3']);
await page.click('#steps [data-step="load"]');
await drop('people', join(large, 'people.csv'));
await drop('features', join(large, 'features.csv'));
await drop('settings', join(large, 'settings.toml'));
await page.fill('#panel-size', '100');
await page.click('#steps [data-step="prepare"]');
await page.fill('#p-source', 'dice');
await page.click('#run-prepare');
await until(async () => /groups of volunteers have their chance fixed|panels found/.test(await textOf('#progress-text')), 'progress');
const shownProgress = await textOf('#progress-text');
await page.click('#cancel-prepare');
await until(async () => (await textOf('#prepare-out')).includes('cancelled before it finished'), 'the cancellation');
assert.equal(await page.isVisible('#announcement'), false);
await page.click('#steps [data-step="results"]');
await until(async () => (await textOf('#file-list')).includes('No results yet'), 'no results');
step(`a long prepare shows its progress (${shownProgress}) and stops on Cancel, writing nothing`);

// A workbook: its sheets offered, the one chosen read (results.xlsx has four).
await page.click('#steps [data-step="load"]');
await drop('people', join(downloads, 'results.xlsx'));
assert.equal(await page.isVisible('.drop[data-role="people"] .sheet'), true, 'a sheet picker');
assert.deepEqual(await page.$$eval('.drop[data-role="people"] .sheet option', (os) => os.map((o) => o.value)),
  ['Panel', 'Reserves', 'Seat reserves', 'Quotas']);
await page.selectOption('.drop[data-role="people"] .sheet select', 'Reserves');
await until(async () => (await textOf('.drop[data-role="people"] .dropped')).includes('results.xlsx:Reserves'), 'the sheet');
await drop('people', data('people.csv'));
await drop('features', data('features.csv'));
await drop('settings', data('settings.toml'));
step('a workbook offers its sheets and reads the one chosen');

// Verify: the genuine record with the published hash, then a forged one.
// A volunteer's receipt: their row of receipts.csv, its quoted JSON.
const receiptRow = readFileSync(join(downloads, 'receipts.csv'), 'utf8').split('\n')[1];
const receipt = join(work, 'my-receipt.json');
writeFileSync(receipt, receiptRow.slice(receiptRow.indexOf('"') + 1, -1).replaceAll('""', '"'));
await page.click('#steps [data-step="verify"]');
await page.setInputFiles('#file-audit', join(downloads, 'publish/audit.json'));
await page.setInputFiles('#file-observer', join(downloads, 'observer.json'));
await page.setInputFiles('#file-receipt', receipt);
await until(async () => (await textOf('.drop[data-role="receipt"] .dropped')).includes('my-receipt.json'), 'the receipt');
await page.fill('#published', hash);
await page.click('#run-verify');
await page.waitForSelector('#verify-out p.ok, #verify-out p.error');
assert.match(await page.textContent('#verify-out'), /The record verifies\./);
assert.equal(await page.locator('#verify-out li.failed').count(), 0);
assert.ok(await page.locator('#verify-out li.passed').count() >= 5);
const passed = await page.$$eval('#verify-out li.passed', (ls) => ls.map((l) => l.textContent));
assert.ok(passed.some((l) => /receipt/i.test(l)), `the receipt is checked: ${passed.join(' | ')}`);
assert.ok(passed.some((l) => /observer/i.test(l)), 'the observer record is checked');
await shot('verify');
// The golden record every version must verify, with its published hash and the inputs (the
// fresh draw's receipt removed: it belongs to another commitment).
await page.click('.drop[data-role="receipt"] .remove');
await page.setInputFiles('#file-audit', join(root, 'audits/v2-committed/publish/audit.json'));
await page.setInputFiles('#file-observer', join(root, 'audits/v2-committed/observer.json'));
await page.fill('#published', readFileSync(join(root, 'audits/v2-committed/published.txt'), 'utf8').trim());
await page.click('#run-verify');
await until(async () => /does not verify|The record verifies/.test(await textOf('#verify-out')) && !(await textOf('#verify-out')).includes('Working'), 'the golden record');
assert.match(await textOf('#verify-out'), /The record verifies\./);
await page.fill('#published', hash);
const record = JSON.parse(readFileSync(join(downloads, 'publish/audit.json'), 'utf8'));
const forged = join(work, 'forged.json');
record.ticket = (record.ticket + 1) % 1000;
writeFileSync(forged, JSON.stringify(record));
await page.setInputFiles('#file-audit', forged);
await page.click('#run-verify');
await until(async () => /does not verify|The record verifies/.test(await textOf('#verify-out')) && !(await textOf('#verify-out')).includes('Working'), 'the second verification');
assert.match(await page.textContent('#verify-out'), /The record does not verify\./);
const failedChecks = await page.$$eval('#verify-out li.failed', (ls) => ls.map((l) => l.textContent.trim()));
assert.ok(failedChecks.length >= 1 && failedChecks.every((l) => /^✗ [\w -]+:/.test(l)), `the failed check is named: ${failedChecks}`);
await shot('verify-forged');
step(`a fresh and a golden record verify; a forged one fails at "${failedChecks[0].slice(2, 60)}…"`);

// A 2,500-person pool (the shared instance d), loaded, checked and prepared in the page and on
// the command line: both times printed for the closing note (measured, not asserted).
const d = join(shared, 'instances/d-2500-170');
if (existsSync(d)) {
  await page.click('#steps [data-step="load"]');
  const started = Date.now();
  await drop('people', join(d, 'people.csv'));
  await drop('features', join(d, 'features.csv'));
  await page.click('.drop[data-role="settings"] .remove');
  await page.fill('#panel-size', '170');
  said = await check();
  assert.match(said, /A panel that meets every quota exists/);
  await page.click('#steps [data-step="prepare"]');
  await page.fill('#p-source', 'dice');
  await page.click('#run-prepare');
  await page.waitForSelector('#announcement:not([hidden])', { timeout: 300000 });
  const inPage = (Date.now() - started) / 1000;
  const cliStarted = Date.now();
  const args = ['--people', join(d, 'people.csv'), '--features', join(d, 'features.csv'), '--panel-size', '170'];
  execFileSync(binary, ['check', ...args], { env: { ...process.env, LC_ALL: 'C' } });
  execFileSync(binary, ['prepare', '--quiet', ...args, '--seed-source', 'dice', '--out', join(work, 'd-cli')], { env: { ...process.env, LC_ALL: 'C' } });
  const onCli = (Date.now() - cliStarted) / 1000;
  step(`2,500 volunteers loaded, checked and prepared: ${inPage.toFixed(2)} s in the page, ${onCli.toFixed(2)} s on the command line`);
} else {
  console.log('skip the 2,500-person timing: no shared instances beside the checkout');
}

assert.deepEqual(elsewhere, [], 'no request leaves 127.0.0.1');
assert.deepEqual(pageErrors, [], 'no script error');
step('no request left 127.0.0.1, no script error');

// Closing the last tab ends the app, which removes its folder.
await browser.close();
const code = await Promise.race([ended, new Promise((r) => setTimeout(() => r('still running'), 20000))]);
assert.equal(code, 0, `the app ends when its last tab closes (${stderr})`);
const folder = stderr.match(/temporary folder (\S+) is removed/);
assert.ok(folder && !existsSync(folder[1]), 'its temporary folder is gone');
step('closing the last tab ends the app and removes its folder');

// Ctrl-C ends it as cleanly.
const second = spawn(binary, ['app', '--no-open', '--lang', 'en'], { env: { ...process.env, LC_ALL: 'C' } });
let secondErr = '';
second.stderr.on('data', (d) => { secondErr += d; });
await new Promise((found) => second.stdout.on('data', (d) => { if (/http:\/\/127/.test(String(d))) found(); }));
const secondEnded = new Promise((done) => second.on('exit', (c) => done(c)));
second.kill('SIGINT');
assert.equal(await Promise.race([secondEnded, new Promise((r) => setTimeout(() => r('still running'), 10000))]), 0);
const secondFolder = secondErr.match(/temporary folder (\S+) is removed/);
assert.ok(secondFolder && !existsSync(secondFolder[1]), `Ctrl-C removes the folder (${secondErr})`);
step('Ctrl-C ends the app and removes its folder');

// The selection report in a real browser: Debian's chromium, headless, driven by
// playwright-core (which downloads no browser). For each language it draws on data/, loads
// publish/report.html and checks that the page's numbers are those of selected.csv and
// probabilities.csv, that no request leaves the page, that a screenshot is not blank, and that
// printing to PDF keeps every section. `--screenshots DIR` also saves the screenshots (the
// ones in docs/ come from here).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary =
  process.env.KLEROTERION ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'release/kleroterion');
const shotsAt = process.argv.indexOf('--screenshots');
const shots = shotsAt > 0 ? resolve(process.argv[shotsAt + 1]) : null;
const features = ['gender', 'age', 'area', 'education', 'housing'];

/** Rows of a CSV file without quoted commas (the example's files have none). */
function csv(path) {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}

/** A chance as the report writes it in `lang`, two decimals. */
function percent(p, lang) {
  const text = (100 * p).toFixed(2);
  return lang === 'en' ? `${text}%` : `${text.replace('.', ',')}\u00a0%`;
}

const work = mkdtempSync(join(tmpdir(), 'kleroterion-report-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
  ],
});
let failures = 0;
try {
  for (const lang of ['en', 'fr', 'es']) {
    const out = join(work, lang);
    execFileSync(binary, [
      'draw', '--quiet', '--people', join(root, 'data/people.csv'),
      '--features', join(root, 'data/features.csv'), '--settings', join(root, 'data/settings.toml'),
      '--panel-size', '24', '--seed', 'example 1', '--lang', lang,
      '--title', 'Citizens\u2019 assembly on climate', '--out', out,
      ...(lang === 'en' ? ['--pdf'] : []),
    ]);
    if (lang === 'en') {
      // draw --pdf prints through the same chromium (found on the PATH).
      const printed = readFileSync(join(out, 'publish/report.pdf'));
      assert.equal(printed.subarray(0, 5).toString(), '%PDF-', 'draw --pdf writes a PDF');
    }
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    const url = pathToFileURL(join(out, 'publish/report.html')).href;
    await page.goto(url);
    try {
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      // Seats per value: those of selected.csv.
      const selected = csv(join(out, 'selected.csv'));
      for (const feature of features) {
        const cells = await page.$$eval(`table[data-feature="${feature}"] tbody tr`, (rows) =>
          rows.map((r) => [r.dataset.value, r.cells[3].textContent.trim()]));
        assert.ok(cells.length > 1, `${lang}: a row per value of ${feature}`);
        for (const [value, shown] of cells) {
          const seats = selected.filter((p) => p[feature] === value).length;
          assert.equal(shown, String(seats), `${lang}: seats of ${feature} ${value}`);
        }
      }
      assert.equal(await page.textContent('[data-key="seats"]'), String(selected.length));
      // Chances: those of probabilities.csv.
      const chances = csv(join(out, 'probabilities.csv')).map((r) => Number(r.probability));
      assert.equal((await page.textContent('[data-key="candidates"]')).trim(), String(chances.length));
      assert.equal(await page.textContent('[data-key="smallest"]'), percent(Math.min(...chances), lang));
      assert.equal(await page.textContent('[data-key="largest"]'), percent(Math.max(...chances), lang));
      const audit = JSON.parse(readFileSync(join(out, 'publish/audit.json'), 'utf8'));
      assert.equal(await page.textContent('[data-key="commitment"]'), audit.commitment.commitment_hash);
      assert.equal(await page.textContent('[data-key="seed"]'), audit.seed);
      // Nothing leaves the page.
      assert.deepEqual(requests, [], `${lang}: requests ${requests}`);
      // The screenshot is not blank: many colours in it.
      const png = await page.screenshot({ fullPage: true });
      // (Decoded on a blank page: the report's own policy forbids even data: images.)
      const blank = await context.newPage();
      const colours = await blank.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [img.width, img.height];
        const g = canvas.getContext('2d');
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, img.width, img.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return { distinct: seen.size, height: img.height };
      }, png.toString('base64'));
      await blank.close();
      assert.ok(colours.distinct > 20 && colours.height > 1500, `${lang}: blank? ${JSON.stringify(colours)}`);
      if (shots) {
        await page.setViewportSize({ width: 900, height: 1300 });
        writeFileSync(join(shots, `report-${lang}.png`), await page.screenshot());
      }
      // Printed to A4: every section shown, on more than one page.
      await page.emulateMedia({ media: 'print' });
      const sections = await page.$$eval('section', (all) =>
        all.filter((s) => s.getBoundingClientRect().height > 0).map((s) => s.id));
      assert.deepEqual(sections, ['summary', 'representation', 'fairness', 'intersections', 'draw', 'reserves']);
      // Each intersection table seats the panel: its cells' seats add up to selected.csv's.
      const seated = await page.$$eval('table[data-intersection]', (tables) =>
        tables.map((t) => [...t.querySelectorAll('td[data-seats]')]
          .reduce((sum, td) => sum + Number(td.dataset.seats), 0)));
      assert.ok(seated.length > 0 && seated.every((n) => n === selected.length), `${seated}`);
      const pdf = await page.pdf({ format: 'A4' });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 2 && pages <= 8, `${lang}: ${pages} PDF pages`);
      console.log(`ok ${lang}: ${selected.length} seats, ${chances.length} chances, no request, ${colours.distinct} colours, ${pages} A4 pages`);
    } catch (e) {
      failures += 1;
      console.error(`FAILED ${lang}: ${e.message}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);

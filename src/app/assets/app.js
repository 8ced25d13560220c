// kleroterion app: the page's behaviour. Plain JavaScript, no framework, no build step:
// every step sends the dropped files' choices to the program on this computer, which runs
// the command of the same name and answers with what it found.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
let texts = {};
let lang = 'en';
let columns = [];
let events = null;

/** The catalogue's sentence `id`, with `{ name }` placeholders filled from `args`. */
function t(id, args = {}) {
  const text = texts[id];
  if (text === undefined) return id;
  return text.replace(/\{\s*\$?(\w+)\s*\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function loadLanguage(code) {
  const r = await fetch(code ? `api/messages?lang=${encodeURIComponent(code)}` : 'api/messages');
  const body = await r.json();
  texts = body.messages;
  lang = body.lang;
  document.documentElement.lang = lang;
  $('#lang').value = lang;
  for (const e of $$('[data-t]')) {
    if (texts[e.dataset.t] !== undefined) e.textContent = texts[e.dataset.t];
  }
  $('#report').title = t('app-report');
}

function show(step) {
  for (const s of $$('main > section')) s.hidden = s.id !== step;
  for (const b of $$('#steps button')) {
    if (b.dataset.step === step) b.setAttribute('aria-current', 'step');
    else b.removeAttribute('aria-current');
  }
  const h = $(`#${step} h2`);
  h.tabIndex = -1;
  h.focus();
  if (step === 'results') showResults();
}

async function api(method, path, body, raw = false) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    if (raw) init.body = body;
    else {
      init.body = JSON.stringify(body);
      init.headers['content-type'] = 'application/json';
    }
  }
  const r = await fetch(`api/${path}`, init);
  const answer = await r.json().catch(() => ({ error: { message: `${r.status} ${r.statusText}` } }));
  return answer;
}

/** What every step sends: the seats, the language, the title. */
function options(extra = {}) {
  return Object.assign({
    panel_size: Number($('#panel-size').value) || 0,
    lang,
    title: $('#title').value,
  }, extra);
}

/** The command's error, its notes and warnings, as the command line shows them. */
function said(answer) {
  const box = el('div');
  const notes = (answer.lines || []).filter((l) => l.stream === 'err');
  if (notes.length) {
    const ul = el('ul', { class: 'notes' });
    for (const n of notes) ul.append(el('li', { text: n.text }));
    box.append(ul);
  }
  if (answer.error) {
    box.append(el('pre', { class: 'error', role: 'alert', text: answer.error.message }));
  }
  return box;
}

function download(path, label) {
  return el('a', { href: `api/download/${path}`, download: '', text: label });
}

// ---- Load ----

async function dropFile(zone, file) {
  const role = zone.dataset.role;
  const bytes = await file.arrayBuffer();
  const answer = await api('PUT', `file/${role}?name=${encodeURIComponent(file.name)}`, bytes, true);
  const out = $('.dropped', zone);
  if (answer.error) {
    out.replaceChildren(said(answer));
    return;
  }
  out.textContent = t('app-dropped', { file: answer.file });
  const remove = $('.remove', zone);
  if (remove) remove.hidden = false;
  const sheet = $('.sheet', zone);
  if (sheet) {
    sheet.hidden = answer.sheets.length < 2;
    const select = $('select', sheet);
    select.replaceChildren(...answer.sheets.map((s) => el('option', { value: s, text: s })));
  }
  if (role === 'people') setColumns(answer.columns);
}

async function chooseSheet(zone, sheet) {
  const answer = await api('POST', `sheet/${zone.dataset.role}`, { sheet });
  if (!answer.error) {
    $('.dropped', zone).textContent = t('app-dropped', { file: answer.file });
    if (zone.dataset.role === 'people') setColumns(answer.columns);
  }
}

function setColumns(cols) {
  columns = cols;
  const id = $('#s-id');
  id.replaceChildren(...cols.map((c) => el('option', { value: c, text: c })));
  const guess = cols.find((c) => /^(id|nationbuilder_id|identifier)$/i.test(c));
  if (guess) id.value = guess;
  for (const [box, pick] of [['#s-keep', /name|mail|phone/i], ['#s-household', /address|postcode|zip/i]]) {
    const list = $(box);
    list.replaceChildren(...cols.map((c, i) => {
      const input = el('input', { type: 'checkbox', value: c, id: `${box.slice(1)}-${i}` });
      input.checked = pick.test(c);
      return el('label', { for: input.id }, input, ` ${c}`);
    }));
  }
}

function toml(value) {
  return JSON.stringify(value);
}

async function useSettings() {
  const keep = $$('#s-keep input:checked').map((i) => i.value);
  const household = $$('#s-household input:checked').map((i) => i.value);
  const lines = [
    '# Settings made in the kleroterion app.',
    `id_column = ${toml($('#s-id').value)}`,
    `columns_to_keep = [${keep.map(toml).join(', ')}]`,
    `check_same_address = ${household.length > 0}`,
    `check_same_address_columns = [${household.map(toml).join(', ')}]`,
    `selection_algorithm = ${toml($('#s-algorithm').value)}`,
  ];
  const answer = await api('PUT', 'file/settings?name=settings.toml', lines.join('\n') + '\n', true);
  const zone = $('.drop[data-role="settings"]');
  $('.dropped', zone).textContent = answer.error ? answer.error.message : t('app-dropped', { file: answer.file });
  $('.remove', zone).hidden = Boolean(answer.error);
  $('#s-done').textContent = answer.error ? '' : t('app-settings-used');
}

// ---- Check ----

function quotaTable(rows) {
  const panel = rows.some((r) => r.panel !== null && r.panel !== undefined);
  const head = ['app-col-feature', 'app-col-value', 'app-col-min', 'app-col-max', 'app-col-pool'];
  if (panel) head.push('app-col-panel');
  const table = el('table', { class: 'quotas' });
  table.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: t(h) })))));
  const body = el('tbody');
  for (const r of rows) {
    const cells = [r.feature, r.value, r.min, r.max, r.pool];
    if (panel) cells.push(r.panel);
    const tr = el('tr', {}, ...cells.map((c) => el('td', { text: String(c) })));
    if (r.pool < r.min) tr.className = 'short';
    body.append(tr);
  }
  table.append(body);
  return table;
}

async function runCheck() {
  const out = $('#check-out');
  out.replaceChildren(el('p', { text: t('app-working') }));
  const answer = await api('POST', 'check', options());
  const parts = [];
  if (answer.table) parts.push(quotaTable(answer.table));
  if (answer.verdict) {
    if (answer.verdict.feasible) {
      parts.push(el('p', { class: 'ok', text: t('app-feasible', { candidates: answer.verdict.candidates }) }));
    } else {
      parts.push(el('pre', { class: 'error', role: 'alert', text: answer.verdict.error.message }));
    }
  }
  parts.push(said(answer));
  if (answer.relaxed) parts.push(relaxation(answer.relaxed));
  if (answer.report) {
    parts.push(el('p', {}, el('a', { href: `api/view/${answer.report}`, target: '_blank', text: t('app-check-report') })));
  }
  if (answer.verdict && answer.verdict.feasible) {
    const next = el('button', { type: 'button', class: 'next', text: t('app-next-prepare') });
    next.addEventListener('click', () => show('prepare'));
    parts.push(next);
  }
  out.replaceChildren(...parts);
}

/** The cheapest change to the quotas, with a button to use it (and keep a copy). */
function relaxation(file) {
  const box = el('div', { class: 'relaxation' });
  box.append(el('p', { text: t('app-relaxation') }));
  const accept = el('button', { type: 'button', text: t('app-accept-relaxation') });
  accept.addEventListener('click', async () => {
    const answer = await api('POST', 'accept-relaxation', { file });
    if (answer.error) {
      box.append(said(answer));
      return;
    }
    $('.drop[data-role="features"] .dropped').textContent = t('app-dropped', { file: answer.file });
    download(file, 'features.relaxed.csv').click();
    runCheck();
  });
  box.append(accept, ' ', download(file, t('app-download-relaxation')));
  return box;
}

// ---- Prepare ----

function follow() {
  if (events) return;
  events = new EventSource('api/events');
  events.onmessage = (m) => progress(JSON.parse(m.data));
}

function progress(s) {
  const running = s.state === 'running';
  $('#progress').hidden = !running;
  $('#cancel-prepare').hidden = !running;
  $('#run-prepare').disabled = running;
  if (!running) $('#cancel-prepare').disabled = false;
  if (running) {
    const bar = $('#progress-bar');
    if (s.phase === 'stages' && s.groups > 0) {
      bar.max = s.groups;
      bar.value = Math.min(s.fixed, s.groups - 1);
      $('#progress-text').textContent = t('app-progress-stages', { stage: s.stage, fixed: s.fixed, groups: s.groups, seconds: s.seconds });
    } else if (s.phase === 'panels') {
      bar.removeAttribute('value');
      $('#progress-text').textContent = t('app-progress-panels', { stages: s.stage, panels: s.panels, seconds: s.seconds });
    } else {
      bar.removeAttribute('value');
      $('#progress-text').textContent = t('app-working');
    }
    return;
  }
  if (s.step !== 'prepare' || !s.result) return;
  const out = $('#prepare-out');
  const r = s.result;
  if (s.state === 'done') {
    out.replaceChildren(el('p', { class: 'ok', text: t('app-prepared') }), said(r));
    $('#hash').textContent = r.hash;
    $('#procedure').textContent = r.procedure;
    // The draw step reminds the form the seed must take.
    $('#draw-procedure span:last-child').textContent = r.procedure;
    $('#draw-procedure').hidden = false;
    $('#announced-date').textContent = r.date;
    $('#announcement').hidden = false;
  } else {
    const parts = [el('p', { text: s.state === 'cancelled' ? t('app-cancelled') : '' }), said(r)];
    if (r.relaxed) parts.push(relaxation(r.relaxed));
    out.replaceChildren(...parts);
    $('#announcement').hidden = true;
  }
}

async function runPrepare() {
  $('#prepare-out').replaceChildren();
  $('#announcement').hidden = true;
  follow();
  const answer = await api('POST', 'prepare', options({
    algorithm: $('#p-algorithm').value,
    seed_source: $('#p-source').value,
  }));
  if (answer.error) $('#prepare-out').replaceChildren(said(answer));
}

// ---- Draw ----

async function runDraw() {
  const out = $('#draw-out');
  out.replaceChildren(el('p', { text: t('app-working') }));
  const answer = await api('POST', 'draw', options({ seed: $('#seed').value, internal: $('#internal').checked }));
  if (answer.error) {
    out.replaceChildren(said(answer));
    return;
  }
  const parts = [el('p', { class: 'ok', text: t('app-drawn', { ticket: answer.ticket, tickets: answer.tickets }) }), said(answer)];
  if (answer.panel && answer.panel.length) {
    const [head, ...rows] = answer.panel;
    const table = el('table', { class: 'panel' });
    table.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))));
    table.append(el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { text: c }))))));
    parts.push(el('h3', { text: t('app-panel') }), table);
  }
  const next = el('button', { type: 'button', class: 'next', text: t('app-next-results') });
  next.addEventListener('click', () => show('results'));
  parts.push(next);
  out.replaceChildren(...parts);
}

// ---- Results ----

async function showResults() {
  const answer = await api('GET', 'files');
  const list = $('#file-list');
  list.replaceChildren(...answer.files.map((f) => {
    const li = el('li', {}, download(f.path, f.name));
    li.append(' ', el('span', { class: f.private ? 'private' : 'public', text: f.private ? t('app-private') : t('app-public') }));
    return li;
  }));
  if (!answer.files.length) list.append(el('li', { text: t('app-no-results') }));
  // The draw's report once drawn, else the commitment's.
  const report = answer.files.find((f) => f.name === 'publish/report.html')
    || answer.files.find((f) => f.name === 'publish/commitment-report.html');
  const frame = $('#report');
  frame.hidden = !report;
  if (report) frame.src = `api/view/${report.path}`;
}

// ---- Verify ----

async function runVerify() {
  const out = $('#verify-out');
  out.replaceChildren(el('p', { text: t('app-working') }));
  const answer = await api('POST', 'verify', options({ published: $('#published').value }));
  const list = el('ul', { class: 'checks-run' });
  out.replaceChildren(list);
  for (const c of answer.checks || []) {
    const mark = { passed: '✓', failed: '✗', skipped: '–' }[c.outcome];
    list.append(el('li', { class: c.outcome }, el('span', { class: 'mark', 'aria-label': t(`app-check-${c.outcome}`), text: mark }), ` ${c.name}: ${c.text}`));
    await new Promise((r) => setTimeout(r, 30));
  }
  const failed = (answer.checks || []).some((c) => c.outcome === 'failed');
  out.append(el('p', { class: failed || answer.error ? 'error' : 'ok', role: failed ? 'alert' : 'status', text: failed || answer.error ? t('app-verify-failed') : t('app-verify-ok') }));
  out.append(said(answer));
  if (answer.report) out.append(el('p', {}, el('a', { href: `api/view/${answer.report}`, target: '_blank', text: t('app-verify-report') })));
}

// ---- Wiring ----

function wire() {
  for (const b of $$('#steps button')) b.addEventListener('click', () => show(b.dataset.step));
  for (const b of $$('[data-goto]')) b.addEventListener('click', () => show(b.dataset.goto));
  for (const zone of $$('.drop')) {
    const input = $('input[type=file]', zone);
    input.addEventListener('change', async () => {
      if (!input.files[0]) return;
      await dropFile(zone, input.files[0]);
      // The same file chosen again (corrected and saved under its name) is read again.
      input.value = '';
    });
    zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      if (e.dataTransfer.files[0]) dropFile(zone, e.dataTransfer.files[0]);
    });
    const sheet = $('.sheet select', zone);
    if (sheet) sheet.addEventListener('change', () => chooseSheet(zone, sheet.value));
    const remove = $('.remove', zone);
    if (remove) {
      remove.addEventListener('click', async () => {
        await api('DELETE', `file/${zone.dataset.role}`);
        $('.dropped', zone).textContent = '';
        remove.hidden = true;
        input.focus();
      });
    }
  }
  $('#lang').addEventListener('change', () => loadLanguage($('#lang').value));
  $('#s-use').addEventListener('click', useSettings);
  $('#run-check').addEventListener('click', runCheck);
  $('#run-prepare').addEventListener('click', runPrepare);
  $('#cancel-prepare').addEventListener('click', async () => {
    // The solve stops at its next step, which can take a few seconds on a large pool.
    $('#cancel-prepare').disabled = true;
    $('#prepare-out').replaceChildren(el('p', { text: t('app-cancelling') }));
    await api('POST', 'cancel', {});
  });
  $('#copy-hash').addEventListener('click', () => navigator.clipboard.writeText($('#hash').textContent));
  $('#print-announcement').addEventListener('click', () => {
    document.body.classList.add('print-announcement');
    window.print();
    document.body.classList.remove('print-announcement');
  });
  $('#run-draw').addEventListener('click', runDraw);
  $('#run-verify').addEventListener('click', runVerify);
}

document.addEventListener('DOMContentLoaded', async () => {
  wire();
  await loadLanguage(null);
  // The event stream is the page's hold on the program: it ends when the last page closes.
  follow();
  show('load');
});

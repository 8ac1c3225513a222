// NeuroLab console: a small single-page app over the REST API. No markup is ever built from data: every value
// goes into the page through textContent (el() below), so a stored name like <script> stays text.
'use strict';

const state = { me: null, csrf: null, cleanup: [] };

// ---- helpers -------------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body, raw) {
  const headers = {};
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  let payload;
  if (raw) { payload = body; headers['Content-Type'] = 'application/java-archive'; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  busy(+1);
  try {
    const r = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
    if (!r.ok) {
      if (r.status === 401 && path !== '/api/session') showLogin();
      throw new ApiError(r.status, (data && data.error) || ('HTTP ' + r.status));
    }
    // 202: accepted but not done (a two-person change waiting for its second person, an upload being installed)
    if (r.status === 202 && data && typeof data === 'object') Object.defineProperty(data, 'accepted', { value: true });
    return data;
  } finally { busy(-1); }
}

// a busy indicator for anything that takes longer than a blink (shown after 250 ms, so quick calls do not flicker)
let inFlight = 0, busyTimer = null;
function busy(delta) {
  inFlight += delta;
  if (inFlight > 0 && !busyTimer) busyTimer = setTimeout(() => { $('busy').hidden = inFlight === 0; }, 250);
  if (inFlight === 0) { clearTimeout(busyTimer); busyTimer = null; $('busy').hidden = true; }
}

/** Runs a button's action with the button disabled, so a slow call is not sent twice. */
function action(button, fn) {
  return async (ev) => {
    if (ev) ev.preventDefault();
    button.disabled = true;
    try { await fn(); } finally { button.disabled = false; }
  };
}

/** A labelled field: the label text, the control, and an optional hint under it. */
function field(text, control, hint) {
  return el('label', {}, text, control, hint ? el('div', { class: 'hint' }, hint) : null);
}

function say(box, text, kind) { box.textContent = text; box.className = kind || 'ok'; }

/** Human-readable time in this browser's zone, with the ISO instant as a tooltip. */
function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return el('time', { datetime: d.toISOString(), title: d.toISOString() }, d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }));
}

function bytes(n) {
  if (n === undefined || n === null) return '?';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return n.toFixed(i ? 1 : 0) + ' ' + u[i];
}

// ---- health banner: on every page, from GET /api/health ------------------------------------------------------

async function refreshHealth() {
  if (!state.me) return;
  const box = $('health');
  try {
    const h = await api('GET', '/api/health');
    box.className = 'health ' + h.status;
    const parts = [el('span', { id: 'health-status' }, h.status === 'ok' ? 'Lab OK' : h.status === 'refusing' ? 'COMMANDS REFUSED' : 'Needs attention')];
    // development mode is never quiet: unsigned code may be running in the lab
    if (h.devMode) parts.unshift(el('strong', { id: 'health-devmode', class: 'devmode' }, 'DEVELOPMENT MODE: unsigned bundles accepted'));
    parts.push(el('span', { id: 'health-guards' }, h.missingGuards.length ? 'missing guards: ' + h.missingGuards.join(', ') : 'all required guards running'));
    if (h.disk) parts.push(el('span', { id: 'health-disk' }, 'disk free in the lab home: ' + (h.disk.freeBytes !== undefined ? bytes(h.disk.freeBytes) : h.disk.error || '?')
      + (h.disk.low ? ' (low)' : '')));
    // an overrun: the arrays whose data is behind lab time, one short line each (control's data health)
    const behind = (h.dataHealth || []).filter(d => d.behind);
    parts.push(el('span', { id: 'health-overrun' }, 'overrun: ' + (behind.length ? behind.length + ' of ' + h.dataHealth.length + ' arrays behind'
      : (h.dataHealth || []).length ? 'none, every array keeps up' : 'none reported (no array connected)')));
    for (const d of behind) parts.push(el('span', { class: 'health-array', 'data-mea': d.meaId }, d.summary));
    const down = Object.entries(h.services || {}).filter(([, up]) => !up).map(([s]) => s);
    if (down.length) parts.push(el('span', { id: 'health-services' }, 'not running: ' + down.join(', ')));
    for (const w of h.warnings || []) if (!w.startsWith('required guards') && !w.startsWith('DEVELOPMENT MODE') && !w.startsWith('data behind')) parts.push(el('span', { class: 'health-warning' }, w));
    box.replaceChildren(...parts);
    box.hidden = false;
  } catch (e) {
    if (e.status === 401) return;
    box.className = 'health warning'; box.replaceChildren(el('span', {}, 'health unknown: ' + e.message)); box.hidden = false;
  }
}
setInterval(refreshHealth, 10000);

function fmtTime(iso) { return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : ''; }
function pill(text) { return el('span', { class: 'pill ' + text }, text); }
function errorBox(e) { return el('p', { class: 'error' }, e.message || String(e)); }
function has(role) { return state.me && state.me.roles.includes(role); }
function hasAny(...roles) { return roles.some(has); }

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map(c => el('td', {}, c))))));
}

// ---- login ---------------------------------------------------------------------------------------------------

function showLogin() {
  state.me = null; state.csrf = null;
  $('nav').hidden = true; $('logout').hidden = true; $('who').textContent = ''; $('health').hidden = true;
  $('page').replaceChildren();
  $('login').hidden = false;
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    const me = await api('POST', '/api/session', { user: $('login-user').value, password: $('login-password').value });
    $('login-password').value = '';
    loggedIn(me);
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

$('logout').addEventListener('click', async () => {
  try { await api('DELETE', '/api/session'); } catch (e) { /* logged out anyway */ }
  showLogin();
});

function loggedIn(me) {
  state.me = me; state.csrf = me.csrfToken;
  $('login').hidden = true; $('logout').hidden = false;
  if (me.mustChangePassword) { choosePassword(me); return; }
  $('nav').hidden = false;
  // the navigation shows what this account may use; the API refuses the rest whatever the page shows
  for (const a of document.querySelectorAll('nav a')) {
    const roles = (a.dataset.roles || '').split(' ').filter(Boolean);
    a.hidden = roles.length > 0 && !hasAny(...roles);
  }
  $('who').textContent = me.user + ' (' + me.roles.join(', ') + ')';
  if (!location.hash || location.hash === '#/') location.hash = '#/dashboard'; else route();
}

/**
 * An admin set this account's password as a temporary one: nothing else until the holder has chosen their own (the API
 * refuses everything else too), so whoever set it does not go on knowing it.
 */
function choosePassword(me) {
  $('nav').hidden = true; $('health').hidden = true;
  $('who').textContent = me.user + ' (' + me.roles.join(', ') + ')';
  const current = el('input', { id: 'first-current', type: 'password', autocomplete: 'current-password' });
  const next = el('input', { id: 'first-new', type: 'password', autocomplete: 'new-password' });
  const again = el('input', { id: 'first-again', type: 'password', autocomplete: 'new-password' });
  const msg = el('p', { id: 'first-status' });
  const save = el('button', { id: 'first-save' }, 'Choose my password');
  save.onclick = action(save, async () => {
    if (next.value !== again.value) { say(msg, 'the new password and its repetition differ', 'error'); return; }
    try {
      await api('PUT', '/api/session/password', { current: current.value, password: next.value });
      say(msg, 'your password is set; log in with it'); setTimeout(showLogin, 1200);
    } catch (e) { say(msg, e.message, 'error'); }
  });
  $('page').replaceChildren(el('div', { class: 'card narrow', id: 'page-first-password' }, el('h1', {}, 'Choose your password'),
    el('p', {}, 'An admin set your password as a temporary one. Choose your own before you go on: then only you know it.'),
    field('Temporary password', current), field('New password', next, 'at least 12 characters, not a common password; a phrase of unrelated words works well'),
    field('New password again', again), save, msg));
}

// ---- routing -------------------------------------------------------------------------------------------------

const pages = {};

function refused(needs) {
  return el('div', { class: 'card refused', id: 'refused' },
    el('h1', {}, 'Not allowed'),
    el('p', {}, 'This page needs ' + needs + '. You are logged in as ' + state.me.user + ' with ' + state.me.roles.join(', ') + '.'));
}

async function route() {
  if (!state.me) return;
  for (const f of state.cleanup.splice(0)) { try { f(); } catch (e) { /* closing anyway */ } }
  const hash = location.hash.replace(/^#\//, '') || 'dashboard';
  const [name, ...rest] = hash.split('/');
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === name);
  refreshHealth();
  const page = pages[name] || pages.dashboard;
  const root = el('div', { id: 'page-' + (pages[name] ? name : 'dashboard') });
  $('page').replaceChildren(root);
  try {
    await page(root, rest.map(decodeURIComponent).join('/'));
  } catch (e) {
    root.appendChild(e.status === 403 ? refused('another role (' + e.message + ')') : errorBox(e));
  }
}
window.addEventListener('hashchange', route);

// ---- dashboard -----------------------------------------------------------------------------------------------

pages.dashboard = async (root) => {
  root.appendChild(el('h1', {}, 'Dashboard'));
  const [rigs, organoids, holds, runs, health] = await Promise.all([api('GET', '/api/rigs'), api('GET', '/api/organoids'),
    api('GET', '/api/ethics/holds').catch(() => ({})), api('GET', '/api/experiments/runs?limit=200').catch(() => []),
    api('GET', '/api/health').catch(() => ({ dataHealth: [] }))]);
  const devices = rigs.rigs.flatMap(r => r.devices);
  const active = organoids.filter(o => o.state === 'ACTIVE').length;
  const alarms = rigs.missingRequiredGuards.length;
  const tile = (n, what, alarm) => el('div', { class: 'tile' + (alarm ? ' alarm' : '') }, el('div', { class: 'n' }, String(n)), el('div', { class: 'what' }, what));
  root.appendChild(el('div', { class: 'tiles', id: 'tiles' },
    tile(rigs.rigs.length, 'rigs'), tile(devices.filter(d => d.kind === 'MEA').length, 'MEAs'), tile(active, 'cultures active'),
    tile(Object.keys(holds).length, 'cultures on hold', Object.keys(holds).length > 0),
    tile(runs.filter(r => r.state === 'RUNNING' || r.state === 'QUEUED').length, 'runs going'), tile(alarms, 'alarms', alarms > 0)));
  if (alarms)
    root.appendChild(el('div', { class: 'card bad', id: 'alarm' }, 'Alarm: commands are refused, required guards missing: ' + rigs.missingRequiredGuards.join(', ')));
  const late = (health.dataHealth || []).filter(d => d.behind);
  if (late.length)
    root.appendChild(el('div', { class: 'card bad', id: 'data-behind' }, el('h2', {}, 'Data behind (overrun)'),
      ...late.map(d => el('p', { 'data-mea': d.meaId }, d.summary + (d.gaps ? ' — ' + d.gaps + ' gaps so far' + (d.lastGap ? ', last: ' + d.lastGap : '') : '')))));
  for (const rig of rigs.rigs) {
    root.appendChild(el('div', { class: 'card rig' }, el('h2', {}, 'Rig ' + rig.rigId),
      table(['Device', 'Kind', 'Vendor and model', 'Firmware'], rig.devices.map(d => [
        d.kind === 'MEA' ? el('a', { href: '#/live/' + d.deviceId }, d.deviceId) : d.deviceId, d.kind, d.vendor + ' ' + d.model, d.firmwareVersion]))));
  }
  const tele = el('div', { class: 'card', id: 'telemetry' }, el('h2', {}, 'Incubator telemetry'));
  root.appendChild(tele);
  for (const s of devices.filter(d => d.kind === 'ENVIRONMENT_SENSOR')) {
    try {
      const readings = await api('GET', '/api/telemetry/' + s.deviceId + '?seconds=3600');
      const last = readings[readings.length - 1];
      tele.appendChild(el('p', {}, s.deviceId + ': ', last ? (last.temperatureCelsius.toFixed(1) + ' °C, ' + last.co2Percent.toFixed(1) + ' % CO₂, '
        + last.humidityPercent.toFixed(0) + ' % RH (' + readings.length + ' readings in the last hour)') : el('span', { class: 'muted' }, 'no readings recorded yet')));
    } catch (e) { tele.appendChild(errorBox(e)); }
  }
  root.appendChild(el('div', { class: 'card' }, el('h2', {}, 'Cultures'),
    table(['Culture', 'MEA', 'Electrodes', 'Cell line', 'Consent', 'State'], organoids.map(o => [o.id,
      el('a', { href: '#/live/' + o.meaId }, o.meaId), o.electrodes.join(' '), o.provenance.cellLine, o.provenance.donorConsentRef,
      el('span', {}, pill(o.state), o.holdReason ? ' ' + o.holdReason : '')]))));
};

// ---- live MEA view: raster, rate plot, electrode layout from the SSE stream --------------------------------

const WINDOW_MICROS = 10_000_000, BIN_MICROS = 100_000;

pages.live = async (root, meaId) => {
  meaId = meaId || 'sim/mea0';
  const layout = await api('GET', '/api/meas/' + meaId);
  const rigs = await api('GET', '/api/rigs');
  const meas = rigs.rigs.flatMap(r => r.devices).filter(d => d.kind === 'MEA').map(d => d.deviceId);
  const pick = el('select', { id: 'mea-pick', onchange: (e) => { location.hash = '#/live/' + e.target.value; } },
    meas.map(m => el('option', { value: m, selected: m === meaId }, m)));
  const status = el('span', { id: 'live-status', class: 'muted' }, 'connecting…');
  const count = el('span', { id: 'spike-count' }, '0');
  const raster = el('canvas', { id: 'raster', width: 900, height: 320 });
  const rate = el('canvas', { id: 'rate', width: 900, height: 160 });
  const grid = el('canvas', { id: 'layout', width: 320, height: 320 });
  root.append(el('h1', {}, 'Live: ', meaId), el('div', { class: 'card' }, el('label', { class: 'inline' }, 'Array ', pick), ' · spikes received: ', count, ' · ', status),
    el('div', { class: 'row' }, el('div', {}, el('h2', {}, 'Spike raster: electrode by time, last 10 s'), raster, el('h2', {}, 'Firing rate: spikes per 100 ms bin, all electrodes'), rate),
      el('div', {}, el('h2', {}, 'Electrode layout to scale (colour: recent spikes)'), grid)));

  const n = layout.electrodes.length;
  const spikes = []; // [timeMicros, electrode]
  const recent = new Float64Array(n);
  let latest = 0, total = 0, dropped = 0;
  const source = new EventSource('/api/live/' + meaId);
  state.cleanup.push(() => source.close());
  source.addEventListener('hello', () => { status.textContent = 'streaming'; });
  source.addEventListener('heartbeat', (ev) => { dropped = JSON.parse(ev.data).dropped; });
  source.addEventListener('spikes', (ev) => {
    const b = JSON.parse(ev.data);
    dropped = b.dropped;
    for (let i = 0; i < b.electrodes.length; i++) {
      spikes.push([b.timesMicros[i], b.electrodes[i]]);
      recent[b.electrodes[i]] += 1;
      latest = Math.max(latest, b.timesMicros[i]);
    }
    total += b.electrodes.length;
    count.textContent = String(total);
    status.textContent = 'streaming' + (dropped ? ' (' + dropped + ' batches dropped: this browser was too slow)' : '');
  });
  source.onerror = () => { status.textContent = 'reconnecting…'; };

  let frame = 0;
  const draw = () => {
    const cutoff = latest - WINDOW_MICROS;
    while (spikes.length && spikes[0][0] < cutoff) spikes.shift();
    drawRaster(raster, spikes, n, latest);
    drawRate(rate, spikes, latest);
    for (let i = 0; i < n; i++) recent[i] *= 0.9;
    drawLayout(grid, layout, recent);
    frame = requestAnimationFrame(draw);
  };
  frame = requestAnimationFrame(draw);
  state.cleanup.push(() => cancelAnimationFrame(frame));
};

function axes(ctx, w, h, label) {
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = '#2b3744'; ctx.strokeRect(40.5, 5.5, w - 46, h - 25);
  ctx.fillStyle = '#8a99a8'; ctx.font = '11px sans-serif';
  ctx.fillText(label, 44, h - 6);
}

/** Ticks every second of the last 10 s: −10 s at the left, 'now' at the right. */
function timeTicks(ctx, w, h) {
  const plotW = w - 46;
  ctx.fillStyle = '#8a99a8'; ctx.strokeStyle = '#2b3744'; ctx.textAlign = 'center';
  for (let s = 0; s <= WINDOW_MICROS / 1e6; s++) {
    const x = 40 + plotW * (1 - s / (WINDOW_MICROS / 1e6));
    ctx.beginPath(); ctx.moveTo(x + 0.5, h - 20); ctx.lineTo(x + 0.5, h - 16); ctx.stroke();
    if (s % 2 === 0) ctx.fillText(s === 0 ? 'now' : '−' + s + ' s', x, h - 6);
  }
  ctx.textAlign = 'start';
}

function drawRaster(c, spikes, n, latest) {
  const ctx = c.getContext('2d'), w = c.width, h = c.height;
  axes(ctx, w, h, '');
  timeTicks(ctx, w, h);
  ctx.save(); ctx.translate(11, h / 2); ctx.rotate(-Math.PI / 2); ctx.fillStyle = '#8a99a8'; ctx.textAlign = 'center'; ctx.fillText('electrode', 0, 0); ctx.restore();
  ctx.fillStyle = '#4fb3ff';
  const plotW = w - 46, plotH = h - 25;
  for (const [t, e] of spikes) {
    const x = 40 + plotW * (1 - (latest - t) / WINDOW_MICROS);
    const y = 5 + plotH * (e + 0.5) / n;
    ctx.fillRect(x, y - 2, 1.5, 4);
  }
  ctx.fillStyle = '#8a99a8';
  ctx.fillText('0', 28, 16); ctx.fillText(String(n - 1), 18, h - 22);
}

function drawRate(c, spikes, latest) {
  const ctx = c.getContext('2d'), w = c.width, h = c.height;
  axes(ctx, w, h, '');
  timeTicks(ctx, w, h);
  const bins = new Array(WINDOW_MICROS / BIN_MICROS).fill(0);
  for (const [t] of spikes) {
    const i = bins.length - 1 - Math.floor((latest - t) / BIN_MICROS);
    if (i >= 0 && i < bins.length) bins[i]++;
  }
  const max = Math.max(1, ...bins), plotW = w - 46, plotH = h - 25;
  ctx.strokeStyle = '#5fd38d'; ctx.beginPath();
  bins.forEach((v, i) => {
    const x = 40 + plotW * (i + 0.5) / bins.length, y = 5 + plotH * (1 - v / max);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
  ctx.fillStyle = '#8a99a8'; ctx.fillText(String(max), 8, 16); ctx.fillText('0', 28, h - 22);
  ctx.save(); ctx.translate(11, h / 2 + 10); ctx.rotate(-Math.PI / 2); ctx.textAlign = 'center'; ctx.fillText('spikes/bin', 0, 0); ctx.restore();
}

function drawLayout(c, layout, recent) {
  const ctx = c.getContext('2d'), w = c.width, h = c.height;
  ctx.clearRect(0, 0, w, h);
  const es = layout.electrodes;
  const xs = es.map(e => e.xMicrons), ys = es.map(e => e.yMicrons);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const s = Math.min((w - 40) / Math.max(1, maxX - minX), (h - 40) / Math.max(1, maxY - minY));
  // centred, so an array wider than tall (or the reverse) sits in the middle of the square
  const ox = (w - (maxX - minX) * s) / 2, oy = (h - (maxY - minY) * s) / 2;
  // contacts as large as the closest pair allows; numbered only when there is room
  let pitch = Infinity;
  for (let i = 0; i < es.length; i++) for (let j = i + 1; j < es.length; j++)
    pitch = Math.min(pitch, Math.hypot(es[i].xMicrons - es[j].xMicrons, es[i].yMicrons - es[j].yMicrons) * s);
  // contacts drawn at their real diameter where the canvas allows it (else as large as the pitch lets them be)
  const real = Math.max(...es.map(e => e.diameterMicrons || 0)) / 2 * s;
  const r = real >= 3 ? Math.min(real, pitch * 0.48) : Math.max(2, Math.min(12, pitch * 0.42));
  ctx.font = '9px sans-serif'; ctx.textAlign = 'center';
  for (const e of es) {
    const x = ox + (e.xMicrons - minX) * s, y = oy + (e.yMicrons - minY) * s;
    const heat = Math.min(1, recent[e.index] / 5);
    ctx.fillStyle = `rgb(${Math.round(40 + 215 * heat)}, ${Math.round(60 + 120 * heat)}, ${Math.round(80 - 40 * heat)})`;
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill();
    if (r >= 8) { ctx.fillStyle = '#d8e0e8'; ctx.fillText(String(e.index), x, y + 3); }
  }
  ctx.textAlign = 'start';
  ctx.fillStyle = '#8a99a8';
  ctx.fillText(Math.round(maxX - minX) + ' × ' + Math.round(maxY - minY) + ' µm between outer contacts, ' + Math.round(es[0].diameterMicrons || 0) + ' µm contacts', 8, h - 8);
  // a 100 µm scale bar
  ctx.strokeStyle = '#8a99a8'; ctx.beginPath(); ctx.moveTo(w - 12 - 100 * s, h - 12); ctx.lineTo(w - 12, h - 12); ctx.stroke();
  ctx.textAlign = 'right'; ctx.fillText('100 µm', w - 12, h - 16); ctx.textAlign = 'start';
}

// ---- experiments ---------------------------------------------------------------------------------------------

pages.experiments = async (root) => {
  root.appendChild(el('h1', {}, 'Experiments'));
  const [scripts, organoids] = await Promise.all([api('GET', '/api/experiments/scripts'), api('GET', '/api/organoids')]);
  const pickScript = el('select', { id: 'script-pick' }, el('option', { value: '' }, '(new script)'),
    scripts.map(s => el('option', { value: s.name }, s.name + (s.status === 'ok' ? '' : ' — ' + s.status))));
  const name = el('input', { id: 'script-name', placeholder: 'my-experiment.py' });
  const lang = el('select', { id: 'script-language' }, el('option', { value: 'py' }, 'Python'), el('option', { value: 'js' }, 'JavaScript'));
  const code = el('textarea', { id: 'script-code', spellcheck: 'false' });
  // one culture or several (a booked array's cultures, for a script over all of them): Ctrl- or Shift-click adds
  const active = organoids.filter(o => o.state === 'ACTIVE');
  const organoid = el('select', { id: 'run-organoid', multiple: true, size: Math.min(4, Math.max(2, active.length)) },
    active.map((o, i) => el('option', { value: o.id, selected: i === 0 }, o.id + ' (' + o.meaId + ')')));
  const out = el('div', { id: 'run-view' });
  const runs = el('div', { id: 'runs' });

  pickScript.addEventListener('change', async () => {
    if (!pickScript.value) { name.value = ''; code.value = ''; return; }
    const s = await api('GET', '/api/experiments/scripts/' + encodeURIComponent(pickScript.value));
    name.value = s.name; code.value = s.code; lang.value = s.name.endsWith('.js') ? 'js' : 'py';
  });
  lang.addEventListener('change', () => {
    if (name.value) name.value = name.value.replace(/\.(py|js)$/, '') + '.' + lang.value;
  });

  const body = () => {
    let n = name.value.trim() || ('editor.' + lang.value);
    if (!/\.(py|js)$/.test(n)) n += '.' + lang.value;
    // no culture picked (none active): the script runs without one, and says so if it needs one
    return { name: n, code: code.value, organoids: [...organoid.selectedOptions].map(o => o.value) };
  };
  const canRun = hasAny('admin', 'operator', 'researcher');
  const run = async (dry) => {
    out.replaceChildren(el('p', { class: 'muted' }, dry ? 'dry-running…' : 'starting…'));
    try {
      const r = await api('POST', dry ? '/api/experiments/dry-runs' : '/api/experiments/runs', body());
      if (dry) showRun(out, r); else follow(out, r.id);
      refreshRuns(runs);
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  const save = async () => {
    try {
      const b = body();
      await api('PUT', '/api/experiments/scripts/' + encodeURIComponent(b.name), { code: b.code });
      out.replaceChildren(el('p', { class: 'ok' }, 'saved ' + b.name + ' to the library'));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  root.append(el('div', { class: 'card' },
    el('div', { class: 'row' }, el('label', {}, 'Script ', pickScript), el('label', {}, 'Name ', name), el('label', {}, 'Language ', lang),
      field('Cultures', organoid, 'Ctrl-click for several')),
    field('Code (the script gets one object, lab: see scripts/README.md)', code),
    el('div', {}, el('button', { id: 'run', onclick: () => run(false), disabled: !canRun }, 'Run'),
      el('button', { id: 'dry-run', class: 'secondary', onclick: () => run(true), disabled: !canRun }, 'Dry run'),
      el('button', { id: 'save', class: 'secondary', onclick: save, disabled: !canRun }, 'Save to library'))),
    el('div', { class: 'card' }, el('h2', {}, 'Run'), out), el('div', { class: 'card' }, el('h2', {}, 'Recent runs'), runs));
  refreshRuns(runs);
};

async function refreshRuns(box) {
  const runs = await api('GET', '/api/experiments/runs?limit=20');
  box.replaceChildren(table(['Run', 'Script', 'User', 'State', 'Started'], runs.map(r => [
    el('a', { href: '#/run/' + r.id }, r.id), r.script, r.user, pill(r.state), fmtTime(r.startedAt)])));
}

function follow(box, id) {
  let timer = null;
  const tick = async () => {
    try {
      const r = await api('GET', '/api/experiments/runs/' + encodeURIComponent(id));
      showRun(box, r);
      if (!['SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'].includes(r.state)) timer = setTimeout(tick, 1000);
    } catch (e) { box.replaceChildren(errorBox(e)); }
  };
  tick();
  state.cleanup.push(() => clearTimeout(timer));
}

pages.run = async (root, id) => {
  root.appendChild(el('h1', {}, 'Run ', id));
  const box = el('div', { class: 'card', id: 'run-view' });
  root.appendChild(box);
  follow(box, id);
};

function showRun(box, r) {
  const finalState = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'].includes(r.state);
  const cancel = el('button', { id: 'cancel', class: 'secondary', hidden: finalState, onclick: async () => {
    try { await api('POST', '/api/experiments/runs/' + encodeURIComponent(r.id) + '/cancel'); } catch (e) { box.appendChild(errorBox(e)); }
  } }, 'Cancel');
  const parts = [el('p', {}, 'Run ', el('span', { id: 'run-id' }, r.id), ' of ', r.script, ' by ', r.user, ': ', el('span', { id: 'run-state' }, pill(r.state)),
    ' · lab time ', (r.labMicros / 1e6).toFixed(1), ' s ', cancel)];
  // the lab's words already name the line ("sweep.py:4: ..."): it is added only where they do not
  if (r.error) parts.push(el('p', { class: 'error', id: 'run-error' }, r.error + (r.errorLine && !r.error.includes(':' + r.errorLine + ':') ? ' (line ' + r.errorLine + ')' : '')));
  parts.push(el('h2', {}, 'Log'), el('pre', { id: 'run-output' }, r.output || '(nothing printed yet)'));
  if (r.results && Object.keys(r.results).length) {
    parts.push(el('h2', {}, 'Results'));
    for (const [key, value] of Object.entries(r.results)) {
      const c = el('canvas', { class: 'result-plot', width: 700, height: 260, 'data-key': key });
      if (plotResult(c, key, value)) parts.push(el('div', {}, c));
      parts.push(el('pre', { class: 'result-json' }, key + ' = ' + JSON.stringify(value, null, 1)));
    }
  }
  box.replaceChildren(...parts);
}

/** Plots a result if it has numbers: a list of numbers, or a list of records (first numeric field on x, the others as lines). */
function plotResult(c, key, value) {
  let xs = null, series = {};
  if (Array.isArray(value) && value.length && value.every(v => typeof v === 'number')) {
    xs = value.map((_, i) => i); series[key] = value;
  } else if (Array.isArray(value) && value.length && value.every(v => v && typeof v === 'object')) {
    const keys = Object.keys(value[0]).filter(k => value.every(v => typeof v[k] === 'number'));
    if (keys.length < 2) return false;
    xs = value.map(v => v[keys[0]]);
    for (const k of keys.slice(1)) series[k] = value.map(v => v[k]);
    series._x = keys[0];
  } else return false;
  const xLabel = series._x || 'index'; delete series._x;
  const ctx = c.getContext('2d'), w = c.width, h = c.height, pw = w - 60, ph = h - 50;
  const all = Object.values(series).flat();
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(0, ...all), maxY = Math.max(...all, 1e-9);
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = '#2b3744'; ctx.strokeRect(50.5, 10.5, pw, ph);
  ctx.fillStyle = '#8a99a8'; ctx.font = '11px sans-serif';
  ctx.fillText(xLabel, 55, h - 8); ctx.fillText(String(+maxY.toFixed(3)), 4, 18); ctx.fillText(String(+minY.toFixed(3)), 4, 10 + ph);
  ctx.fillText(String(minX), 50, 24 + ph); ctx.fillText(String(maxX), 40 + pw, 24 + ph);
  const colours = ['#4fb3ff', '#5fd38d', '#f0b54a', '#ff6b6b', '#c38bff'];
  Object.entries(series).forEach(([name, ys], si) => {
    ctx.strokeStyle = ctx.fillStyle = colours[si % colours.length];
    ctx.beginPath();
    ys.forEach((y, i) => {
      const x = 50 + pw * (maxX === minX ? 0.5 : (xs[i] - minX) / (maxX - minX)), yy = 10 + ph * (1 - (y - minY) / (maxY - minY));
      if (i === 0) ctx.moveTo(x, yy); else ctx.lineTo(x, yy);
      ctx.fillRect(x - 2, yy - 2, 4, 4);
    });
    ctx.stroke();
    ctx.fillText(name, 60 + si * 150, 24);
  });
  return true;
}

// ---- recordings ----------------------------------------------------------------------------------------------

pages.recordings = async (root) => {
  root.appendChild(el('h1', {}, 'Recordings'));
  const msg = el('p', { id: 'recording-status' });
  const recs = await api('GET', '/api/recordings');
  const mayShare = (r) => r.owner === state.me.user || has('admin');
  const length = (r) => r.stoppedMicros ? ((r.stoppedMicros - r.startedMicros) / 1e6).toFixed(1) + ' s' : 'recording…';
  // the formats researchers take elsewhere: spikes as CSV, Open Ephys (Neo, SpikeInterface), Phy; zips are streamed
  const exports = (r) => el('span', { class: 'exports' },
    el('a', { href: '/api/recordings/' + r.id + '/export', 'data-format': 'csv' }, 'spikes.csv'), ' · ',
    el('a', { href: '/api/recordings/' + r.id + '/export?format=openephys', 'data-format': 'openephys', title: r.rawTraces ? 'with continuous data' : 'no raw traces were kept: spikes and events only' }, 'Open Ephys'), ' · ',
    el('a', { href: '/api/recordings/' + r.id + '/export?format=phy', 'data-format': 'phy' }, 'Phy'));
  const shares = (r) => {
    const box = el('span', { class: 'shares', 'data-recording': r.id });
    if (!mayShare(r)) return box;
    const draw = (users) => {
      box.replaceChildren(...users.map(u => el('span', { class: 'share' }, u, ' ', el('button', { class: 'secondary small', 'data-unshare': u, title: 'take the share back', onclick: async () => {
        try { draw(await api('DELETE', '/api/recordings/' + r.id + '/shares/' + encodeURIComponent(u))); say(msg, 'recording ' + r.id + ' no longer shared with ' + u); } catch (e) { say(msg, e.message, 'error'); }
      } }, '×'), ' ')), el('button', { class: 'secondary', 'data-share': r.id, onclick: async () => {
        const u = prompt('Share recording ' + r.id + ' with which user? (they may then read and export it)'); if (!u) return;
        try { draw(await api('POST', '/api/recordings/' + r.id + '/shares', { user: u.trim() })); say(msg, 'recording ' + r.id + ' shared with ' + u.trim()); } catch (e) { say(msg, e.message, 'error'); }
      } }, 'Share…'));
    };
    api('GET', '/api/recordings/' + r.id + '/shares').then(draw).catch(e => box.replaceChildren(errorBox(e)));
    return box;
  };
  const detail = (r) => {
    const p = r.provenance || {};
    const lines = [['Owner', r.owner === 'system:recording' ? 'the lab (automatic recording)' : r.owner], ['State', r.state],
      ['Started', when(new Date(r.startedEpochMillis).toISOString())], ['Run', p.runId || ''], ['Script SHA-256', p.scriptHash || ''],
      ['Detection', r.detection || ''], ['Raw traces', r.rawTraces ? 'kept' : 'not kept'],
      ['Acknowledged', r.acknowledged ? r.acknowledged.spikes + ' spikes, ' + r.acknowledged.stimulations + ' stimulations, ' + r.acknowledged.doses + ' doses' : ''],
      ['Gaps', r.gapCount ? r.gapCount + ' (' + (r.gapMicros / 1e6).toFixed(3) + ' s of data missing for good, not silence)' : 'none']];
    return el('details', { class: 'recording-detail' }, el('summary', {}, 'details'), table(['', ''], lines.map(([k, v]) => [k, v])));
  };
  root.appendChild(el('div', { class: 'card' }, recs.length ? table(['Id', 'Owner', 'Cultures', 'Arrays', 'Started', 'Length', 'Spikes', 'Export', 'Shared with', ''],
    recs.map(r => [String(r.id), r.owner || '', r.organoidIds.join(', '), r.meaIds.join(', '), r.startedEpochMillis ? when(new Date(r.startedEpochMillis).toISOString()) : '',
      length(r), r.acknowledged ? String(r.acknowledged.spikes) : '', exports(r), shares(r), detail(r)]))
    : el('p', { class: 'muted' }, 'no recordings you may read yet (your runs\' recordings, and those shared with you, appear here)'), msg));
};

// ---- reservations --------------------------------------------------------------------------------------------

pages.reservations = async (root) => {
  root.appendChild(el('h1', {}, 'Reservations'));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const msg = el('p', { id: 'booking-status' });
  const list = el('div', { id: 'reservation-list' });
  const queue = el('div', { id: 'queue-list' });
  const calendar = el('div', { id: 'week' });
  const [organoids, rigs] = await Promise.all([api('GET', '/api/organoids'), api('GET', '/api/rigs')]);
  const meas = rigs.rigs.flatMap(r => r.devices).filter(d => d.kind === 'MEA').map(d => d.deviceId);
  // what can be booked, picked from a list: a culture, or a whole array (all its cultures)
  const target = el('select', { id: 'book-target' },
    el('optgroup', { label: 'Cultures' }, organoids.map(o => el('option', { value: o.id, disabled: o.state !== 'ACTIVE' },
      o.id + ' on ' + o.meaId + (o.state !== 'ACTIVE' ? ' (' + o.state.toLowerCase().replace('_', ' ') + ')' : '')))),
    el('optgroup', { label: 'Whole arrays' }, meas.map(m => el('option', { value: m }, m + ' (every culture on it)'))));
  const start = el('input', { id: 'book-start', type: 'datetime-local', step: 60 });
  const end = el('input', { id: 'book-end', type: 'datetime-local', step: 60 });
  const purpose = el('input', { id: 'book-purpose', placeholder: 'research' });
  const iso = (local) => new Date(local).toISOString(); // the browser's zone turned into an instant: never a time without zone
  const localValue = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  let weekStart = startOfDay(new Date());
  let booked = [], jobs = [];

  const refresh = async () => {
    const to = new Date(weekStart.getTime() + 7 * 86400000);
    const [rs, q, mj] = await Promise.all([
      api('GET', '/api/reservations?zone=' + encodeURIComponent(zone) + '&from=' + encodeURIComponent(weekStart.toISOString()) + '&to=' + encodeURIComponent(to.toISOString())),
      api('GET', '/api/queue'), api('GET', '/api/maintenance').catch(() => [])]);
    booked = rs; jobs = mj;
    drawWeek();
    list.replaceChildren(rs.length ? table(['Id', 'Target', 'Holder', 'From', 'To', 'State', ''], rs.map(v => [String(v.reservation.id),
      v.reservation.target, v.reservation.user, v.startLocal, v.endLocal, pill(v.reservation.state),
      (v.reservation.user === state.me.user || hasAny('admin', 'operator')) && v.reservation.state === 'BOOKED'
        ? el('button', { class: 'secondary', onclick: async () => {
          if (!confirm('Cancel reservation ' + v.reservation.id + ' of ' + v.reservation.target + '? Runs queued in it stop.')) return;
          try { await api('POST', '/api/reservations/' + v.reservation.id + '/cancel', {}); } catch (e) { say(msg, e.message, 'error'); } refresh(); } }, 'Cancel') : '']))
      : el('p', { class: 'muted' }, 'nothing booked this week'));
    queue.replaceChildren(q.length ? table(['Run', 'Reservation', 'Script', 'User', 'State', 'Detail'], q.slice(0, 50).map(r => [String(r.id),
      String(r.reservationId), r.scriptName, r.user, pill(r.state), r.detail || ''])) : el('p', { class: 'muted' }, 'no queued runs'));
  };

  // the week as a grid: a column per day, a row per hour; bookings of the picked target shaded, a click picks an hour
  const drawWeek = () => {
    const cells = [el('div', { class: 'head' }, '')];
    for (let d = 0; d < 7; d++) {
      const day = new Date(weekStart.getTime() + d * 86400000);
      cells.push(el('div', { class: 'head' }, day.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })));
    }
    const t = target.value, mea = (organoids.find(o => o.id === t) || {}).meaId || t;
    const relevant = booked.filter(v => v.reservation.state === 'BOOKED' && (v.reservation.target === t || v.reservation.target === mea || v.reservation.meaId === t));
    const picked = start.value && end.value ? [new Date(start.value).getTime(), new Date(end.value).getTime()] : null;
    // maintenance windows of the picked culture (or of any culture of the picked array) this week: bookings plan around them
    const windows = maintenanceWindows(jobs.filter(j => j.organoidId === t || j.meaId === t), weekStart.getTime(), weekStart.getTime() + 7 * 86400000);
    for (let h = 0; h < 24; h++) {
      cells.push(el('div', { class: 'hour' }, String(h).padStart(2, '0') + ':00'));
      for (let d = 0; d < 7; d++) {
        const from = new Date(weekStart.getTime() + d * 86400000); from.setHours(h, 0, 0, 0);
        const until = new Date(from.getTime() + 3600000);
        const hit = relevant.find(v => new Date(v.reservation.start) < until && new Date(v.reservation.end) > from);
        const upkeep = hit ? null : windows.find(w => w.from < until.getTime() && w.to > from.getTime());
        const mine = hit && hit.reservation.user === state.me.user;
        const isPicked = picked && from.getTime() < picked[1] && until.getTime() > picked[0];
        const past = until.getTime() <= Date.now();
        cells.push(el('div', { class: 'cell' + (hit ? (mine ? ' mine booked' : ' booked') : '') + (upkeep ? ' maintenance' : '') + (isPicked ? ' picked' : ''),
          'data-day': d, 'data-hour': h, title: hit ? hit.reservation.target + ' held by ' + hit.reservation.user + ', ' + hit.startLocal + ' – ' + hit.endLocal
            : upkeep ? 'maintenance: ' + upkeep.job.task + ' of ' + upkeep.job.organoidId + ', ' + new Date(upkeep.from).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
              + '–' + new Date(upkeep.to).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + ' (job ' + upkeep.job.id + ')'
            : past ? 'in the past' : 'free: click to pick ' + from.toLocaleString(),
          onclick: () => {
            if (hit || upkeep || past) return;
            const s0 = new Date(Math.max(from.getTime(), Date.now() + 60000));
            s0.setSeconds(0, 0);
            start.value = localValue(s0); end.value = localValue(until); drawWeek();
          } }, hit && new Date(hit.reservation.start) >= from ? el('span', {}, hit.reservation.user) : null));
      }
    }
    calendar.replaceChildren(el('div', { class: 'week' }, cells));
  };
  target.onchange = drawWeek; start.onchange = drawWeek; end.onchange = drawWeek;

  const book = el('button', { id: 'book' }, 'Book');
  book.onclick = action(book, async () => {
    try {
      if (!start.value || !end.value) throw new Error('give the start and end of the slot (or click a free hour in the week below)');
      const r = await api('POST', '/api/reservations', { target: target.value, start: iso(start.value), end: iso(end.value), zone, purpose: purpose.value || undefined });
      say(msg, 'booked reservation ' + r.reservation.id + ': ' + r.reservation.target + ', ' + r.startLocal + ' – ' + r.endLocal);
    } catch (e) { say(msg, e.message, 'error'); }
    refresh();
  });
  const prevWeek = el('button', { class: 'secondary', id: 'week-prev', onclick: () => { weekStart = new Date(weekStart.getTime() - 7 * 86400000); refresh(); } }, '‹ Previous week');
  const nextWeek = el('button', { class: 'secondary', id: 'week-next', onclick: () => { weekStart = new Date(weekStart.getTime() + 7 * 86400000); refresh(); } }, 'Next week ›');
  root.append(
    hasAny('admin', 'operator', 'researcher') ? el('div', { class: 'card' }, el('h2', {}, 'Book a slot (times in ' + zone + ')'),
      el('div', { class: 'form' }, field('Culture or array', target), field('From', start), field('Until', end), field('Purpose (consent scope)', purpose, 'default: research'),
        el('div', {}, book)), msg)
      : el('div', { class: 'card' }, el('p', { class: 'muted' }, 'Booking is for researchers, operators and admins.')),
    el('div', { class: 'card' }, el('h2', {}, 'Week'), el('div', { class: 'pager' }, prevWeek, nextWeek,
      el('span', { class: 'hint' }, 'shaded: booked for the picked culture or its array (blue: yours); click a free hour to pick it')), calendar),
    el('div', { class: 'card' }, el('h2', {}, 'Bookings this week'), list),
    el('div', { class: 'card' }, el('h2', {}, 'Experiment queue'), queue),
    maintenanceCard(organoids));
  await refresh();
};

/** Recurring maintenance (medium exchange, impedance check): everyone sees it, operators and admins add and remove jobs. */
function maintenanceCard(organoids) {
  const card = el('div', { class: 'card', id: 'maintenance' }, el('h2', {}, 'Maintenance'));
  const list = el('div', { id: 'maintenance-list' });
  const msg = el('p', { id: 'maintenance-status' });
  const keeper = hasAny('admin', 'operator');
  const hours = (iso) => { const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso || ''); return m ? (m[1] ? m[1] + ' h ' : '') + (m[2] ? m[2] + ' min' : '') : iso; };
  const refresh = async () => {
    const jobs = await api('GET', '/api/maintenance');
    list.replaceChildren(jobs.length ? table(['Job', 'Task', 'Culture', 'Every', 'Window', 'Next', 'Last outcome', 'Status', ''], jobs.map(j => [String(j.id), j.task, j.organoidId,
      hours(j.every), hours(j.window), when(j.nextAt), j.lastOutcome || (j.lastRunAt ? '' : 'not run yet'), j.status || '',
      keeper ? el('button', { class: 'secondary', 'data-remove-job': j.id, onclick: async () => {
        if (!confirm('Remove maintenance job ' + j.id + ' (' + j.task + ' of ' + j.organoidId + ')?')) return;
        try { await api('DELETE', '/api/maintenance/' + j.id); say(msg, 'removed job ' + j.id); } catch (e) { say(msg, e.message, 'error'); }
        refresh();
      } }, 'Remove') : ''])) : el('p', { class: 'muted' }, 'no maintenance scheduled'));
  };
  card.append(list);
  if (keeper) {
    const task = el('select', { id: 'job-task' }, el('option', { value: 'medium-exchange' }, 'medium exchange'), el('option', { value: 'impedance-check' }, 'impedance check'));
    const culture = el('select', { id: 'job-organoid' }, organoids.map(o => el('option', { value: o.id }, o.id)));
    const first = el('input', { id: 'job-first', type: 'datetime-local', step: 60 });
    const every = el('input', { id: 'job-every', type: 'number', min: 1, step: 1, value: 720 });
    const windowMin = el('input', { id: 'job-window', type: 'number', min: 1, step: 1, value: 15 });
    const add = el('button', { id: 'job-add' }, 'Schedule');
    add.onclick = action(add, async () => {
      try {
        if (!first.value) throw new Error('give the first time the job runs');
        const j = await api('POST', '/api/maintenance', { task: task.value, organoid: culture.value, firstAt: new Date(first.value).toISOString(),
          everyMinutes: Number(every.value), windowMinutes: Number(windowMin.value) });
        say(msg, 'scheduled job ' + j.id + ': ' + j.task + ' of ' + j.organoidId + ', next ' + new Date(j.nextAt).toLocaleString());
      } catch (e) { say(msg, e.message, 'error'); }
      refresh();
    });
    card.append(el('div', { class: 'form' }, field('Task', task), field('Culture', culture), field('First at', first), field('Every (minutes)', every, '720 = twice a day'),
      field('Window (minutes)', windowMin, 'bookings plan around it; runs are suspended while it works'), el('div', {}, add)));
  } else card.append(el('p', { class: 'muted' }, 'Maintenance is scheduled by operators and admins.'));
  card.append(msg);
  refresh().catch(e => list.replaceChildren(errorBox(e)));
  return card;
}

/** Each job's windows that overlap [from, to) (epoch ms): firstAt + k·every, lasting its window. */
function maintenanceWindows(jobs, from, to) {
  const ms = (iso) => { const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || ''); return m ? ((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0)) * 1000 : 0; };
  const out = [];
  for (const j of jobs) {
    const first = new Date(j.firstAt).getTime(), every = ms(j.every), length = ms(j.window);
    if (!every || !length || isNaN(first)) continue;
    for (let k = Math.max(0, Math.floor((from - first - length) / every)); first + k * every < to; k++) {
      const w = { from: first + k * every, to: first + k * every + length, job: j };
      if (w.to > from) out.push(w);
    }
  }
  return out;
}

function startOfDay(d) { const x = new Date(d); x.setHours(0, 0, 0, 0); return x; }

// ---- dosing --------------------------------------------------------------------------------------------------

pages.dosing = async (root) => {
  root.appendChild(el('h1', {}, 'Dosing and reservoirs'));
  const [compounds, res, cultures] = await Promise.all([api('GET', '/api/dosing/compounds'), api('GET', '/api/dosing/reservoirs'), api('GET', '/api/organoids')]);
  const alerts = el('div', { id: 'dosing-alerts' }, res.alerts.length ? res.alerts.map(a => el('p', { class: 'error' }, a)) : el('p', { class: 'muted' }, 'no alerts'));
  const reservoirTable = (list) => table(['Reservoir', 'Kind', 'Level', 'Capacity', ''], list.map(r => [r.id, r.kind,
    r.level.toFixed(1) + ' ' + r.unit, r.capacity + ' ' + r.unit, r.level < r.lowBelow ? pill('LOW') : '']));
  const resBox = el('div', { id: 'reservoirs' }, reservoirTable(res.reservoirs));
  const keeper = hasAny('admin', 'operator');
  const organoid = el('select', { id: 'dose-organoid' }, cultures.map(o => el('option', { value: o.id }, o.id)));
  const compound = el('select', { id: 'dose-compound' }, compounds.map(c => el('option', { value: c.name }, c.name + ' (' + c.form.toLowerCase() + ', max ' + c.maxConcentrationMicromolar + ' µM)')));
  const amount = el('input', { id: 'dose-amount', type: 'number', step: 'any', min: '0', placeholder: 'amount' });
  const unit = el('select', { id: 'dose-unit' }, ['µM', 'nM', 'mM', 'nmol', 'pmol', 'µmol'].map(u => el('option', { value: u }, u)));
  const msg = el('p', { id: 'dose-status' });
  const chamber = el('div', { id: 'chamber' });
  const showChamber = async () => {
    const c = await api('GET', '/api/dosing/organoids/' + organoid.value);
    const conc = Object.entries(c.concentrationsMicromolar);
    chamber.replaceChildren(el('h2', {}, 'Chamber of ' + c.organoid),
      conc.length ? table(['Compound', 'µM now'], conc.map(([k, v]) => [k, v.toFixed(3)])) : el('p', { class: 'muted' }, 'nothing dissolved'),
      c.doses.length ? table(['Compound', 'nmol', 'Route', 'After (µM)', 'By'], c.doses.slice(-20).map(d => [d.compound, d.amountNanomoles.toFixed(3),
        d.route.toLowerCase(), d.concentrationAfterMicromolar.toFixed(2), d.user])) : el('p', { class: 'muted' }, 'no doses yet'));
  };
  organoid.onchange = showChamber;
  const dose = async () => {
    try {
      const d = await api('POST', '/api/dosing/doses', { organoid: organoid.value, compound: compound.value, amount: Number(amount.value), unit: unit.value });
      msg.textContent = 'dosed ' + d.amountNanomoles.toFixed(3) + ' nmol ' + d.compound + ' by ' + d.route.toLowerCase() + ': ' + d.concentrationAfterMicromolar.toFixed(2) + ' µM now';
      msg.className = 'ok';
    } catch (e) { msg.textContent = e.message; msg.className = 'error'; }
    showChamber();
  };
  const doseButton = el('button', { id: 'dose' }, 'Dose');
  doseButton.onclick = action(doseButton, dose);
  // refill and medium exchange: operators and admins; the others are told who may
  const upkeep = el('div', { class: 'card', id: 'upkeep' }, el('h2', {}, 'Refill a reservoir, exchange medium'));
  const upkeepMsg = el('p', { id: 'upkeep-status' });
  if (keeper) {
    const reservoir = el('select', { id: 'refill-reservoir' }, res.reservoirs.map(r => el('option', { value: r.id }, r.id + ' (' + r.level.toFixed(1) + ' of ' + r.capacity + ' ' + r.unit + ')')));
    const level = el('input', { id: 'refill-level', type: 'number', step: 'any', min: '0' });
    const levelHint = el('div', { class: 'hint' });
    const syncHint = () => {
      const r = res.reservoirs.find(x => x.id === reservoir.value);
      levelHint.textContent = r ? 'in ' + r.unit + ', at most ' + r.capacity + ' (full)' : '';
      if (r && !level.value) level.value = r.capacity;
    };
    reservoir.onchange = () => { level.value = ''; syncHint(); };
    syncHint();
    const refill = el('button', { id: 'refill' }, 'Record refill');
    refill.onclick = action(refill, async () => {
      try {
        // the id holds a '/' (sim/pump0:gaba): sent as it is, as the route takes it
        const r = await api('POST', '/api/dosing/reservoirs/' + reservoir.value.split('/').map(encodeURIComponent).join('/') + '/refill', { level: Number(level.value) });
        say(upkeepMsg, r.id + ' refilled to ' + r.level + ' ' + r.unit);
        const fresh = await api('GET', '/api/dosing/reservoirs');
        res.reservoirs = fresh.reservoirs;
        resBox.replaceChildren(reservoirTable(fresh.reservoirs));
      } catch (e) { say(upkeepMsg, e.message, 'error'); }
    });
    const exCulture = el('select', { id: 'exchange-organoid' }, cultures.map(o => el('option', { value: o.id }, o.id)));
    const volume = el('input', { id: 'exchange-volume', type: 'number', step: 'any', min: '0', placeholder: 'e.g. 100' });
    const exchange = el('button', { id: 'exchange' }, 'Exchange medium');
    exchange.onclick = action(exchange, async () => {
      if (!confirm('Exchange ' + volume.value + ' µL of medium in the chamber of ' + exCulture.value + '?')) return;
      try {
        const x = await api('POST', '/api/dosing/exchanges', { organoid: exCulture.value, volumeMicrolitres: Number(volume.value) });
        say(upkeepMsg, 'exchanged ' + x.volumeMicrolitres + ' µL on ' + x.meaId + ': ' + Math.round(x.remainingFraction * 100) + ' % of what was dissolved remains');
      } catch (e) { say(upkeepMsg, e.message, 'error'); }
    });
    upkeep.append(el('div', { class: 'form' }, field('Reservoir', reservoir), field('New level', level), el('div', {}, refill)), levelHint,
      el('div', { class: 'form' }, field('Culture (its chamber)', exCulture), field('Volume to exchange (µL)', volume, 'fresh medium in, the same volume out'), el('div', {}, exchange)),
      upkeepMsg);
  } else {
    upkeep.append(el('p', { class: 'muted', id: 'upkeep-who' }, 'Refilling reservoirs and exchanging medium is for operators and admins; ask one of them.'));
  }
  root.append(el('div', { class: 'card' }, el('h2', {}, 'Alerts'), alerts),
    hasAny('admin', 'operator', 'researcher') ? el('div', { class: 'card' }, el('h2', {}, 'Dose'),
      el('div', { class: 'form' }, field('Culture', organoid), field('Compound', compound), field('Amount', amount), field('Unit', unit, 'nM/µM/mM: the concentration it adds; pmol/nmol/µmol: the amount'),
        el('div', {}, doseButton)), msg)
      : el('div', { class: 'card' }, el('p', { class: 'muted' }, 'Dosing is for researchers, operators and admins.')),
    el('div', { class: 'card' }, chamber),
    upkeep,
    el('div', { class: 'card' }, el('h2', {}, 'Reservoirs'), resBox));
  if (cultures.length) await showChamber();
};

// ---- bundles -------------------------------------------------------------------------------------------------

pages.bundles = async (root) => {
  root.appendChild(el('h1', {}, 'Bundles'));
  if (!hasAny('admin', 'operator')) { root.appendChild(refused('the admin or operator role')); return; }
  const file = el('input', { id: 'bundle-file', type: 'file', accept: '.jar' });
  const msg = el('p', { id: 'upload-status' });
  const list = el('div', { id: 'bundle-list' });
  const devices = el('div', { id: 'devices' });
  const refresh = async () => {
    const [bundles, rigs] = await Promise.all([api('GET', '/api/bundles'), api('GET', '/api/rigs')]);
    bundles.sort((a, b) => b.id - a.id); // the newest install first
    list.replaceChildren(table(['Id', 'Bundle', 'Version', 'State', ''], bundles.map(b => [String(b.id),
      el('span', {}, b.symbolicName, ' ', b.core ? el('span', { class: 'pill core', title: 'installed with the lab: stopping it takes part of the lab away' }, 'core') : null,
        b.resolutionErrors ? el('div', { class: 'error' }, b.resolutionErrors.join('\n')) : null), b.version, pill(b.state),
      b.id === 0 ? el('span', { class: 'muted' }, 'the lab itself') : el('span', {},
        b.state === 'ACTIVE' ? button(b, 'stop', 'Stop') : button(b, 'start', 'Start'),
        b.deployed || b.core ? button(b, 'uninstall', 'Uninstall') : null)])));
    devices.replaceChildren(el('h2', {}, 'Devices the drivers provide'), table(['Device', 'Kind', 'Rig', 'Vendor and model'],
      rigs.rigs.flatMap(r => r.devices).map(d => [d.deviceId, d.kind, d.rigId, d.vendor + ' ' + d.model])));
  };
  // stopping or uninstalling asks first; a core bundle of the lab is refused unless an admin forces it
  const button = (b, what, text) => {
    const mayForce = has('admin');
    const blocked = b.core && what !== 'start' && !mayForce;
    return el('button', { class: 'secondary', 'data-bundle': b.symbolicName, 'data-action': what, disabled: blocked,
      title: blocked ? 'a core bundle of the lab: only an admin may stop or uninstall it' : null, onclick: () => act(b, what) }, text);
  };
  const act = async (b, what) => {
    let force = false;
    if (what !== 'start') {
      if (b.core) {
        if (!confirm(b.symbolicName + ' is one of the lab\'s core bundles. ' + (what === 'stop' ? 'Stopping' : 'Uninstalling') + ' it takes that part of the lab away'
          + ' (a guard, the audit log, the web server...): commands may be refused until it is back. ' + what + ' it anyway (force)?')) return;
        force = true;
      } else if (!confirm((what === 'stop' ? 'Stop ' : 'Uninstall ') + b.symbolicName + ' ' + b.version + '?'
        + (what === 'uninstall' ? ' Its jar is removed from the deploy folder.' : ''))) return;
    }
    try {
      const q = force ? '?force=true' : '';
      if (what === 'uninstall') await api('DELETE', '/api/bundles/' + b.id + q); else await api('POST', '/api/bundles/' + b.id + '/' + what + q);
      say(msg, what + ' ' + b.symbolicName + ': done');
    } catch (e) { say(msg, e.message, 'error'); }
    refresh();
  };
  const upload = async () => {
    const f = file.files[0];
    if (!f) { msg.textContent = 'choose a jar first'; msg.className = 'error'; return; }
    try {
      const r = await api('POST', '/api/bundles?name=' + encodeURIComponent(f.name), f, true);
      msg.textContent = 'uploaded ' + r.symbolicName + ' ' + r.version + '; installing…'; msg.className = 'ok';
      for (let i = 0; i < 20; i++) { await new Promise(res => setTimeout(res, 500)); await refresh(); }
    } catch (e) { msg.textContent = e.message; msg.className = 'error'; }
  };
  root.append(el('div', { class: 'card' }, el('h2', {}, 'Hot-install a driver bundle'), field('Bundle jar', file, 'written into the deploy folder; the lab installs and starts it'),
    el('button', { id: 'upload', onclick: upload }, 'Upload and install'), msg),
    el('div', { class: 'card' }, devices), el('div', { class: 'card' }, el('h2', {}, 'Bundles, newest first'), list));
  await refresh();
};

// ---- ethics --------------------------------------------------------------------------------------------------

pages.ethics = async (root) => {
  root.appendChild(el('h1', {}, 'Ethics'));
  const [policies, holds, organoids] = await Promise.all([api('GET', '/api/ethics/policies'), api('GET', '/api/ethics/holds?detail=true'), api('GET', '/api/organoids')]);
  root.appendChild(el('div', { class: 'card' }, el('h2', {}, 'Policy set in force'), el('code', { id: 'policy-hash' }, policies.policySetHash)));
  const holdCard = el('div', { class: 'card', id: 'holds' }, el('h2', {}, 'Holds'));
  // who held each culture and since when: an officer deciding on a release wants both
  holdCard.appendChild(holds.length ? table(['Culture', 'Reason', 'Held by', 'Since', ''], holds.map(h => [h.organoidId, h.reason, h.by, when(h.since),
    has('ethics-officer') ? el('button', { class: 'secondary', 'data-release': h.organoidId, onclick: async () => {
      const reason = prompt('Why release ' + h.organoidId + '?'); if (!reason) return;
      try { await api('POST', '/api/ethics/holds/' + h.organoidId, { reason }); route(); } catch (e) { holdCard.appendChild(errorBox(e)); }
    } }, 'Release') : el('span', { class: 'muted release-who' }, 'only an ethics officer may release')])) : el('p', { class: 'muted' }, 'no culture is on hold'));
  if (hasAny('ethics-officer', 'admin', 'operator')) {
    const o = el('select', { id: 'hold-organoid' }, organoids.map(x => el('option', { value: x.id }, x.id)));
    const reason = el('input', { id: 'hold-reason', placeholder: 'e.g. contamination suspected' });
    holdCard.append(el('div', { class: 'form' }, field('Culture to hold', o), field('Reason', reason, 'no stimulation or dosing until an ethics officer releases it'), el('button', { id: 'hold', onclick: async () => {
      try { await api('POST', '/api/ethics/holds', { organoid: o.value, reason: reason.value }); route(); } catch (e) { holdCard.appendChild(errorBox(e)); }
    } }, 'Put on hold')));
  }
  root.appendChild(holdCard);
  if (!hasAny('ethics-officer', 'admin')) return;
  const consents = await api('GET', '/api/ethics/consents');
  root.appendChild(el('div', { class: 'card', id: 'consents' }, el('h2', {}, 'Donor consents'),
    table(['Consent', 'Donor code', 'Scopes', 'On withdrawal', 'State'], (consents.consents || []).map(c => [c.id, c.donorCode, (c.scopes || []).join(', '),
      c.onWithdrawal, pill(c.state)])),
    el('p', { class: 'muted' }, 'Cell lines: ' + Object.entries(consents.cellLines || {}).map(([line, consent]) => line + ' → ' + consent).join(', '))));
  const pending = await api('GET', '/api/ethics/changes');
  root.appendChild(el('div', { class: 'card', id: 'pending' }, el('h2', {}, 'Changes waiting for a second person'),
    // what is to be approved, in full: the new value (a policy's new text folded away), who proposed it and when
    pending.length ? table(['Change', 'Kind', 'Target', 'New value', 'Proposed by', 'Reason', ''], pending.map(p => [p.id, p.kind, p.target,
      p.kind === 'POLICY' ? el('details', {}, el('summary', {}, 'new text'), el('pre', {}, p.newValue)) : el('code', { class: 'change-value' }, p.newValue),
      el('span', {}, p.author, ' ', el('span', { class: 'muted' }, p.proposedAt ? when(p.proposedAt) : '')), p.reason,
      has('ethics-officer') ? el('span', {},
        p.author !== state.me.user ? el('button', { onclick: async () => {
          const meaning = prompt('What does your signature mean?', 'reviewed against the signed consent form'); if (!meaning) return;
          try { await api('POST', '/api/ethics/changes/' + p.id + '/approve', { meaning }); route(); } catch (e) { alert(e.message); }
        } }, 'Approve') : '',
        el('button', { class: 'secondary', onclick: async () => {
          const reason = prompt(p.author === state.me.user ? 'Why do you withdraw it?' : 'Why do you reject it?'); if (!reason) return;
          try { await api('POST', '/api/ethics/changes/' + p.id + '/reject', { reason }); route(); } catch (e) { alert(e.message); }
        } }, p.author === state.me.user ? 'Withdraw' : 'Reject')) : ''])) : el('p', { class: 'muted' }, 'nothing pending')));
  root.appendChild(proposalCard(consents, policies));
  const verify = el('p', { id: 'audit-verify', class: 'muted' }, 'verifying…');
  const auditBox = el('div', {});
  root.appendChild(el('div', { class: 'card', id: 'audit' }, el('h2', {}, 'Audit trail, newest first'), verify, auditBox));
  // pages counted from the newest entry: page 1 is the newest `limit` entries (of those the filters match)
  const AUDIT_MAX = 5000; // the most entries one answer holds
  pagedAudit(auditBox, async (skip, limit, filters) => {
    const q = filterQuery(filters);
    if (!q) {
      // unfiltered: pages by sequence number, as deep as the trail goes
      const total = (await api('GET', '/api/ethics/audit?limit=1')).total;
      const fromSeq = Math.max(0, total - skip - limit), n = Math.min(limit, total - skip);
      if (n <= 0) return { total, entries: [], more: false };
      const page = await api('GET', '/api/ethics/audit?from=' + fromSeq + '&limit=' + n);
      return { total: page.total, entries: page.entries.slice().reverse(), more: fromSeq > 0 };
    }
    // filtered: the newest skip + limit matches, of which this page is the oldest `limit`
    if (skip + limit > AUDIT_MAX) return { total: null, entries: [], more: false, note: 'only the newest ' + AUDIT_MAX + ' matching entries can be paged: narrow the filters' };
    const page = await api('GET', '/api/ethics/audit?limit=' + (skip + limit) + q);
    const newest = page.entries.slice().reverse();
    return { total: page.matched, entries: newest.slice(skip, skip + limit), more: page.matched > skip + limit };
  }, e => [when(e.time), e.actor || '', e.action || '', e.target || '', e.decision || '', e.reason || '', String(e.seq)],
  ['Time', 'Who', 'Action', 'Target', 'Decision', 'Reason', '#'], [
    { key: 'actor', label: 'Who', placeholder: 'account, e.g. rita' },
    { key: 'action', label: 'Action', placeholder: 'e.g. stimulate or change.*', hint: 'exact, or a prefix ending in *' },
    { key: 'target', label: 'Target', placeholder: 'e.g. sim-mea0-o1' },
    { key: 'decision', label: 'Decision', options: [['', 'any'], ['allow', 'allowed'], ['deny', 'refused'], ['record', 'recorded']] }]);
  api('GET', '/api/ethics/audit/verify').then(r => {
    verify.textContent = r.ok ? 'Verified: ' + r.entries + ' entries, ' + r.checkpoints + ' signed checkpoints, ' + (r.entries - r.lastCheckpointSize) + ' not yet covered by a checkpoint'
      : 'PROBLEMS: ' + r.problems.join('; ');
    verify.className = r.ok ? 'ok' : 'bad';
  }).catch(e => { verify.textContent = e.message; verify.className = 'error'; });
};

/**
 * Proposing a two-person change (ethics officers): a consent, a cell line's consent, a withdrawal, a policy document or
 * the ethics-officer role of an account. The fields follow the kind; the proposal then waits for another officer.
 */
function proposalCard(consents, policies) {
  const card = el('div', { class: 'card', id: 'propose' }, el('h2', {}, 'Propose a change'));
  if (!has('ethics-officer')) {
    card.append(el('p', { class: 'muted', id: 'propose-who' }, 'Consents, cell lines, policies and the ethics-officer role are changed by ethics officers: '
      + 'one proposes, another approves. ' + (has('admin') ? 'Admins grant or remove the ethics-officer role on the Users page (it then waits for an officer\'s approval).' : 'Ask an ethics officer.')));
    return card;
  }
  const msg = el('p', { id: 'propose-status' });
  const kind = el('select', { id: 'propose-kind' }, [['CONSENT', 'Record or replace a donor consent'], ['CELL_LINE', 'Link a cell line to a consent'],
    ['WITHDRAW_CONSENT', 'Withdraw a consent (donor\'s request)'], ['POLICY', 'Replace a policy document'], ['ETHICS_OFFICER_ROLE', 'Grant or remove the ethics-officer role']]
    .map(([v, t]) => el('option', { value: v }, t)));
  const consentIds = (consents.consents || []).map(c => c.id);
  const knownScopes = [...new Set((consents.consents || []).flatMap(c => c.scopes || []))].sort();
  const consentPick = () => el('select', {}, consentIds.map(id => el('option', { value: id }, id)));
  const reason = el('input', { id: 'propose-reason', placeholder: 'why; for a withdrawal, the donor\'s request' });
  const fields = el('div', { class: 'form', id: 'propose-fields' });
  let read = () => null; // the kind's fields -> {target, value}
  const show = () => {
    const k = kind.value;
    if (k === 'CONSENT') {
      const id = el('input', { id: 'propose-consent-id', placeholder: 'e.g. consent-0042' });
      const donor = el('input', { id: 'propose-donor', placeholder: 'pseudonymous code, e.g. D-0042' });
      const scopes = el('input', { id: 'propose-scopes', placeholder: 'comma-separated' });
      const onWithdrawal = el('select', { id: 'propose-on-withdrawal' }, ['DISPOSE', 'QUARANTINE', 'KEEP_DATA_ONLY'].map(v => el('option', { value: v }, v.toLowerCase().replace(/_/g, ' '))));
      fields.replaceChildren(field('Consent id', id), field('Donor code', donor, 'never a name: the pseudonym on the consent form'),
        field('Scopes', scopes, knownScopes.length ? 'known: ' + knownScopes.join(', ') : 'the purposes the donor agreed to'), field('On withdrawal', onWithdrawal));
      read = () => {
        if (!id.value.trim()) throw new Error('give the consent id');
        if (/[;=]/.test(donor.value + scopes.value)) throw new Error('donor code and scopes may not hold ; or =');
        const list = scopes.value.split(',').map(x => x.trim()).filter(Boolean);
        if (!list.length) throw new Error('name at least one scope the donor agreed to');
        return { target: id.value.trim(), value: 'donor=' + donor.value.trim() + ';scopes=' + list.join(',') + ';onWithdrawal=' + onWithdrawal.value };
      };
    } else if (k === 'CELL_LINE') {
      const line = el('input', { id: 'propose-cell-line', placeholder: 'e.g. HUES-9' });
      const consent = consentPick(); consent.id = 'propose-consent';
      fields.replaceChildren(field('Cell line', line), field('Its consent', consent));
      read = () => { if (!line.value.trim()) throw new Error('give the cell line'); return { target: line.value.trim(), value: consent.value }; };
    } else if (k === 'WITHDRAW_CONSENT') {
      const consent = consentPick(); consent.id = 'propose-withdraw';
      fields.replaceChildren(field('Consent to withdraw', consent, 'once approved, its cultures are handled as the consent says (dispose, quarantine, keep data only)'));
      read = () => ({ target: consent.value, value: 'withdraw' });
    } else if (k === 'POLICY') {
      const docs = policies.documents || [];
      const doc = el('select', { id: 'propose-policy' }, docs.map(d => el('option', { value: d.name }, d.name)));
      const text = el('textarea', { id: 'propose-policy-text', spellcheck: 'false', rows: 14 });
      const load = () => { const d = docs.find(x => x.name === doc.value); text.value = d ? d.text : ''; };
      doc.onchange = load; load();
      fields.replaceChildren(field('Policy document', doc), field('Its new text (YAML)', text, 'the whole document as it should read once approved'));
      read = () => ({ target: doc.value, value: text.value });
    } else {
      const account = el('input', { id: 'propose-account', placeholder: 'account name' });
      const what = el('select', { id: 'propose-role' }, el('option', { value: 'grant' }, 'grant'), el('option', { value: 'remove' }, 'remove'));
      fields.replaceChildren(field('Account', account), field('Role', what, 'approved by another officer, independent of you and of the account'));
      read = () => { if (!account.value.trim()) throw new Error('give the account'); return { target: account.value.trim(), value: what.value }; };
    }
  };
  kind.onchange = show; show();
  const propose = el('button', { id: 'propose-submit' }, 'Propose');
  propose.onclick = action(propose, async () => {
    try {
      const tv = read();
      if (!reason.value.trim()) throw new Error('give the reason for the change');
      const c = await api('POST', '/api/ethics/changes', { kind: kind.value, target: tv.target, value: tv.value, reason: reason.value.trim() });
      say(msg, 'proposed ' + c.id + ': it waits for another ethics officer\'s approval');
      setTimeout(route, 1200);
    } catch (e) { say(msg, e.message, 'error'); }
  });
  card.append(el('div', { class: 'form' }, field('Kind', kind)), fields, el('div', { class: 'form' }, field('Reason', reason), el('div', {}, propose)), msg);
  return card;
}

// ---- my account: tokens and password (everyone) ---------------------------------------------------------------

pages.account = async (root) => {
  root.appendChild(el('h1', {}, 'My account: ', state.me.user));
  const msg = el('p', { id: 'account-status' });
  const tokens = el('div', { id: 'token-list' });
  const secret = el('div', { id: 'token-secret' });
  const refresh = async () => {
    const list = await api('GET', '/api/tokens');
    tokens.replaceChildren(list.length ? table(['Label', 'Created', ''], list.map(t => [t.label, when(t.createdAt),
      el('button', { class: 'secondary', 'data-token': t.label, onclick: async () => {
        if (!confirm('Revoke the token "' + t.label + '"? Scripts using it stop working at once.')) return;
        try { await api('DELETE', '/api/tokens/' + encodeURIComponent(t.id)); say(msg, 'revoked ' + t.label); } catch (e) { say(msg, e.message, 'error'); }
        refresh();
      } }, 'Revoke')])) : el('p', { class: 'muted' }, 'no API tokens'));
  };
  const label = el('input', { id: 'token-label', placeholder: 'e.g. analysis notebook', maxlength: 100 });
  const create = el('button', { id: 'create-token' }, 'Create token');
  create.onclick = action(create, async () => {
    try {
      const t = await api('POST', '/api/tokens', { label: label.value });
      secret.replaceChildren(el('p', {}, 'Your new token (shown once: copy it now, only its hash is kept):'), el('div', { class: 'secret', id: 'new-token' }, t.token),
        el('p', { class: 'hint' }, 'Send it as the header  Authorization: Bearer <token>'));
      label.value = ''; say(msg, 'token created');
    } catch (e) { say(msg, e.message, 'error'); }
    refresh();
  });
  const current = el('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password' });
  const next = el('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password' });
  const again = el('input', { id: 'pw-again', type: 'password', autocomplete: 'new-password' });
  const change = el('button', { id: 'change-password' }, 'Change password');
  change.onclick = action(change, async () => {
    if (next.value !== again.value) { say(msg, 'the new password and its repetition differ', 'error'); return; }
    try {
      const r = await api('PUT', '/api/session/password', { current: current.value, password: next.value });
      say(msg, r.note || 'password changed'); setTimeout(showLogin, 1500);
    } catch (e) { say(msg, e.message, 'error'); }
  });
  root.append(
    el('div', { class: 'card' }, el('h2', {}, 'API tokens for scripts and tools'), tokens,
      el('div', { class: 'form' }, field('Label of a new token', label), el('div', {}, create)), secret),
    el('div', { class: 'card' }, el('h2', {}, 'Change my password'),
      el('div', { class: 'form' }, field('Current password', current), field('New password', next, 'at least 12 characters, not a common password; a phrase of unrelated words works well'),
        field('New password again', again), el('div', {}, change))),
    msg);
  await refresh();
};

// ---- users (admin) -------------------------------------------------------------------------------------------

const ROLES = ['researcher', 'operator', 'ethics-officer', 'admin'];

pages.users = async (root) => {
  root.appendChild(el('h1', {}, 'Users'));
  if (!has('admin')) { root.appendChild(refused('the admin role')); return; }
  const msg = el('p', { id: 'user-status' });
  const list = el('div', { id: 'user-list' });
  const auditBox = el('div', { id: 'console-audit' });
  let reloadAudit = null;
  const refresh = async () => {
    if (reloadAudit) reloadAudit();
    const users = await api('GET', '/api/users');
    list.replaceChildren(table(['User', 'Roles', 'State', 'Tokens', 'Created', 'Actions'], users.map(u => {
      const checks = el('span', { class: 'checks' }, ROLES.map(r => el('label', {}, el('input', { type: 'checkbox', value: r, checked: u.roles.includes(r), 'data-user': u.name, 'data-role': r }), r)));
      const save = el('button', { class: 'secondary', 'data-action': 'roles', 'data-user': u.name }, 'Save roles');
      save.onclick = action(save, async () => {
        const roles = [...checks.querySelectorAll('input:checked')].map(c => c.value);
        try {
          const r = await api('PUT', '/api/users/' + encodeURIComponent(u.name), { roles });
          say(msg, r.accepted ? ('waiting for a second person: ' + (r.note || r.message || 'the change is pending approval')) : 'roles of ' + u.name + ' are now ' + roles.join(', '), r.accepted ? 'warn' : 'ok');
        } catch (e) { say(msg, e.message, 'error'); }
        refresh();
      });
      const toggle = el('button', { class: 'secondary', 'data-action': u.disabled ? 'enable' : 'disable', 'data-user': u.name }, u.disabled ? 'Enable' : 'Disable');
      toggle.onclick = action(toggle, async () => {
        if (!u.disabled && !confirm('Disable ' + u.name + '? Their sessions end and their tokens stop working.')) return;
        try { await api('PUT', '/api/users/' + encodeURIComponent(u.name), { disabled: !u.disabled }); say(msg, u.name + (u.disabled ? ' enabled' : ' disabled')); } catch (e) { say(msg, e.message, 'error'); }
        refresh();
      });
      const pw = el('button', { class: 'secondary', 'data-action': 'password', 'data-user': u.name }, 'Set password');
      pw.onclick = action(pw, async () => {
        const p = prompt('Temporary password for ' + u.name + ' (12+ characters, not a common one; they choose their own at their next login):'); if (!p) return;
        try {
          await api('PUT', '/api/users/' + encodeURIComponent(u.name) + '/password', { password: p, temporary: true });
          say(msg, 'password of ' + u.name + ' set; their sessions ended, and they choose their own at their next login');
        } catch (e) { say(msg, e.message, 'error'); }
        refresh();
        if (reloadAudit) reloadAudit();
      });
      const del = el('button', { class: 'secondary', 'data-action': 'delete', 'data-user': u.name }, 'Delete');
      del.onclick = action(del, async () => {
        if (!confirm('Delete the account ' + u.name + '? This cannot be undone.')) return;
        try { await api('DELETE', '/api/users/' + encodeURIComponent(u.name)); say(msg, 'deleted ' + u.name); } catch (e) { say(msg, e.message, 'error'); }
        refresh();
      });
      return [u.name, checks, el('span', {}, u.disabled ? pill('DISABLED') : pill('ACTIVE'), u.mustChangePassword ? el('span', { class: 'pill TEMPORARY', title: 'to be replaced by its holder at their next login' }, 'temporary password') : null), u.tokens.map(t => t.label).join(', '), when(u.createdAt),
        el('span', {}, save, toggle, pw, del)];
    })), el('p', { class: 'hint' }, 'Granting or removing the ethics-officer role may need a second person: the change then waits for their approval on the Ethics page.'));
  };
  const name = el('input', { id: 'new-user', placeholder: 'e.g. rita', autocomplete: 'off' });
  const pw = el('input', { id: 'new-password', type: 'password', autocomplete: 'new-password' });
  const roleChecks = el('span', { class: 'checks', id: 'new-roles' }, ROLES.map(r => el('label', {}, el('input', { type: 'checkbox', value: r, checked: r === 'researcher' }), r)));
  const temporary = el('input', { id: 'new-temporary', type: 'checkbox', checked: true });
  const create = el('button', { id: 'create-user' }, 'Create');
  create.onclick = action(create, async () => {
    const roles = [...roleChecks.querySelectorAll('input:checked')].map(c => c.value);
    try {
      const r = await api('POST', '/api/users', { name: name.value, password: pw.value, roles, temporaryPassword: temporary.checked });
      say(msg, 'created ' + r.name + ' (' + r.roles.join(', ') + ')'); name.value = ''; pw.value = '';
    } catch (e) { say(msg, e.message, 'error'); }
    refresh();
  });
  root.append(el('div', { class: 'card' }, list),
    el('div', { class: 'card' }, el('h2', {}, 'New account'), el('div', { class: 'form' },
      field('User name', name, 'a lower-case letter, then letters, digits, . _ -'), field('Initial password', pw, 'at least 12 characters, not a common password'),
      field('Roles', roleChecks), el('label', { class: 'checks' }, temporary, ' they choose their own password at first login'), el('div', {}, create))),
    msg,
    el('div', { class: 'card' }, el('h2', {}, 'Console audit (logins, accounts, tokens, bundles)'), auditBox));
  await refresh();
  reloadAudit = pagedAudit(auditBox, async (skip, limit, filters) => {
    // one more than a page: whether there are older entries
    const got = await api('GET', '/api/console/audit?skip=' + skip + '&limit=' + (limit + 1) + filterQuery(filters));
    return { total: null, entries: got.slice(0, limit), more: got.length > limit };
  }, e => [when(e.time), e.actor || e.user || '', e.action || '', e.target || '', e.outcome || '', e.address || ''], ['Time', 'Who', 'Action', 'Target', 'Outcome', 'Address'], [
    { key: 'actor', label: 'Who', placeholder: 'account, e.g. rita' },
    { key: 'action', label: 'Action', placeholder: 'e.g. login or user.*', hint: 'exact, or a prefix ending in *' },
    { key: 'target', label: 'Target', placeholder: 'e.g. rita' },
    { key: 'outcome', label: 'Outcome', placeholder: 'e.g. refused', hint: 'its beginning: ok, refused, throttled…' }]);
};

/**
 * An audit table with paging and filters the server applies, so a filter finds matching entries however old (not just
 * those of the page on screen): {@code load(skip, limit, filters)} gives {entries, total?, more, note?}, newest first;
 * {@code filters} lists {key, label, placeholder?, options?} — a text field, or a select when options are given.
 */
function pagedAudit(box, load, columns, headers, filters) {
  let from = 0;
  const size = el('select', { class: 'audit-size' }, [20, 50, 100].map(n => el('option', { value: n }, n + ' a page')));
  const inputs = filters.map(f => f.options
    ? el('select', { class: 'audit-' + f.key, 'data-filter': f.key }, f.options.map(([v, text]) => el('option', { value: v }, text)))
    : el('input', { class: 'audit-' + f.key, 'data-filter': f.key, placeholder: f.placeholder || '' }));
  const body = el('div', {});
  const pos = el('span', { class: 'muted audit-pos' });
  const prev = el('button', { class: 'secondary audit-prev' }, '‹ Newer');
  const next = el('button', { class: 'secondary audit-next' }, 'Older ›');
  const values = () => Object.fromEntries(inputs.map(i => [i.dataset.filter, i.value.trim()]).filter(([, v]) => v));
  let asked = 0;
  const show = async () => {
    const mine = ++asked; // a slower answer to an older filter must not overwrite a newer one
    let page;
    try { page = await load(from, Number(size.value), values()); } catch (e) { if (mine === asked) body.replaceChildren(errorBox(e)); return; }
    if (mine !== asked) return;
    const filtered = Object.keys(values()).length > 0;
    pos.textContent = page.entries.length ? 'entries ' + (from + 1) + '–' + (from + page.entries.length) + (page.total != null ? ' of ' + page.total : '')
      + (filtered ? ' matching' : '') : '';
    prev.disabled = from === 0; next.disabled = !page.more;
    body.replaceChildren(page.entries.length ? table(headers, page.entries.map(columns)) : el('p', { class: 'muted' }, filtered ? 'no entries match' : 'no entries yet'),
      page.note ? el('p', { class: 'hint' }, page.note) : null);
  };
  let typing = null;
  const refilter = () => { clearTimeout(typing); typing = setTimeout(() => { from = 0; show(); }, 300); };
  for (const i of inputs) { i.addEventListener('input', refilter); i.addEventListener('change', refilter); }
  prev.onclick = () => { from = Math.max(0, from - Number(size.value)); show(); };
  next.onclick = () => { from += Number(size.value); show(); };
  size.onchange = () => { from = 0; show(); };
  box.replaceChildren(el('div', { class: 'pager' }, filters.map((f, k) => field(f.label, inputs[k], f.hint)), field('Page', size), prev, next, pos), body);
  show();
  return show;
}

/** The query string of filters, each as ?key=value. */
function filterQuery(filters) {
  return Object.entries(filters).map(([k, v]) => '&' + encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('');
}

// ---- start ---------------------------------------------------------------------------------------------------

api('GET', '/api/session').then(loggedIn).catch(showLogin);

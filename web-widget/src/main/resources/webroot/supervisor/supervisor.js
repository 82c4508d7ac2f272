// The supervisor's wallboard: sign in, the live picture from /api/v1/supervisor/live, today's charts
// and missed calls from the reports. No framework, no build step; see docs/supervisor-protocol.md.

import { LiveFeed } from './live.js';
import * as fmt from './format.js';
import { hourBars, hourPercent, namedBars } from './charts.js';

const SESSION_KEY = 'linehub.supervisor.session';
const REFRESH_MS = 60_000;
/** A line's service-level threshold when the directory does not have the line (yet). */
const DEFAULT_SL_SEC = 20;

const $ = (id) => document.getElementById(id);

let session = null;
let feed = null;
/** Bumped on every sign-in and sign-out: answers that arrive for an older session are dropped. */
let epoch = 0;
const timers = { tick: 0, refresh: 0, expiry: 0, render: 0, resize: 0 };

const live = { tickets: new Map(), agents: new Map(), lines: new Map(), offsetMs: 0 };
const directory = { users: new Map(), lines: new Map(), loadedAt: 0 };
const charts = { hours: null, range: [], sl: null, leads: null, width: 0 };

// ---- start ---------------------------------------------------------------------------------------

for (const [cls, value] of [['t-wait-amber', fmt.WAIT_AMBER_SEC], ['t-wait-red', fmt.WAIT_RED_SEC],
  ['t-sl-target', fmt.SL_TARGET]]) {
  for (const node of document.getElementsByClassName(cls)) {
    node.textContent = String(value);
  }
}
$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => {
  // The hub ends the token itself (and every other of this user's); the page does not wait for it.
  if (session) {
    fetch('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${session.token}` } })
      .catch(() => {});
  }
  signOut('');
});
window.addEventListener('resize', () => {
  clearTimeout(timers.resize);
  timers.resize = setTimeout(drawCharts, 200);
});

const saved = readSession();
if (saved) {
  enter(saved);
} else {
  showSignIn('');
}

// ---- signing in and out --------------------------------------------------------------------------

function readSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    if (stored && stored.token && Date.parse(stored.expiresAt) > Date.now() + 5_000) {
      return stored;
    }
  } catch {
    // a damaged entry: sign in again
  }
  sessionStorage.removeItem(SESSION_KEY);
  return null;
}

async function signIn(event) {
  event.preventDefault();
  const login = $('login').value.trim();
  const password = $('password').value;
  if (!login || !password) {
    say('Enter your login and password.');
    return;
  }
  const button = event.target.querySelector('button');
  button.disabled = true;
  say('');
  try {
    const response = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    const body = await response.json().catch(() => null);
    if (response.status === 401) {
      say('Wrong login or password.');
      return;
    }
    if (!response.ok || !body || !body.user) {
      say(`Could not sign in: ${(body && body.message) || `the hub answered ${response.status}`}.`);
      return;
    }
    $('password').value = '';
    const role = body.user.role;
    if (role !== 'supervisor' && role !== 'admin') {
      // The token is not kept: this page has nothing an agent may see.
      say(`${body.user.displayName} is ${role === 'agent' ? 'an agent' : `a user with the role ${role}`}, and the `
        + 'wallboard is only for supervisors and admins. Ask an admin for the supervisor role, or use the agent '
        + 'workspace.');
      return;
    }
    const next = { token: body.token, expiresAt: body.expiresAt, user: body.user };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
    enter(next);
  } catch {
    say('Could not reach the hub. Check the connection and try again.');
  } finally {
    button.disabled = false;
  }
}

function say(text) {
  $('sign-in-message').textContent = text;
}

function showSignIn(text) {
  $('board').hidden = true;
  $('who').hidden = true;
  $('connection').hidden = true;
  $('sign-in').hidden = false;
  say(text);
}

function enter(next) {
  session = next;
  epoch++;
  $('sign-in').hidden = true;
  $('board').hidden = false;
  $('who').hidden = false;
  $('connection').hidden = false;
  $('who-name').textContent = `${next.user.displayName} (${next.user.role})`;
  $('charts-zone').textContent = `(${zone()})`;
  document.title = 'Wallboard · Linehub';
  $('summary-title').setAttribute('tabindex', '-1');
  $('summary-title').focus();
  // setTimeout takes at most 2^31-1 ms; a longer session is checked again then.
  timers.expiry = setTimeout(() => signOut('Your session has ended. Sign in again.'),
    Math.min(2 ** 31 - 1, Date.parse(next.expiresAt) - Date.now()));
  feed = new LiveFeed({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/supervisor/live`
      + `?access_token=${encodeURIComponent(session.token)}`,
    snapshot,
    delta,
    status: connection,
    // A socket refused before it opened may mean the token is no longer good: a 401 here signs out.
    refused: () => api('/api/v1/users/me').catch(() => {}),
  });
  feed.start();
  timers.tick = setInterval(tick, 1000);
  refresh();
  timers.refresh = setInterval(refresh, REFRESH_MS);
}

function signOut(text) {
  epoch++;
  if (feed) {
    feed.stop();
    feed = null;
  }
  for (const name of Object.keys(timers)) {
    clearTimeout(timers[name]);
    clearInterval(timers[name]);
    timers[name] = 0;
  }
  sessionStorage.removeItem(SESSION_KEY);
  session = null;
  live.tickets.clear();
  live.agents.clear();
  live.lines.clear();
  directory.users.clear();
  directory.lines.clear();
  directory.loadedAt = 0;
  charts.hours = charts.sl = charts.leads = null;
  for (const id of ['tickets', 'lines', 'agents', 'offline-list', 'missed']) {
    $(id).replaceChildren();
  }
  for (const figure of document.querySelectorAll('.chart .plot')) {
    figure.replaceChildren();
  }
  $('missed-count').textContent = '';
  $('charts-updated').textContent = 'not loaded yet';
  render(); // the empty picture, so the next person to sign in never glimpses this one
  showSignIn(text);
  $('login').focus();
}

/** GET of the hub's REST API with the session's token; a 401 ends the session. */
async function api(path) {
  const asked = epoch;
  const response = await fetch(path, {
    headers: { authorization: `Bearer ${session.token}`, accept: 'application/json' },
  });
  if (asked !== epoch) {
    throw new Error('signed out meanwhile');
  }
  if (response.status === 401) {
    signOut('Your session has ended. Sign in again.');
    throw new Error('session ended');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && body.message) || `the hub answered ${response.status}`);
  }
  return body;
}

/** Every item of a paged list (limit at most 200 per page). */
async function all(path) {
  const items = [];
  for (;;) {
    const page = await api(`${path}?limit=200&offset=${items.length}`);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) {
      return items;
    }
  }
}

// ---- the live picture ----------------------------------------------------------------------------

function connection(state, retryInMs) {
  const node = $('connection');
  node.dataset.state = state;
  $('board').dataset.live = state === 'live' ? 'yes' : 'no';
  if (state === 'live') {
    node.textContent = 'Live';
  } else if (state === 'connecting') {
    node.textContent = 'Connecting…';
  } else {
    node.textContent = retryInMs > 0
      ? `Connection lost, retrying in ${Math.ceil(retryInMs / 1000)} s; figures may be out of date`
      : 'Reconnecting…';
  }
}

function snapshot(frame) {
  // The server's clock, once per connection: timers count from its timestamps.
  live.offsetMs = Date.parse(frame.now) - Date.now();
  live.tickets = new Map(frame.tickets.map((t) => [t.ticketId, t]));
  live.agents = new Map(frame.agents.map((a) => [a.agentId, a]));
  live.lines = new Map(frame.lines.map((l) => [l.lineId, l]));
  render();
}

function delta(frame) {
  switch (frame.type) {
    case 'ticket':
      live.tickets.set(frame.ticket.ticketId, frame.ticket);
      break;
    case 'ticket_removed': {
      const ticket = live.tickets.get(frame.ticketId);
      // After a move to another line the ticket already lives there: remove only the old line's.
      if (ticket && ticket.lineId === frame.lineId) {
        live.tickets.delete(frame.ticketId);
      }
      break;
    }
    case 'agent':
      live.agents.set(frame.agent.agentId, frame.agent);
      if (!directory.users.has(frame.agent.agentId)) {
        loadDirectory(true).then(scheduleRender, () => {});
      }
      break;
    case 'line':
      live.lines.set(frame.line.lineId, frame.line);
      break;
    default:
      return; // a frame type added after this page: ignored, as the protocol asks
  }
  scheduleRender();
}

/** Frames come in bursts (a ticket, then its line): draw once per burst. */
function scheduleRender() {
  if (!timers.render) {
    timers.render = setTimeout(() => {
      timers.render = 0;
      render();
    }, 30);
  }
}

function serverNow() {
  return Date.now() + live.offsetMs;
}

function secondsSince(iso) {
  return (serverNow() - Date.parse(iso)) / 1000;
}

function isWaiting(ticket) {
  return ticket.state === 'queued' || ticket.state === 'offered';
}

function userName(id) {
  const user = directory.users.get(id);
  return user ? user.displayName : `Agent ${id}`;
}

function lineName(id) {
  const line = live.lines.get(id) || directory.lines.get(id);
  return (line && line.name) || id;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name === 'class') {
      node.className = value;
    } else if (name === 'data') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value);
    }
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** A cell that keeps its column's name for the narrow layout, where rows become cards. */
function cell(label, content, cls) {
  const td = element('td', { class: cls, data: { label } });
  td.append(content ?? '—');
  return td;
}

/** A running clock from {@code since}; "wait" timers take the waiting colours. */
function timer(since, warn) {
  if (!since) {
    return element('span', { class: 'timer', text: '—' });
  }
  return element('span', { class: 'timer', data: { since, warn: warn || '' } });
}

/**
 * Puts {@code rows} (fresh elements keyed by their data-ticket, data-line or data-agent) into
 * {@code parent}, keeping each existing row whose content is unchanged: frames arrive often, and a
 * row that does not change should not flicker, lose a selection or move a screen reader's place.
 */
function syncRows(parent, rows) {
  const table = parent.closest('table');
  if (table) {
    table.hidden = rows.length === 0; // the section's "nothing here" line says it instead of bare headers
  }
  const key = (row) => row.dataset.ticket ?? row.dataset.line ?? row.dataset.agent;
  const old = new Map([...parent.children].map((row) => [key(row), row]));
  parent.replaceChildren(...rows.map((row) => {
    row.dataset.sig = `${row.className}|${row.innerHTML}`;
    const kept = old.get(key(row));
    return kept && kept.dataset.sig === row.dataset.sig ? kept : row;
  }));
}

function render() {
  renderTickets();
  renderLines();
  renderAgents();
  renderSummary();
  tick();
}

function renderTickets() {
  const tickets = [...live.tickets.values()];
  const waiting = tickets.filter(isWaiting).sort(byTime('arrivedAt'));
  const other = tickets.filter((t) => !isWaiting(t)).sort(byTime('assignedAt'));
  const rows = [...waiting, ...other].map((t) => {
    const names = (t.offeredTo || []).map(userName).join(', ');
    let state;
    let since = null;
    if (t.state === 'queued') {
      state = 'Waiting';
      since = t.arrivedAt;
    } else if (t.state === 'offered') {
      state = `${t.media === 'call' ? 'Ringing' : 'Offered'}: ${names}`;
      since = t.arrivedAt;
    } else if (t.state === 'assigned') {
      state = `With ${userName(t.agentId)}`;
      since = t.assignedAt;
    } else if (t.state === 'fell_back') {
      state = `Fell back: ${fmt.fallback(t.fallback)}`;
    } else {
      state = t.state;
    }
    return element('tr', { class: isWaiting(t) ? 'waiting' : t.state, data: { ticket: t.ticketId } },
      cell('Customer', t.customer || 'Unknown', 'customer'),
      cell('Channel', t.media === 'call' ? 'Call' : t.channel ? fmt.channel(t.channel) : 'Chat', 'media'),
      cell('Line', lineName(t.lineId), 'line'),
      cell('State', state, 'state'),
      cell(isWaiting(t) ? 'Waiting for' : 'For', timer(since, isWaiting(t) ? 'wait' : ''), 'time'));
  });
  syncRows($('tickets'), rows);
  $('tickets-empty').hidden = rows.length > 0;
  $('queue-count').textContent = rows.length ? `(${rows.length})` : '';
}

function byTime(field) {
  return (a, b) => (Date.parse(a[field]) || Infinity) - (Date.parse(b[field]) || Infinity);
}

function renderLines() {
  const ids = new Set([...directory.lines.keys(), ...live.lines.keys()]);
  const rows = [...ids].sort((a, b) => lineName(a).localeCompare(lineName(b))).map((id) => {
    const line = live.lines.get(id);
    const threshold = line ? line.serviceLevelThresholdSec : slThreshold(id);
    const sl = line ? line.serviceLevel : null;
    const slCell = element('span', { class: 'sl', data: { level: fmt.slLevel(sl) } },
      fmt.percent(sl), element('small', { text: ` ≤ ${threshold} s` }));
    return element('tr', { data: { line: id } },
      cell('Line', lineName(id), 'name'),
      cell('Waiting', String(line ? line.waitingNow : 0), 'waiting-now'),
      cell('Longest wait', timer(line && line.longestWaitingSince, 'wait'), 'longest'),
      cell('Service level', slCell, 'service'),
      cell('Answered', String(line ? line.answered : 0), 'answered'),
      cell('Abandoned', String(line ? line.abandoned : 0), 'abandoned'));
  });
  syncRows($('lines'), rows);
  $('lines-empty').hidden = rows.length > 0;
}

function renderAgents() {
  const known = new Map(live.agents);
  // Agents who have not changed state since the hub started are not in the live model: offline.
  for (const user of directory.users.values()) {
    if (user.role === 'agent' && user.active && !known.has(user.id)) {
      known.set(user.id, { agentId: user.id, state: 'offline', since: null });
    }
  }
  const byName = (a, b) => userName(a.agentId).localeCompare(userName(b.agentId));
  const on = [...known.values()].filter((a) => a.state !== 'offline').sort(byName);
  const off = [...known.values()].filter((a) => a.state === 'offline').sort(byName);
  syncRows($('agents'), on.map((a) => element('tr', { data: { agent: a.agentId } },
    cell('Agent', userName(a.agentId), 'name'),
    cell('State', element('span', { class: `state state-${a.state}` },
      fmt.agentState(a.state), a.reason ? element('span', { class: 'reason', text: ` · ${a.reason}` }) : null),
    'state'),
    cell('For', timer(a.since, ''), 'time'),
    cell('Chats', String(a.activeChats ?? 0), 'chats'),
    cell('Phone', a.registered ? 'Registered' : 'No phone', a.registered ? 'phone' : 'phone none'))));
  $('agents-empty').hidden = on.length > 0;
  $('offline').hidden = off.length === 0;
  $('offline-count').textContent = `(${off.length})`;
  syncRows($('offline-list'), off.map((a) => element('li', { data: { agent: a.agentId },
    text: userName(a.agentId) })));
}

function renderSummary() {
  const waiting = [...live.tickets.values()].filter(isWaiting);
  $('sum-waiting').textContent = String(waiting.length);
  const oldest = waiting.map((t) => t.arrivedAt).filter(Boolean).sort()[0];
  const longest = $('sum-longest');
  if (longest.dataset.oldest !== String(oldest)) {
    longest.dataset.oldest = String(oldest);
    longest.replaceChildren(timer(oldest, 'wait'));
    delete $('sum-longest-tile').dataset.level;
  }
  const agents = [...live.agents.values()];
  const signedIn = agents.filter((a) => a.state !== 'offline').length;
  const available = agents.filter((a) => a.state === 'available').length;
  $('sum-agents').replaceChildren(String(available), element('small', { text: ` of ${signedIn} signed in` }));
  // The day's service level over all lines, each weighted by what it counted.
  let within = 0;
  let base = 0;
  for (const line of live.lines.values()) {
    if (line.serviceLevel !== null) {
      const counted = line.answered + line.abandoned;
      within += (line.serviceLevel * counted) / 100;
      base += counted;
    }
  }
  const sl = base ? Math.round((1000 * within) / base) / 10 : null;
  $('sum-sl').textContent = fmt.percent(sl);
  $('sum-sl-tile').dataset.level = fmt.slLevel(sl);
}

/** Every second: the clocks from their timestamps, and the waiting colours. */
function tick() {
  for (const node of document.querySelectorAll('[data-since]')) {
    const seconds = secondsSince(node.dataset.since);
    node.textContent = fmt.duration(seconds);
    if (node.dataset.warn === 'wait') {
      const level = fmt.waitLevel(seconds);
      node.dataset.level = level;
      const holder = node.closest('tr, .tile');
      if (holder) {
        holder.dataset.level = level;
      }
    }
  }
}

// ---- directory, charts and missed calls (REST, every minute) --------------------------------------

async function refresh() {
  const asked = epoch;
  try {
    await loadDirectory(false);
  } catch (e) {
    // names fall back to ids; the charts still load
  }
  if (asked !== epoch) {
    return;
  }
  scheduleRender();
  await Promise.all([loadCharts().catch(failed('charts-section')), loadMissed().catch(failed('missed-section'))]);
}

function failed(sectionId) {
  return (error) => {
    if (session) {
      const section = $(sectionId);
      let note = section.querySelector('.load-error');
      if (!note) {
        note = element('p', { class: 'load-error', role: 'status' });
        section.append(note);
      }
      note.textContent = `Could not load: ${error.message}. Trying again in a minute.`;
    }
  };
}

function loaded(sectionId) {
  const note = $(sectionId).querySelector('.load-error');
  if (note) {
    note.remove();
  }
}

/** Names of people and lines; {@code soon}: a new agent appeared, reload unless just done. */
async function loadDirectory(soon) {
  if (soon && Date.now() - directory.loadedAt < 10_000) {
    return;
  }
  directory.loadedAt = Date.now();
  const [users, lines] = await Promise.all([all('/api/v1/users'), all('/api/v1/lines')]);
  directory.users = new Map(users.map((u) => [u.id, u]));
  directory.lines = new Map(lines.map((l) => [l.id, l]));
}

function zone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function slThreshold(lineId) {
  const line = directory.lines.get(lineId);
  return line && line.serviceLevelSec ? line.serviceLevelSec : DEFAULT_SL_SEC;
}

async function loadCharts() {
  const tz = encodeURIComponent(zone());
  const [hours, leads] = await Promise.all([
    api(`/api/v1/reports/hours?tz=${tz}`),
    api(`/api/v1/reports/leads?tz=${tz}`),
  ]);
  const now = new Date();
  const current = now.getHours();
  const used = hours.rows.map((r) => r.hour);
  const first = Math.min(8, current, ...used);
  const last = Math.min(23, Math.max(current, first + 5, ...used));
  const range = [];
  for (let h = first; h <= last; h++) {
    range.push(h);
  }
  const sl = serviceLevelByHour(hours.rows, range.filter((h) => h <= current));
  charts.range = range;
  charts.hours = hours.rows;
  charts.sl = range.map((h) => (sl.has(h) ? sl.get(h) : null));
  const bySource = new Map();
  for (const row of leads.rows) {
    bySource.set(row.source, (bySource.get(row.source) || 0) + row.leads);
  }
  charts.leads = [...bySource].map(([source, count]) => ({ name: fmt.channel(source), value: count }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  charts.width = 0;
  drawCharts();
  loaded('charts-section');
  $('charts-updated').textContent = `updated ${fmt.clockTime(new Date().toISOString())}`;
}

/**
 * Service level per local hour of arrival: taken within the line's own threshold, out of taken plus
 * abandoned (the wallboard's definition); the hours report counts each line against its own.
 */
function serviceLevelByHour(rows, hours) {
  const result = new Map();
  for (const hour of hours) {
    let within = 0;
    let base = 0;
    for (const row of rows) {
      if (row.hour === hour) {
        within += row.answeredWithinSla;
        base += row.handled + row.abandoned;
      }
    }
    if (base > 0) {
      result.set(hour, Math.round((1000 * within) / base) / 10);
    }
  }
  return result;
}

function drawCharts() {
  if (!session || charts.hours === null) {
    return;
  }
  const plot = (id) => $(id).querySelector('.plot');
  const width = Math.max(260, plot('chart-hours').clientWidth || 320);
  if (width === charts.width) {
    return;
  }
  charts.width = width;
  const hours = charts.range;
  const sum = (media) => hours.map((h) => charts.hours.filter((r) => r.hour === h && r.media === media)
    .reduce((n, r) => n + r.offered, 0));
  const calls = sum('call');
  const chats = sum('chat');
  const total = (values) => values.reduce((a, b) => a + b, 0);
  if (total(calls) + total(chats) === 0) {
    plot('chart-hours').replaceChildren(element('p', { class: 'empty', text: 'No calls or chats have ended yet today.' }));
  } else {
    const busiest = hours.map((h, i) => `${String(h).padStart(2, '0')}:00 ${calls[i]} calls, ${chats[i]} chats`)
      .filter((_, i) => calls[i] + chats[i] > 0).join('; ');
    plot('chart-hours').replaceChildren(hourBars(width, hours,
      [{ name: 'calls', cls: 'calls', values: calls }, { name: 'chats', cls: 'chats', values: chats }],
      `Calls and chats per hour today: ${total(calls)} calls, ${total(chats)} chats. ${busiest}`));
  }
  const points = charts.sl.filter((v) => v !== null);
  if (points.length === 0) {
    plot('chart-sl').replaceChildren(element('p', { class: 'empty', text: 'Nobody has been answered or given up yet today.' }));
  } else {
    const text = hours.map((h, i) => (charts.sl[i] === null ? null : `${String(h).padStart(2, '0')}:00 ${charts.sl[i]} %`))
      .filter(Boolean).join('; ');
    plot('chart-sl').replaceChildren(hourPercent(width, hours, charts.sl, fmt.SL_TARGET,
      `Service level per hour today against a target of ${fmt.SL_TARGET} %: ${text}`));
  }
  if (charts.leads.length === 0) {
    plot('chart-leads').replaceChildren(element('p', { class: 'empty', text: 'No new leads yet today.' }));
  } else {
    plot('chart-leads').replaceChildren(namedBars(width, charts.leads,
      `New leads today by channel: ${charts.leads.map((r) => `${r.name} ${r.value}`).join(', ')}`));
  }
}

async function loadMissed() {
  const report = await api(`/api/v1/reports/missed?tz=${encodeURIComponent(zone())}&limit=100`);
  const rows = report.rows.map((r) => element('tr', { data: { ticket: r.ticketId } },
    cell('Time', fmt.clockTime(r.arrivedAt), 'time'),
    cell('Caller', r.customer || 'Unknown', 'caller'),
    cell('Line', lineName(r.lineId), 'line'),
    cell('Waited', fmt.duration(r.waitSec), 'waited'),
    cell('What happened', r.outcome === 'abandoned' ? 'Hung up while waiting' : `Fell back: ${fmt.fallback(r.fallback)}`,
      'outcome'),
    cell('Call-back', callbackState(r), 'callback')));
  syncRows($('missed'), rows);
  $('missed-empty').hidden = rows.length > 0;
  $('missed-count').textContent = rows.length ? `(${rows.length})` : '';
  loaded('missed-section');
}

/** A missed call's call-back activity in the CRM, as the missed-calls report carries it. */
function callbackState(missed) {
  if (!missed.callbackId) {
    return element('span', { class: 'callback none', text: '—', title: 'No call-back activity in the CRM' });
  }
  if (missed.callbackStatus === 'done') {
    return element('span', { class: 'callback done', title: missed.callbackResult || '',
      text: `Called back ${fmt.clockTime(missed.callbackCompletedAt)}` });
  }
  const overdue = missed.callbackDueAt && Date.parse(missed.callbackDueAt) < serverNow();
  const who = missed.callbackResponsibleUserId ? ` · ${userName(missed.callbackResponsibleUserId)}` : '';
  const due = missed.callbackDueAt
    ? ` · ${overdue ? 'overdue since' : 'due'} ${fmt.clockTime(missed.callbackDueAt)}` : '';
  return element('span', { class: `callback open${overdue ? ' overdue' : ''}`, text: `To call back${who}${due}` });
}

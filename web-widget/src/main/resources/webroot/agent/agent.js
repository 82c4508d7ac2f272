// Linehub agent workspace: one page over the public REST API (/api/v1) and the chat WebSocket (/ws,
// docs/chat-protocol.md). No build step, no dependencies. User data only ever goes into the page as
// text (textContent), never as markup.

const TOKEN_KEY = 'linehub.agent.token';
const $ = (id) => document.getElementById(id);

/** el('li', {class: 'x', onclick: f}, 'text', child…) */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  ws: null,
  retry: 0,
  requests: new Map(),
  nextId: 1,
  offers: new Map(),      // ticketId -> offer frame
  dialogs: new Map(),     // dialogId -> {id, kind, title, externalRef, lastSeq, unread, messages: Map(seq -> message), session, delivery: Map(seq -> status)}
  current: null,          // dialogId shown
  presence: null,         // the agent's routing state frame
  call: null,             // the call shown in the call panel
  cardFor: null,          // what the card pane shows: a dialogId, or 'call'
  quick: new Map(),       // lineId -> quick answers
  typingTimer: null,
};

// ---- REST --------------------------------------------------------------------------------

async function api(method, path, body) {
  const response = await fetch('/api/v1' + path, {
    method,
    headers: Object.assign({'Content-Type': 'application/json'},
      state.token ? {Authorization: 'Bearer ' + state.token} : {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401 && path !== '/auth/login') {
    signOut('Your session has ended: sign in again.');
  }
  if (!response.ok) {
    throw new Error((json && json.message) || ('HTTP ' + response.status));
  }
  return json;
}

// ---- signing in ---------------------------------------------------------------------------

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  $('signin-error').textContent = '';
  try {
    const answer = await api('POST', '/auth/login', {login: form.login.value.trim(), password: form.password.value});
    state.token = answer.token;
    sessionStorage.setItem(TOKEN_KEY, answer.token);
    form.password.value = '';
    await start();
  } catch (e) {
    $('signin-error').textContent = e.message;
  }
});

$('signout').addEventListener('click', () => {
  // The hub ends the token itself (and every other of this user's); the page does not wait for it.
  if (state.token) {
    fetch('/api/v1/auth/logout', {method: 'POST', headers: {Authorization: 'Bearer ' + state.token}}).catch(() => {});
  }
  signOut('');
});

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  if (state.ws) {
    state.ws.onclose = null;
    state.ws.close(1000);
    state.ws = null;
  }
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-error').textContent = message;
}

async function start() {
  try {
    state.me = await api('GET', '/users/me');
  } catch (e) {
    signOut(state.token ? e.message : '');
    return;
  }
  $('signin').hidden = true;
  $('app').hidden = false;
  $('me').textContent = state.me.displayName + (state.me.extension ? ' · ext. ' + state.me.extension : '');
  try {
    showState(await api('GET', '/agents/me'));
  } catch (e) {
    // supervisors and admins may have no routing state
  }
  // The socket's hello loads the conversations (and again after each reconnect).
  connect();
}

// ---- presence ------------------------------------------------------------------------------

const STATE_NAMES = {available: 'Available', ringing: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up',
  away: 'Away', offline: 'Offline'};

$('presence').addEventListener('change', async (event) => {
  const [chosen, reason] = event.target.value.split(':');
  try {
    showState(await api('PUT', '/agents/me/state', reason ? {state: chosen, reason} : {state: chosen}));
  } catch (e) {
    $('link').textContent = e.message;
  }
});

function showState(presence) {
  state.presence = presence;
  const select = $('presence');
  const value = presence.state === 'away' ? 'away:' + (presence.reason || 'break') : presence.state;
  if ([...select.options].some((o) => o.value === value)) select.value = value;
  tick();
}

/** Time in state, the wrap-up countdown and the call timers: once a second. */
function tick() {
  const presence = state.presence;
  const badge = $('state');
  if (presence) {
    const seconds = presence.since ? Math.max(0, (Date.now() - Date.parse(presence.since)) / 1000) : 0;
    let text = STATE_NAMES[presence.state] || presence.state;
    if (presence.state === 'away' && presence.reason) text += ' (' + presence.reason + ')';
    if (presence.state === 'wrap_up' && state.call && state.call.wrapUpSec) {
      text += ' — ' + clock(Math.max(0, state.call.wrapUpSec - seconds)) + ' left';
    } else if (presence.since) {
      text += ' ' + clock(seconds);
    }
    badge.textContent = text;
    badge.className = 'state ' + presence.state;
  }
  const timer = document.querySelector('#call .timer');
  if (timer && state.call) {
    const from = state.call.answeredAt || state.call.startedAt;
    timer.textContent = state.call.ended ? '' : clock((Date.now() - from) / 1000);
  }
  for (const waiting of document.querySelectorAll('.offer [data-since]')) {
    waiting.textContent = 'waiting ' + clock((Date.now() - Number(waiting.dataset.since)) / 1000);
  }
}
setInterval(tick, 1000);

function clock(seconds) {
  const s = Math.floor(seconds);
  const m = Math.floor(s / 60);
  return (m >= 60 ? Math.floor(m / 60) + ':' + String(m % 60).padStart(2, '0') : m) + ':' + String(s % 60).padStart(2, '0');
}

// ---- the socket -----------------------------------------------------------------------------

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(scheme + '://' + location.host + '/ws?access_token=' + encodeURIComponent(state.token));
  state.ws = ws;
  ws.onopen = () => {
    state.retry = 0;
    $('link').textContent = '';
  };
  ws.onmessage = (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    const pending = frame.id && state.requests.get(frame.id);
    if (pending) {
      state.requests.delete(frame.id);
      if (frame.type === 'error') pending.reject(new Error(frame.message || frame.error));
      else pending.resolve(frame);
      if (frame.type !== 'history') return;
    }
    handle(frame);
  };
  ws.onclose = (event) => {
    if (state.ws !== ws) return;
    for (const pending of state.requests.values()) pending.reject(new Error('connection lost'));
    state.requests.clear();
    // 4401: the hub closed the socket because its token ended (sign-out elsewhere, deactivation,
    // a new role or password).
    if (event.code === 4401 || (event.code === 1008 && /token/i.test(event.reason))) {
      signOut('Your session has ended: sign in again.');
      return;
    }
    const delay = Math.min(30000, 500 * 2 ** state.retry++);
    $('link').textContent = 'Connection lost — reconnecting…';
    setTimeout(() => state.token && state.ws === ws && connect(), delay);
  };
}

function request(type, fields = {}) {
  const id = 'r' + state.nextId++;
  return new Promise((resolve, reject) => {
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN) {
      reject(new Error('not connected'));
      return;
    }
    state.requests.set(id, {resolve, reject});
    state.ws.send(JSON.stringify(Object.assign({v: 1, type, id}, fields)));
  });
}

function handle(frame) {
  switch (frame.type) {
    case 'hello': return hello(frame);
    case 'message': return received(frame.message);
    case 'edited': return received(frame.message, true);
    case 'deleted': return deleted(frame);
    case 'dialog': return loadDialogs().then(() => frame.joined && frame.joined.includes(state.me.id)
      && !state.current && select(frame.dialogId));
    case 'delivery': return delivery(frame);
    case 'typing': return typing(frame);
    case 'read': return;
    case 'offer': return offer(frame);
    case 'offer_withdrawn': return withdrawn(frame);
    case 'assigned': return;
    case 'state': return showState(frame);
    case 'call': return callEvent(frame);
    default: return;
  }
}

/** A (re)connection: catch up on every dialog from the seq this page has. */
async function hello(frame) {
  await loadDialogs();
  const have = {};
  for (const dialog of state.dialogs.values()) {
    const seqs = [...dialog.messages.keys()];
    if (seqs.length) have[dialog.id] = Math.max(...seqs);
  }
  if (Object.keys(have).length) {
    request('resume', {dialogs: have}).catch(() => {});
  }
  try {
    const offers = await api('GET', '/routing/offers');
    for (const pending of offers.items || offers) offer(pending);
  } catch (e) {
    // not an agent
  }
}

// ---- offers: the screen pop --------------------------------------------------------------------

function offer(frame) {
  if (state.offers.has(frame.ticketId)) return;
  state.offers.set(frame.ticketId, Object.assign({seen: Date.now()}, frame));
  renderOffers();
  notify(frame.media === 'call' ? 'Incoming call' : 'New conversation');
  if (frame.media === 'call' && frame.card) {
    // The caller's whole card beside the pop: recent activities, click-to-call, editing.
    state.cardFor = 'call';
    renderCard(frame.card.entityType + ':' + frame.card.entityId, 'call');
  }
}

function withdrawn(frame) {
  state.offers.delete(frame.ticketId);
  renderOffers();
}

function renderOffers() {
  const box = $('offers');
  box.replaceChildren(...[...state.offers.values()].map((o) => {
    const isCall = o.media === 'call';
    const card = o.card;
    return el('article', {class: 'offer', 'data-ticket': o.ticketId, 'aria-label': isCall ? 'Incoming call' : 'New conversation'},
      el('div', {},
        el('h3', {}, isCall ? 'Incoming call' : 'New conversation', ' · line ', o.lineId),
        el('div', {class: 'who'}, card && card.name ? card.name : (o.customer || 'Unknown customer')),
        card && card.name && o.customer ? el('div', {class: 'meta'}, o.customer) : null,
        el('div', {class: 'meta', 'data-since': String(o.seen)}, 'waiting 0:00'),
        cardSummary(card)),
      el('div', {class: 'buttons'},
        isCall ? el('span', {class: 'meta'}, 'Answer on your phone')
          : el('button', {type: 'button', class: 'accept', onclick: () => accept(o)}, 'Accept'),
        el('button', {type: 'button', class: 'decline', onclick: () => decline(o)}, isCall ? 'Dismiss' : 'Skip')));
  }));
  tick();
}

function cardSummary(card) {
  if (!card) return el('div', {class: 'meta'}, 'Not in the CRM yet: a lead is created for them.');
  return el('div', {class: 'summary'},
    card.company ? el('div', {}, card.company) : null,
    el('div', {class: 'meta'}, card.entityType + ' #' + card.entityId,
      card.responsibleUserId ? ' · responsible user ' + card.responsibleUserId : ''),
    card.lastActivities && card.lastActivities.length ? el('ul', {class: 'recent'},
      card.lastActivities.slice(0, 3).map((a) => el('li', {}, a.kind, ': ', a.subject || '', a.outcome ? ' (' + a.outcome + ')' : '')))
      : null);
}

async function accept(o) {
  try {
    await request('accept', {ticketId: o.ticketId});
    state.offers.delete(o.ticketId);
    renderOffers();
  } catch (e) {
    flash(e.message);
    state.offers.delete(o.ticketId);
    renderOffers();
  }
}

async function decline(o) {
  state.offers.delete(o.ticketId);
  renderOffers();
  if (o.media !== 'call') request('decline', {ticketId: o.ticketId}).catch(() => {});
}

/** A short tone and a title that blinks while the page is in the background. */
function notify(what) {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.08;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  } catch (e) {
    // no audio: the visual pop is enough
  }
  if (document.hidden) {
    const title = document.title;
    document.title = '● ' + what;
    document.addEventListener('visibilitychange', () => { document.title = title; }, {once: true});
  }
}

function flash(text) {
  $('link').textContent = text;
  setTimeout(() => { if ($('link').textContent === text) $('link').textContent = ''; }, 6000);
}

// ---- calls ------------------------------------------------------------------------------------

async function callEvent(frame) {
  let call = state.call;
  if (!call || call.id !== frame.callId) {
    call = state.call = {id: frame.callId, from: frame.from, to: frame.to, lineId: frame.lineId,
      direction: frame.direction, startedAt: Date.parse(frame.at) || Date.now(), talk: 'ringing'};
  }
  const at = Date.parse(frame.at) || Date.now();
  switch (frame.event) {
    case 'started': case 'offered': case 'ringing': call.talk = 'ringing'; break;
    case 'answered': call.talk = 'talking'; call.answeredAt = at; dropCallOffers(); break;
    case 'held': case 'resumed': {
      // Each side holds on its own (the agent from this page or the phone, the customer from theirs).
      const holds = frame.event === 'held';
      if (frame.detail === 'customer') call.customerHolds = holds; else call.agentHolds = holds;
      call.talk = holdTalk(call);
      break;
    }
    case 'transferred': call.talk = 'transferred to ' + (frame.detail || ''); break;
    case 'ended':
      call.ended = true;
      call.talk = 'ended · ' + (frame.disposition || '') + (frame.talkSeconds ? ' · talked ' + clock(frame.talkSeconds) : '');
      call.answered = frame.disposition === 'answered' && frame.agentId === state.me.id;
      dropCallOffers();
      if (call.lineId) {
        api('GET', '/lines/' + encodeURIComponent(call.lineId))
          .then((line) => { call.wrapUpSec = line.wrapUpSec || (line.timers && line.timers.wrapUpSec); tick(); })
          .catch(() => {});
      }
      break;
    default: break;
  }
  renderCall();
}

function dropCallOffers() {
  for (const [ticket, o] of state.offers) {
    if (o.media === 'call') state.offers.delete(ticket);
  }
  renderOffers();
}

function renderCall() {
  const call = state.call;
  const box = $('call');
  box.hidden = !call;
  if (!call) { box.dataset.shape = ''; return; }
  // Only a change of what the panel offers rebuilds it: a form being typed into stays as it is.
  const shape = [call.id, !!call.ended, !!call.answeredAt, !!call.answered, !!call.wrapped].join();
  if (box.dataset.shape === shape) {
    box.querySelector('.talk').textContent = call.talk;
    showHold(call);
    return;
  }
  box.dataset.shape = shape;
  const customer = call.direction === 'outbound' ? call.to : call.from;
  const parts = [
    el('div', {},
      el('strong', {}, call.direction === 'outbound' ? 'Calling ' : 'Call from ', customer || 'unknown'),
      call.lineId ? el('span', {class: 'meta'}, ' · line ', call.lineId) : null),
    el('div', {}, el('span', {class: 'talk'}, call.talk), ' ', el('span', {class: 'timer'})),
  ];
  if (!call.ended && call.answeredAt) {
    parts.push(el('div', {class: 'call-actions'},
      el('button', {type: 'button', class: 'hold', onclick: () => toggleHold(call)}, 'Hold'),
      el('form', {class: 'transfer-call', onsubmit: (e) => transferCall(e, call)},
        el('label', {}, 'Transfer to ', el('input', {name: 'to', required: true, inputmode: 'tel',
          placeholder: 'extension or number', 'aria-label': 'Transfer to an extension or a number'})),
        el('button', {type: 'submit'}, 'Transfer'))),
      el('p', {class: 'error call-error', role: 'alert'}),
      el('div', {class: 'meta'}, 'This page follows the call; hold on the phone works too.'));
  } else if (!call.ended) {
    parts.push(el('div', {class: 'meta'}, 'Answer on your phone; this page follows the call.'));
  } else if (call.answered && !call.wrapped) {
    parts.push(el('form', {class: 'wrapup', onsubmit: (e) => wrapUp(e, call)},
      el('label', {}, 'Result ', el('select', {name: 'result'},
        ['resolved', 'callback needed', 'sale', 'complaint', 'wrong number'].map((r) => el('option', {value: r}, r)))),
      el('textarea', {name: 'note', rows: '2', 'aria-label': 'Wrap-up note', placeholder: 'What was agreed'}),
      el('button', {type: 'submit'}, 'Save to the CRM'),
      el('button', {type: 'button', class: 'quiet', onclick: () => { state.call = null; renderCall(); }}, 'Skip')));
  } else {
    parts.push(el('button', {type: 'button', class: 'quiet', onclick: () => { state.call = null; renderCall(); }}, 'Dismiss'));
  }
  box.replaceChildren(...parts);
  showHold(call);
  tick();
}

/** The Hold button says what pressing it does; while its request is out it is inert and says so. */
function showHold(call) {
  const button = $('call').querySelector('button.hold');
  if (!button) return;
  button.textContent = call.holdBusy ? (call.agentHolds ? 'Resuming…' : 'Holding…') : (call.agentHolds ? 'Resume' : 'Hold');
  // aria-disabled, not disabled: a disabled button drops the keyboard focus the agent pressed it with.
  button.setAttribute('aria-disabled', call.holdBusy ? 'true' : 'false');
  $('call').querySelector('.call-error').textContent = call.error || '';
}

function holdTalk(call) {
  return call.agentHolds || call.customerHolds ? 'on hold' : 'talking';
}

/** Hold or resume from the page: the hub re-INVITEs both phones; the call events confirm it. */
async function toggleHold(call) {
  if (call.holdBusy) return;
  const action = call.agentHolds ? 'resume' : 'hold';
  call.holdBusy = true;
  call.error = '';
  showHold(call);
  try {
    const answer = await api('POST', '/calls/' + encodeURIComponent(call.id) + '/' + action);
    call.agentHolds = answer.held;
    call.talk = holdTalk(call);
  } catch (e) {
    call.error = (action === 'hold' ? 'Not on hold: ' : 'Still on hold: ') + e.message;
  }
  call.holdBusy = false;
  if (state.call === call) renderCall();
}

/** A blind transfer: the colleague (or number) takes the agent's place once they answer. */
async function transferCall(event, call) {
  event.preventDefault();
  const to = event.target.to.value.trim();
  call.error = '';
  try {
    await api('POST', '/calls/' + encodeURIComponent(call.id) + '/transfer', {to});
    flash('Transferring to ' + to + '…');
  } catch (e) {
    call.error = 'Not transferred: ' + e.message;
  }
  if (state.call === call) renderCall();
}

/** The note and result go into the call's CRM activity (written by crm-link when the call ended). */
async function wrapUp(event, call) {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    let activity = null;
    for (let i = 0; i < 20 && !activity; i++) {
      const page = await api('GET', '/crm/activities?responsible=' + state.me.id + '&limit=50');
      activity = (page.items || []).find((a) => a.externalId === call.id);
      if (!activity) await new Promise((r) => setTimeout(r, 500));
    }
    if (!activity) throw new Error('the call is not in the CRM yet; try again in a moment');
    await api('PATCH', '/crm/activities/' + activity.id, {result: form.result.value, body: form.note.value});
    call.wrapped = true;
    renderCall();
    flash('Saved to the call’s activity');
  } catch (e) {
    button.disabled = false;
    flash(e.message);
  }
}

// ---- conversations --------------------------------------------------------------------------

async function loadDialogs() {
  const list = await api('GET', '/chat/dialogs');
  const seen = new Set();
  for (const d of list.items) {
    seen.add(d.id);
    const known = state.dialogs.get(d.id);
    if (known) Object.assign(known, {title: d.title, lastSeq: d.lastSeq, unread: d.id === state.current ? 0 : d.unread});
    else state.dialogs.set(d.id, Object.assign({messages: new Map(), delivery: new Map()}, d));
  }
  for (const id of [...state.dialogs.keys()]) {
    if (!seen.has(id)) state.dialogs.delete(id);
  }
  if (state.current && !state.dialogs.has(state.current)) {
    state.current = null;
    showConversation();
  }
  renderDialogs();
}

function renderDialogs() {
  const items = [...state.dialogs.values()].sort((a, b) => (b.lastAt || 0) - (a.lastAt || 0));
  $('dialogs').replaceChildren(...items.map((d) => el('li', {},
    el('button', {type: 'button', 'aria-current': d.id === state.current ? 'true' : 'false', 'data-dialog': String(d.id),
      onclick: () => select(d.id)},
      el('span', {class: 'title'}, d.title || (d.kind === 'direct' ? 'Direct chat' : 'Group')),
      el('span', {class: 'kind'}, d.kind === 'openline' ? 'customer' : d.kind),
      d.unread ? el('span', {class: 'unread', 'aria-label': d.unread + ' unread'}, String(d.unread)) : null))));
}

async function select(dialogId) {
  state.current = dialogId;
  state.cardFor = dialogId;
  const dialog = state.dialogs.get(dialogId);
  if (!dialog) return;
  dialog.unread = 0;
  renderDialogs();
  showConversation();
  try {
    const page = await api('GET', '/chat/dialogs/' + dialogId + '/messages?limit=100');
    for (const m of page.items || page.messages || []) dialog.messages.set(m.seq, m);
    renderMessages();
  } catch (e) {
    flash(e.message);
  }
  markRead(dialog);
  if (dialog.kind === 'openline') openlineDetails(dialog);
  else $('card').replaceChildren();
}

function showConversation() {
  const dialog = state.current && state.dialogs.get(state.current);
  $('empty').hidden = !!dialog;
  $('conv').hidden = !dialog;
  if (!dialog) return;
  $('conv-title').textContent = dialog.title || 'Conversation';
  $('conv-meta').textContent = '';
  $('session-actions').hidden = dialog.kind !== 'openline';
  $('transfer-form').hidden = true;
  $('quick').hidden = true;
  renderMessages();
}

function received(message, changed) {
  const dialog = state.dialogs.get(message.dialogId);
  if (!dialog) {
    loadDialogs();
    return;
  }
  const fresh = !dialog.messages.has(message.seq);
  dialog.messages.set(message.seq, message);
  dialog.lastAt = Date.parse(message.createdAt) || Date.now();
  if (message.dialogId === state.current) {
    renderMessages();
    if (document.hasFocus()) markRead(dialog);
  } else if (fresh && !changed && message.authorId !== state.me.id) {
    dialog.unread = (dialog.unread || 0) + 1;
    if (dialog.kind === 'openline') notify('New message');
  }
  renderDialogs();
}

function deleted(frame) {
  const dialog = state.dialogs.get(frame.dialogId);
  const message = dialog && dialog.messages.get(frame.seq);
  if (message) {
    message.text = null;
    message.deletedAt = frame.deletedAt;
    if (frame.dialogId === state.current) renderMessages();
  }
}

const STATUS_RANK = {pending: 1, sent: 2, failed: 3, delivered: 4, read: 5};
const MARKS = {pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '⚠ not delivered'};

function delivery(frame) {
  const dialog = state.dialogs.get(frame.dialogId);
  if (!dialog) return;
  // Statuses only move forward; frames from different paths may still arrive out of order.
  const before = dialog.delivery.get(frame.seq);
  if (before && (STATUS_RANK[before.status] || 0) >= (STATUS_RANK[frame.status] || 0)) return;
  dialog.delivery.set(frame.seq, frame);
  if (frame.dialogId === state.current) renderMessages();
}

function renderMessages() {
  const dialog = state.current && state.dialogs.get(state.current);
  if (!dialog) return;
  const list = $('messages');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const messages = [...dialog.messages.values()].sort((a, b) => a.seq - b.seq);
  list.replaceChildren(...messages.map((m) => {
    const mine = m.authorId === state.me.id;
    const kind = m.kind === 'system' ? 'system' : m.kind === 'external' ? 'external' : mine ? 'mine' : 'other';
    const mark = mine && dialog.kind === 'openline' ? dialog.delivery.get(m.seq) : null;
    return el('li', {class: 'msg ' + kind, 'data-seq': String(m.seq)},
      m.deletedAt ? el('em', {}, 'deleted') : m.text,
      (m.attachments || []).map((a) => el('div', {}, el('a', {class: 'file', href: a.url, download: a.name,
        onclick: (event) => { event.preventDefault(); download(a); }}, '📎 ' + a.name + ' (' + fileSize(a.size) + ')'))),
      el('span', {class: 'when'}, new Date(m.createdAt).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}),
        mark ? el('span', {class: 'mark ' + mark.status, title: mark.reason || mark.status}, MARKS[mark.status] || mark.status) : null));
  }));
  if (nearBottom) list.scrollTop = list.scrollHeight;
}

function fileSize(bytes) {
  return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? Math.round(bytes / 1024) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB';
}

/**
 * Downloads an attachment: the API wants the bearer header, which a plain link cannot send, so the
 * file is fetched and handed to the browser as a blob — always as a download (never shown as a page
 * of this origin, whatever its type).
 */
async function download(attachment) {
  try {
    const response = await fetch(attachment.url, {headers: {Authorization: 'Bearer ' + state.token}});
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const blob = new Blob([await response.blob()], {type: 'application/octet-stream'});
    const url = URL.createObjectURL(blob);
    const link = el('a', {href: url, download: attachment.name});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    flash('Cannot download ' + attachment.name + ': ' + e.message);
  }
}

// Files to send with the next reply: uploaded at once (chat's upload endpoint), named by the message.
const attached = [];
let uploading = 0;

function drawAttached() {
  $('attached').replaceChildren(...attached.map((file, i) => el('button', {type: 'button', class: 'chip',
    'aria-label': 'Remove ' + file.name, onclick: () => { attached.splice(i, 1); drawAttached(); }}, '📎 ' + file.name + ' ✕')));
}

async function uploadFile(file) {
  const dialogId = state.current;
  uploading++;
  $('upload-status').textContent = 'Uploading ' + file.name + '…';
  try {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await fetch('/api/v1/chat/dialogs/' + dialogId + '/attachments', {
      method: 'POST', headers: {Authorization: 'Bearer ' + state.token}, body: form});
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json.message || 'HTTP ' + response.status);
    if (state.current === dialogId) {
      attached.push(json);
      drawAttached();
    }
    $('upload-status').textContent = '';
  } catch (e) {
    $('upload-status').textContent = file.name + ': ' + e.message;
  } finally {
    uploading--;
  }
}

$('attach').addEventListener('click', () => $('file').click());
$('file').addEventListener('change', () => {
  for (const file of $('file').files) uploadFile(file);
  $('file').value = '';
});

function markRead(dialog) {
  const seqs = [...dialog.messages.keys()];
  if (seqs.length) request('read', {dialogId: dialog.id, seq: Math.max(...seqs)}).catch(() => {});
}

function typing(frame) {
  if (frame.dialogId !== state.current || frame.userId === state.me.id) return;
  $('typing').textContent = 'typing…';
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(() => { $('typing').textContent = ''; }, 4000);
}

let lastTyping = 0;
$('text').addEventListener('input', () => {
  if (state.current && Date.now() - lastTyping > 3000) {
    lastTyping = Date.now();
    request('typing', {dialogId: state.current}).catch(() => {});
  }
});
$('text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('composer').requestSubmit();
  }
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (uploading) {
    $('upload-status').textContent = 'Wait for the upload to finish';
    return;
  }
  if ((!text && !attached.length) || !state.current) return;
  const files = attached.splice(0);
  drawAttached();
  $('text').value = '';
  try {
    await request('send', {dialogId: state.current, text, clientId: crypto.randomUUID(),
      attachments: files.length ? files.map((f) => f.id) : undefined});
  } catch (e) {
    $('text').value = text;
    attached.push(...files);
    drawAttached();
    flash('Not sent: ' + e.message);
  }
});

$('quick').addEventListener('change', (event) => {
  if (event.target.value) {
    $('text').value = event.target.value;
    event.target.value = '';
    $('text').focus();
  }
});

// ---- the open-line session and the customer's CRM card ----------------------------------------

function sessionId(dialog) {
  const match = /^openline-session-(\d+)$/.exec(dialog.externalRef || '');
  return match ? match[1] : null;
}

async function openlineDetails(dialog) {
  const id = sessionId(dialog);
  if (!id) return;
  try {
    const session = await api('GET', '/openlines/sessions/' + id);
    dialog.session = session;
    if (state.current !== dialog.id) return;
    $('conv-meta').textContent = 'via ' + session.channelId + ' · line ' + session.lineId + ' · ' + session.status;
    $('session-actions').hidden = session.status === 'closed' || session.status === 'spam';
    quickAnswers(session.lineId);
    renderCard(session.crmEntity, dialog.id);
  } catch (e) {
    flash(e.message);
  }
}

async function quickAnswers(lineId) {
  let answers = state.quick.get(lineId);
  if (!answers) {
    try {
      answers = (await api('GET', '/openlines/lines/' + encodeURIComponent(lineId) + '/settings')).quickAnswers || [];
    } catch (e) {
      answers = [];
    }
    state.quick.set(lineId, answers);
  }
  const select = $('quick');
  select.replaceChildren(el('option', {value: ''}, 'Quick answers…'),
    ...answers.map((a) => el('option', {value: a.text || a}, a.title || a.text || a)));
  select.hidden = answers.length === 0;
}

async function sessionAction(path, body, done) {
  const dialog = state.dialogs.get(state.current);
  const id = dialog && sessionId(dialog);
  if (!id) return;
  try {
    await api('POST', '/openlines/sessions/' + id + path, body);
    flash(done);
    openlineDetails(dialog);
  } catch (e) {
    flash(e.message);
  }
}

$('close-session').addEventListener('click', () => sessionAction('/close', {}, 'Conversation closed'));
$('spam').addEventListener('click', () => sessionAction('/spam', {}, 'Marked as spam'));
$('transfer-open').addEventListener('click', () => { $('transfer-form').hidden = !$('transfer-form').hidden; });
$('transfer-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const body = form.operatorId.value.trim() ? {operatorId: Number(form.operatorId.value.trim())}
    : {lineId: form.lineId.value.trim()};
  sessionAction('/transfer', body, 'Transferred');
  form.reset();
  form.hidden = true;
});

const ENTITY_PATHS = {lead: 'leads', contact: 'contacts', company: 'companies'};

async function renderCard(entity, dialogId) {
  const box = $('card');
  if (!entity) {
    box.replaceChildren(el('h2', {}, 'Customer'), el('p', {class: 'note'}, 'Not linked to the CRM yet.'));
    return;
  }
  const [type, id] = entity.split(':');
  try {
    const record = await api('GET', '/crm/' + ENTITY_PATHS[type] + '/' + id);
    const activities = await api('GET', '/crm/activities?entity=' + encodeURIComponent(entity) + '&limit=5');
    if (state.cardFor !== dialogId) return;
    const dialog = state.dialogs.get(dialogId);
    const name = record.fullName || record.name || (type === 'company' && record.title)
      || (dialog && dialog.session && dialog.session.customerName) || 'Customer';
    box.replaceChildren(
      el('h2', {}, name),
      el('dl', {},
        el('dt', {}, 'Record'), el('dd', {}, type + ' #' + id + (record.status ? ' · ' + record.status : '')),
        type === 'lead' && record.title ? [el('dt', {}, 'Lead'), el('dd', {}, record.title)] : null,
        record.companyTitle ? [el('dt', {}, 'Company'), el('dd', {}, record.companyTitle)] : null,
        el('dt', {}, 'Phones'), el('dd', {}, (record.phones || []).length ? (record.phones || []).map((p) =>
          el('div', {class: 'row'}, p, el('button', {type: 'button', class: 'quiet call-number', onclick: () => clickToCall(p)}, 'Call')))
          : '—'),
        el('dt', {}, 'E-mails'), el('dd', {}, (record.emails || []).join(', ') || '—')),
      el('h3', {}, 'Recent'),
      el('ul', {}, (activities.items || []).map((a) => el('li', {}, a.kind, ': ', a.subject || '', ' · ', a.status))),
      editForm(type, id, record, dialogId),
      el('form', {class: 'schedule', onsubmit: (e) => schedule(e, entity)},
        el('label', {}, 'Schedule', el('select', {name: 'kind'}, el('option', {value: 'callback'}, 'a callback'),
          el('option', {value: 'task'}, 'a task'))),
        el('label', {}, 'Subject', el('input', {name: 'subject', required: true})),
        el('label', {}, 'When', el('input', {name: 'due', type: 'datetime-local'})),
        el('button', {type: 'submit'}, 'Schedule')),
      type === 'lead' && record.status !== 'converted'
        ? el('button', {type: 'button', class: 'quiet', onclick: () => convert(id, dialogId)}, 'Convert the lead') : null);
  } catch (e) {
    box.replaceChildren(el('h2', {}, 'Customer'), el('p', {class: 'note'}, e.message));
  }
}

function editForm(type, id, record, dialogId) {
  const nameField = type === 'contact' ? 'fullName' : type === 'company' ? 'title' : 'name';
  return el('form', {class: 'edit', onsubmit: async (e) => {
    e.preventDefault();
    const f = e.target;
    const body = {[nameField]: f.name.value.trim(),
      phones: f.phones.value.split(',').map((s) => s.trim()).filter(Boolean),
      emails: f.emails.value.split(',').map((s) => s.trim()).filter(Boolean)};
    if (type === 'lead') body.companyTitle = f.company.value.trim();
    try {
      await api('PATCH', '/crm/' + ENTITY_PATHS[type] + '/' + id, body);
      flash('Saved');
      renderCard(type + ':' + id, dialogId);
    } catch (err) {
      flash(err.message);
    }
  }},
  el('label', {}, 'Name', el('input', {name: 'name', value: record[nameField] || ''})),
  type === 'lead' ? el('label', {}, 'Company', el('input', {name: 'company', value: record.companyTitle || ''})) : null,
  el('label', {}, 'Phones (comma-separated)', el('input', {name: 'phones', value: (record.phones || []).join(', ')})),
  el('label', {}, 'E-mails (comma-separated)', el('input', {name: 'emails', value: (record.emails || []).join(', ')})),
  el('button', {type: 'submit'}, 'Save'));
}

async function schedule(event, entity) {
  event.preventDefault();
  const f = event.target;
  const body = {entity, kind: f.kind.value, subject: f.subject.value.trim()};
  if (f.due.value) body.dueAt = new Date(f.due.value).toISOString();
  try {
    await api('POST', '/crm/activities', body);
    f.reset();
    flash('Scheduled');
  } catch (e) {
    flash(e.message);
  }
}

async function convert(id, dialogId) {
  try {
    const result = await api('POST', '/crm/leads/' + id + '/convert', {});
    flash('Lead converted');
    const contact = result && (result.contactId || (result.contact && result.contact.id));
    renderCard(contact ? 'contact:' + contact : 'lead:' + id, dialogId);
  } catch (e) {
    flash(e.message);
  }
}

async function clickToCall(number) {
  try {
    await api('POST', '/calls', {agent: state.me.id, to: number});
    flash('Your phone rings first; the customer is called when you answer.');
  } catch (e) {
    flash(e.message);
  }
}

// ---- go --------------------------------------------------------------------------------------

if (state.token) start();
else $('signin').hidden = false;

// Linehub site chat widget (docs/site-chat-protocol.md, docs/web.md). Runs inside the loader's shadow
// root. The visitor token lives in localStorage, so a reload or a new tab shows the same conversation;
// the socket resumes from the last seq shown and every message is shown once, in order. Out of hours,
// or when the line says nobody is free, the visitor gets the offline form and can ask for a call back.

const STYLE = `
  .panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483000; width: min(360px, calc(100vw - 40px));
    height: min(540px, calc(100vh - 120px)); display: flex; flex-direction: column; background: #fff; color: #1b1f24;
    border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); font: 14px/1.4 system-ui, sans-serif; overflow: hidden; }
  .panel[hidden], [hidden] { display: none !important; }
  header { display: flex; align-items: center; justify-content: space-between; padding: 10px 14px; background: #1f6feb; color: #fff; }
  header h2 { margin: 0; font-size: 15px; }
  header button { background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; }
  .chat { flex: 1; display: flex; flex-direction: column; min-height: 0; }
  .chat .to-offline { align-self: center; margin-bottom: 6px; font-size: 12px; }
  .log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 80%; padding: 7px 10px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .visitor { align-self: flex-end; background: #1f6feb; color: #fff; }
  .operator { align-self: flex-start; background: #eef1f4; }
  .system { align-self: center; color: #57606a; font-size: 12px; text-align: center; }
  .who { display: flex; align-items: center; gap: 5px; font-size: 11px; color: #57606a; margin-bottom: 3px; }
  .avatar { width: 20px; height: 20px; border-radius: 50%; color: #fff; font-size: 10px; font-weight: 600;
    display: inline-flex; align-items: center; justify-content: center; flex: none; }
  .mark { display: block; text-align: right; font-size: 11px; opacity: .85; }
  .msg.failed { background: #fff; color: #a40e26; border: 1px solid #a40e26; }
  .status { font-size: 11px; color: #57606a; min-height: 16px; padding: 0 12px; }
  .chat form, .rate { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #d0d7de; }
  .rate { justify-content: center; flex-wrap: wrap; align-items: center; }
  textarea { flex: 1; resize: none; height: 38px; padding: 8px; border: 1px solid #d0d7de; border-radius: 8px; font: inherit; }
  button.primary, .chat form button, .rate button { border: 0; border-radius: 8px; background: #1f6feb; color: #fff;
    padding: 8px 14px; cursor: pointer; font: inherit; }
  button.link { background: none; border: 0; color: #1f6feb; text-decoration: underline; cursor: pointer; font: inherit; padding: 4px; }
  .card { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; }
  .card p { margin: 0; }
  .card label { display: flex; flex-direction: column; gap: 3px; font-size: 13px; }
  .card input, .card textarea { padding: 7px; border: 1px solid #d0d7de; border-radius: 8px; font: inherit; height: auto; }
  .card .check { flex-direction: row; align-items: center; gap: 6px; }
  .error { color: #c0262d; font-size: 13px; min-height: 1em; }
  .msg a { color: inherit; display: block; }
  .chat form button.attach { background: none; color: #1f6feb; padding: 8px 4px; font-size: 18px; }
  .files { display: flex; flex-wrap: wrap; gap: 4px; padding: 0 10px; }
  .files button { border: 1px solid #d0d7de; border-radius: 12px; background: #eef1f4; padding: 2px 8px; font: 12px inherit; cursor: pointer; }
  :focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
`;

const MARKS = { sending: '…', sent: '✓', read: '✓✓' };

export function openChat(root, { hub, channel, onClose }) {
  const style = document.createElement('style');
  style.textContent = STYLE;
  const panel = document.createElement('section');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Chat');
  panel.innerHTML = `<header><h2>Chat with us</h2><button type="button" class="close" aria-label="Close chat">&times;</button></header>
    <form class="card prechat" hidden aria-label="Before we start">
      <p>Tell us who you are, if you like — it helps us answer faster.</p>
      <label>Name <input name="name" autocomplete="name" maxlength="100"></label>
      <label>Phone <input name="phone" type="tel" autocomplete="tel" maxlength="40"></label>
      <label>E-mail <input name="email" type="email" autocomplete="email" maxlength="200"></label>
      <p class="error" role="alert"></p>
      <button type="submit" class="primary">Start the chat</button>
    </form>
    <form class="card offline" hidden aria-label="Leave us a message">
      <p class="why">We are not online right now. Leave a message, or your number and we will call you back.</p>
      <label>Name <input name="name" autocomplete="name" maxlength="100"></label>
      <label>Phone <input name="phone" type="tel" autocomplete="tel" maxlength="40"></label>
      <label>E-mail <input name="email" type="email" autocomplete="email" maxlength="200"></label>
      <label>Message <textarea name="text" rows="3" maxlength="4000"></textarea></label>
      <label class="check"><input type="checkbox" name="callback" checked> Call me back</label>
      <p class="error" role="alert"></p>
      <button type="submit" class="primary">Send</button>
      <button type="button" class="link back" hidden>Back to the chat</button>
    </form>
    <div class="card done" hidden role="status"></div>
    <div class="chat" hidden>
      <div class="log" role="log" aria-live="polite"></div><div class="status" aria-live="polite"></div>
      <div class="rate" hidden role="group" aria-label="Rate the conversation"><span>How did we do?</span></div>
      <div class="files" role="group" aria-label="Files to send"></div>
      <form><button type="button" class="attach" aria-label="Attach a file" title="Attach a file">📎</button>
        <input type="file" class="file" hidden tabindex="-1"><label hidden for="lh-text">Message</label><textarea id="lh-text" name="text" maxlength="4000"
        placeholder="Type your message…"></textarea><button type="submit">Send</button></form>
      <button type="button" class="link to-offline">Prefer a call back? Leave your number</button>
    </div>`;
  root.append(style, panel);
  const $ = (css) => panel.querySelector(css);
  const chat = $('.chat');
  const log = $('.log');
  const status = $('.status');
  const form = $('.chat form');
  const text = $('#lh-text');
  const prechat = $('.prechat');
  const offline = $('.offline');
  const done = $('.done');
  const rate = $('.rate');
  const files = $('.files');
  const picker = $('.file');
  const attached = []; // uploads to send with the next message: {id, name, size}
  let uploading = 0;
  const key = `linehub.visitor.${channel}`;
  const shown = new Map(); // seq -> element: each message once
  const pending = new Map(); // clientId -> {text, el}, until acknowledged
  const names = new Map(); // operatorId -> display name
  let visitor = null; // {token, lineId, started}
  let ws = null;
  let lastSeq = 0;
  let typingTimer = null;
  let typedAt = 0;
  let retryTimer = null;
  let requestId = 0;
  let readUpTo = 0;
  let retries = 0;

  $('.close').addEventListener('click', () => { panel.hidden = true; onClose?.(); });

  function view(which) {
    for (const part of [prechat, offline, done, chat]) part.hidden = part !== which;
    const field = which.querySelector('textarea:not([hidden]), input');
    if (field && !panel.hidden) field.focus();
  }

  function saved() {
    const raw = localStorage.getItem(key);
    // A token kept by the widget's first version, bare: the same visitor, already chatting.
    if (raw && raw.startsWith('v1.')) return { token: raw, lineId: null, started: true };
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  async function visitors(body) {
    const answer = await fetch(`${hub}/api/v1/site/${encodeURIComponent(channel)}/visitors`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error(json.message || `HTTP ${answer.status}`);
    return json;
  }

  /** The visitor's token: kept, or made now (the lineId tells which line's hours apply). */
  async function ensureVisitor() {
    visitor = saved();
    if (!visitor || !visitor.token) {
      const made = await visitors({});
      visitor = { token: made.token, lineId: made.lineId, started: false };
    } else if (!visitor.lineId) {
      visitor.lineId = (await visitors({ token: visitor.token })).lineId;
    }
    localStorage.setItem(key, JSON.stringify(visitor));
    return visitor;
  }

  async function lineOpen() {
    if (!visitor.lineId) return { open: true };
    const answer = await fetch(`${hub}/api/v1/lines/${encodeURIComponent(visitor.lineId)}/hours/now`);
    return answer.ok ? answer.json() : { open: true };
  }

  function label(operatorId) {
    return names.get(operatorId) || 'Operator';
  }

  // The operator's avatar: their initials on a colour of their own (users have no photo in Linehub).
  function named(who, operatorId) {
    const name = label(operatorId);
    const avatar = document.createElement('span');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    avatar.textContent = name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
    avatar.style.background = `hsl(${(Number(operatorId) * 137) % 360} 45% 42%)`;
    const text = document.createElement('span');
    text.className = 'name';
    text.textContent = name;
    who.replaceChildren(avatar, text);
  }

  function show(m) {
    if (shown.has(m.seq)) return;
    const el = document.createElement('div');
    el.className = `msg ${m.from}`;
    el.dataset.seq = m.seq;
    if (m.from === 'operator') {
      const who = document.createElement('span');
      who.className = 'who';
      who.dataset.operator = m.operatorId;
      named(who, m.operatorId);
      el.append(who);
    }
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = m.deleted ? '(deleted)' : m.text;
    el.append(body);
    for (const file of m.attachments || []) {
      // Fetched with the token in a header and handed over as a download: a token in the link's URL
      // would end up in the browser's history and in any proxy's access log.
      const link = document.createElement('a');
      link.href = `${hub}${file.url}`;
      link.textContent = `📎 ${file.name} (${size(file.size)})`;
      link.addEventListener('click', (event) => { event.preventDefault(); download(file); });
      el.append(link);
    }
    if (m.from === 'visitor') {
      const mark = document.createElement('span');
      mark.className = 'mark';
      mark.textContent = m.seq <= readUpTo ? MARKS.read : MARKS.sent;
      el.append(mark);
      for (const [clientId, entry] of pending) {
        if (entry.text === m.text && entry.el && same(entry.ids, m.attachments)) { entry.el.remove(); entry.el = null; pending.delete(clientId); break; }
      }
    }
    shown.set(m.seq, el);
    const after = [...log.children].find((child) => child.dataset.seq && Number(child.dataset.seq) > m.seq);
    log.insertBefore(el, after || log.querySelector('.msg.sending'));
    log.scrollTop = log.scrollHeight;
    lastSeq = Math.max(lastSeq, m.seq);
    if (m.from === 'operator' && !panel.hidden) send({ type: 'read', seq: m.seq });
    if (m.note === 'rating_request') rate.hidden = false;
    if (m.note === 'unavailable') status.textContent = 'Nobody can answer right now — you can leave your number below.';
  }

  function same(ids, attachments) {
    return ids.join() === (attachments || []).map((a) => a.id).join();
  }

  async function download(file) {
    try {
      const answer = await fetch(`${hub}${file.url}`, { headers: { Authorization: `Bearer ${visitor.token}` } });
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      const url = URL.createObjectURL(await answer.blob());
      const save = document.createElement('a');
      save.href = url;
      save.download = file.name;
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      status.textContent = `Cannot download ${file.name}: ${e.message}`;
    }
  }

  function size(bytes) {
    return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  }

  /** Uploads a file with progress; the server's refusal (too big, a type not taken) is shown as it says it. */
  function upload(file) {
    uploading++;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${hub}/api/v1/site/${encodeURIComponent(channel)}/attachments`);
    xhr.setRequestHeader('Authorization', `Bearer ${visitor.token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) status.textContent = `Uploading ${file.name}… ${Math.round(100 * e.loaded / e.total)}%`;
    };
    xhr.onloadend = () => {
      uploading--;
      let json = {};
      try { json = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 201) {
        attached.push(json);
        status.textContent = `${file.name} is attached`;
        drawFiles();
      } else {
        status.textContent = `${file.name}: ${json.message || (xhr.status ? `HTTP ${xhr.status}` : 'upload failed')}`;
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
    status.textContent = `Uploading ${file.name}…`;
  }

  function drawFiles() {
    files.replaceChildren(...attached.map((file, i) => {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.textContent = `📎 ${file.name} ✕`;
      chip.setAttribute('aria-label', `Remove ${file.name}`);
      chip.addEventListener('click', () => { attached.splice(i, 1); drawFiles(); text.focus(); });
      return chip;
    }));
  }

  function markRead(seq) {
    readUpTo = Math.max(readUpTo, seq);
    for (const [s, el] of shown) {
      const mark = el.querySelector('.mark');
      if (mark && s <= readUpTo) mark.textContent = MARKS.read;
    }
  }

  function send(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ v: 1, id: String(++requestId), ...frame }));
      return true;
    }
    return false;
  }

  function resend() {
    for (const [clientId, entry] of pending) send(frameOf(clientId, entry));
  }

  async function connect() {
    const url = new URL(`${hub}/site/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({ channel, token: visitor.token, since: String(lastSeq) });
    ws = new WebSocket(url);
    ws.addEventListener('open', () => { status.textContent = ''; retries = 0; resend(); });
    ws.addEventListener('message', (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'message') show(frame.message);
      else if (frame.type === 'ack') {
        const entry = pending.get(frame.clientId);
        if (entry && entry.el) entry.el.querySelector('.mark').textContent = MARKS.sent;
      } else if (frame.type === 'read') markRead(frame.seq);
      else if (frame.type === 'operator') {
        names.set(frame.operatorId, frame.name);
        for (const who of log.querySelectorAll(`.who[data-operator="${frame.operatorId}"]`)) named(who, frame.operatorId);
      } else if (frame.type === 'typing') {
        status.textContent = `${label(frame.operatorId)} is typing…`;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { status.textContent = ''; }, 4000);
      } else if (frame.type === 'error') {
        status.textContent = frame.message;
        const refused = frame.error !== 'RATE_LIMITED' && pending.get(frame.id);
        if (refused) {
          // Refused for good (too long, a file no longer there): said on the message, never sent again.
          pending.delete(frame.id);
          refused.el.classList.add('failed');
          refused.el.querySelector('.mark').textContent = `Not sent: ${frame.message}`;
        }
        // Over the rate: the unacknowledged messages go again in a second (their ids keep them single).
        if (frame.error === 'RATE_LIMITED' && pending.size && !retryTimer) {
          retryTimer = setTimeout(() => { retryTimer = null; resend(); }, 1000);
        }
      }
    });
    ws.addEventListener('close', () => {
      status.textContent = 'Reconnecting…';
      setTimeout(connect, Math.min(30000, 1000 * 2 ** retries++));
    });
  }

  function frameOf(clientId, entry) {
    // id = clientId: an error frame names the message it refuses.
    const frame = { type: 'send', id: clientId, clientId, text: entry.text };
    if (entry.ids.length) frame.attachments = entry.ids;
    return frame;
  }

  function write(body, withFiles = []) {
    const clientId = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
    const el = document.createElement('div');
    el.className = 'msg visitor sending';
    const span = document.createElement('span');
    span.className = 'text';
    span.textContent = body;
    el.append(span);
    const mark = document.createElement('span');
    mark.className = 'mark';
    mark.textContent = MARKS.sending;
    el.append(mark);
    log.append(el);
    log.scrollTop = log.scrollHeight;
    for (const file of withFiles) {
      const name = document.createElement('span');
      name.className = 'text';
      name.textContent = `📎 ${file.name}`;
      el.insertBefore(name, mark);
    }
    const entry = { text: body, ids: withFiles.map((f) => f.id), el };
    pending.set(clientId, entry);
    send(frameOf(clientId, entry));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (uploading) { status.textContent = 'Wait for the upload to finish'; return; }
    if (!body && !attached.length) return;
    write(body, attached.splice(0));
    drawFiles();
    text.value = '';
  });
  $('.attach').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    for (const file of picker.files) upload(file);
    picker.value = '';
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  // "Typing" at most every 3 seconds: the operator needs to know, the rate limit need not hear each key.
  text.addEventListener('input', () => {
    if (Date.now() - typedAt > 3000) {
      typedAt = Date.now();
      send({ type: 'typing' });
    }
  });
  for (const score of [1, 2, 3, 4, 5]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '★'.repeat(score);
    button.setAttribute('aria-label', `${score} of 5`);
    button.addEventListener('click', () => { write(String(score), []); rate.hidden = true; status.textContent = 'Thank you!'; });
    rate.append(button);
  }

  prechat.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = prechat.elements;
    const body = { token: visitor.token };
    for (const field of ['name', 'phone', 'email']) if (f[field].value.trim()) body[field] = f[field].value.trim();
    try {
      if (Object.keys(body).length > 1) await visitors(body);
      visitor.started = true;
      localStorage.setItem(key, JSON.stringify(visitor));
      startChat();
    } catch (e) {
      prechat.querySelector('.error').textContent = e.message;
    }
  });

  offline.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = offline.elements;
    const body = { token: visitor && visitor.token, name: f.name.value.trim() || null, phone: f.phone.value.trim() || null,
      email: f.email.value.trim() || null, text: f.text.value.trim() || null, callback: f.callback.checked,
      requestId: offline.dataset.requestId || (offline.dataset.requestId = crypto.randomUUID ? crypto.randomUUID() : String(Date.now())) };
    const error = offline.querySelector('.error');
    error.textContent = '';
    try {
      const answer = await fetch(`${hub}/api/v1/site/${encodeURIComponent(channel)}/offline`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await answer.json().catch(() => ({}));
      if (!answer.ok) throw new Error(json.message || `HTTP ${answer.status}`);
      delete offline.dataset.requestId;
      done.textContent = json.calling ? `We are calling you now at ${body.phone}.`
        : body.callback ? `Thank you! We will call you back at ${body.phone}.`
        : 'Thank you! We have your message and will answer soon.';
      view(done);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  $('.to-offline').addEventListener('click', () => { $('.back').hidden = false; view(offline); });
  $('.back').addEventListener('click', () => view(chat));

  let connected = false;
  function startChat() {
    view(chat);
    if (!connected) {
      connected = true;
      connect().catch((e) => { status.textContent = `Chat unavailable: ${e.message}`; });
    }
  }

  (async () => {
    try {
      await ensureVisitor();
      const hours = await lineOpen();
      if (!hours.open) {
        if (hours.until) {
          $('.why').textContent = `We are closed now (we open ${new Date(hours.until).toLocaleString([], {
            weekday: 'short', hour: '2-digit', minute: '2-digit' })}). Leave a message, or your number and we will call you back.`;
        }
        view(offline);
      } else if (visitor.started) {
        startChat();
      } else {
        view(prechat);
      }
    } catch (e) {
      view(chat);
      status.textContent = `Chat unavailable: ${e.message}`;
    }
  })();

  return {
    toggle() { panel.hidden = !panel.hidden; if (!panel.hidden) (panel.querySelector('.chat:not([hidden]) textarea') || text).focus(); },
    isOpen() { return !panel.hidden; },
  };
}

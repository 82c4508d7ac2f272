// Linehub site chat widget (docs/site-chat-protocol.md). Runs inside the loader's shadow root.
// The visitor token lives in localStorage, so a reload or a new tab shows the same conversation;
// the socket resumes from the last seq shown and every message is shown once, in order.

const STYLE = `
  .panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483000; width: min(360px, calc(100vw - 40px));
    height: min(520px, calc(100vh - 120px)); display: flex; flex-direction: column; background: #fff; color: #1b1f24;
    border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); font: 14px/1.4 system-ui, sans-serif; overflow: hidden; }
  .panel[hidden] { display: none; }
  header { display: flex; align-items: center; justify-content: space-between; padding: 10px 14px; background: #1f6feb; color: #fff; }
  header h2 { margin: 0; font-size: 15px; }
  header button { background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; }
  .log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 80%; padding: 7px 10px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .visitor { align-self: flex-end; background: #1f6feb; color: #fff; }
  .operator { align-self: flex-start; background: #eef1f4; }
  .system { align-self: center; color: #57606a; font-size: 12px; }
  .status { font-size: 11px; color: #57606a; min-height: 16px; padding: 0 12px; }
  form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #d0d7de; }
  textarea { flex: 1; resize: none; height: 38px; padding: 8px; border: 1px solid #d0d7de; border-radius: 8px; font: inherit; }
  form button { border: 0; border-radius: 8px; background: #1f6feb; color: #fff; padding: 0 14px; cursor: pointer; font: inherit; }
  :focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
`;

export function openChat(root, { hub, channel, onClose }) {
  const style = document.createElement('style');
  style.textContent = STYLE;
  const panel = document.createElement('section');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Chat');
  panel.innerHTML = `<header><h2>Chat with us</h2><button type="button" class="close" aria-label="Close chat">&times;</button></header>
    <div class="log" role="log" aria-live="polite"></div><div class="status" aria-live="polite"></div>
    <form><label hidden for="lh-text">Message</label><textarea id="lh-text" name="text" maxlength="4000"
      placeholder="Type your message…"></textarea><button type="submit">Send</button></form>`;
  root.append(style, panel);
  const log = panel.querySelector('.log');
  const status = panel.querySelector('.status');
  const form = panel.querySelector('form');
  const text = panel.querySelector('textarea');
  const key = `linehub.visitor.${channel}`;
  const shown = new Map(); // seq -> element: each message once
  const pending = new Map(); // clientId -> text, until acknowledged
  let ws = null;
  let lastSeq = 0;
  let typingTimer = null;
  let typedAt = 0;
  let retryTimer = null;
  let requestId = 0;

  panel.querySelector('.close').addEventListener('click', () => { panel.hidden = true; onClose?.(); });

  async function token() {
    const saved = localStorage.getItem(key);
    if (saved) return saved;
    const answer = await fetch(`${hub}/api/v1/site/${encodeURIComponent(channel)}/visitors`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!answer.ok) throw new Error(`visitor token: HTTP ${answer.status}`);
    const visitor = await answer.json();
    localStorage.setItem(key, visitor.token);
    return visitor.token;
  }

  function show(m) {
    if (shown.has(m.seq)) return;
    const el = document.createElement('div');
    el.className = `msg ${m.from}`;
    el.textContent = m.deleted ? '(deleted)' : m.text;
    el.dataset.seq = m.seq;
    shown.set(m.seq, el);
    log.append(el);
    log.scrollTop = log.scrollHeight;
    lastSeq = Math.max(lastSeq, m.seq);
    if (m.from === 'operator' && !panel.hidden) send({ type: 'read', seq: m.seq });
  }

  function send(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ v: 1, id: String(++requestId), ...frame }));
      return true;
    }
    return false;
  }

  async function connect() {
    const url = new URL(`${hub}/site/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({ channel, token: await token(), since: String(lastSeq) });
    ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      status.textContent = '';
      for (const [clientId, body] of pending) send({ type: 'send', clientId, text: body });
    });
    ws.addEventListener('message', (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'message') show(frame.message);
      else if (frame.type === 'ack') pending.delete(frame.clientId);
      else if (frame.type === 'typing') {
        status.textContent = 'The operator is typing…';
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { status.textContent = ''; }, 4000);
      } else if (frame.type === 'error') {
        status.textContent = frame.message;
        // Over the rate: the unacknowledged messages go again in a second (their ids keep them single).
        if (frame.error === 'RATE_LIMITED' && pending.size && !retryTimer) {
          retryTimer = setTimeout(() => {
            retryTimer = null;
            for (const [clientId, body] of pending) send({ type: 'send', clientId, text: body });
          }, 1000);
        }
      }
    });
    ws.addEventListener('close', () => {
      status.textContent = 'Reconnecting…';
      setTimeout(connect, 2000);
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    const clientId = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
    pending.set(clientId, body);
    send({ type: 'send', clientId, text: body });
    text.value = '';
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

  connect().catch((e) => { status.textContent = `Chat unavailable: ${e.message}`; });
  text.focus();
  return {
    toggle() { panel.hidden = !panel.hidden; if (!panel.hidden) text.focus(); },
    isOpen() { return !panel.hidden; },
  };
}

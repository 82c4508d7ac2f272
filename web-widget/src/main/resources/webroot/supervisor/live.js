// The supervisor socket (docs/supervisor-protocol.md): one snapshot, then deltas in seq order.
// Reconnects with back-off and starts from a new snapshot every time; a gap or a silent socket
// also means a fresh connection, since the server resends nothing.

const PING_EVERY_MS = 20_000;
/** Nothing heard for this long (not even a pong): the connection is dead, make a new one. */
const SILENCE_MS = 50_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

export class LiveFeed {
  /**
   * @param {object} hooks
   * @param {() => string} hooks.url the socket's address with the current token
   * @param {(frame: object) => void} hooks.snapshot a snapshot: replace everything
   * @param {(frame: object) => void} hooks.delta a model frame after the snapshot, in order
   * @param {(state: string, retryInMs?: number) => void} hooks.status 'connecting', 'live', 'retrying'
   * @param {() => void} hooks.refused the socket closed before it ever opened (maybe a stale token)
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.socket = null;
    this.seq = null;
    this.failures = 0;
    this.retryTimer = 0;
    this.pingTimer = 0;
    this.heardAt = 0;
    this.stopped = true;
    this.onOnline = () => this.retryNow();
  }

  start() {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.retryTimer);
    this.drop(1000, 'signed out');
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    this.seq = null;
    this.hooks.status('connecting');
    const socket = new WebSocket(this.hooks.url());
    let opened = false;
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      this.heardAt = Date.now();
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      clearInterval(this.pingTimer);
      if (this.stopped) {
        return;
      }
      if (!opened) {
        this.hooks.refused();
      }
      if (!this.stopped) {
        this.retryLater();
      }
    };
  }

  receive(data) {
    this.heardAt = Date.now();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame === null || typeof frame !== 'object') {
      return;
    }
    if (frame.type === 'snapshot') {
      this.seq = frame.seq;
      this.failures = 0;
      this.hooks.snapshot(frame);
      this.hooks.status('live');
      return;
    }
    if (typeof frame.seq !== 'number' || this.seq === null) {
      return; // pong, error, or a frame of a type this page does not know without a seq
    }
    if (frame.seq <= this.seq) {
      return; // already applied
    }
    if (frame.seq !== this.seq + 1) {
      // The server never leaves a gap on one connection; if one shows, trust a new snapshot only.
      this.drop(4000, 'gap');
      this.retryLater(0);
      return;
    }
    this.seq = frame.seq;
    this.hooks.delta(frame);
  }

  ping() {
    if (Date.now() - this.heardAt > SILENCE_MS) {
      this.drop(4001, 'silent');
      this.retryLater(0);
      return;
    }
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send('{"type":"ping"}');
    }
  }

  /** Closes the current socket without its close handler: the caller decides what comes next. */
  drop(code, reason) {
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        socket.close(code, reason);
      }
    }
  }

  /** 1 s, 2 s, 4 s ... 30 s, each with some jitter so a restarted hub is not hit by every board at once. */
  retryLater(delayMs) {
    if (this.stopped) {
      return;
    }
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.failures);
    const delay = delayMs ?? Math.round(base / 2 + Math.random() * base / 2);
    this.failures++;
    this.hooks.status('retrying', delay);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  retryNow() {
    if (!this.stopped && this.socket === null) {
      this.connect();
    }
  }
}

// Thresholds and formats of the wallboard: one place, so the colours and the legend agree.

/** A customer waiting longer than this many seconds is shown amber. */
export const WAIT_AMBER_SEC = 30;
/** ...and longer than this, red. */
export const WAIT_RED_SEC = 60;
/** A line's service level (percent) below this is shown red. The hub has no per-line target yet. */
export const SL_TARGET = 80;

/** '' (fine), 'amber' or 'red' for a wait of {@code seconds}. */
export function waitLevel(seconds) {
  if (seconds > WAIT_RED_SEC) {
    return 'red';
  }
  return seconds > WAIT_AMBER_SEC ? 'amber' : '';
}

/** '' (no figure yet), 'ok' or 'red' for a service level in percent (null when nothing counted). */
export function slLevel(percent) {
  if (percent === null || percent === undefined) {
    return '';
  }
  return percent < SL_TARGET ? 'red' : 'ok';
}

/** 0:07, 4:05, 1:02:03. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** 12.5 → "12.5 %", null → "—". */
export function percent(value) {
  return value === null || value === undefined ? '—' : `${Number(value).toFixed(value % 1 === 0 ? 0 : 1)} %`;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Local wall-clock time of an ISO instant, "09:05". */
export function clockTime(iso) {
  return iso ? TIME.format(new Date(iso)) : '—';
}

const STATES = {
  offline: 'Offline',
  available: 'Available',
  ringing: 'Ringing',
  on_call: 'On a call',
  wrap_up: 'Wrap-up',
  away: 'Away',
};

export function agentState(state) {
  return STATES[state] || state;
}

const CHANNELS = {
  phone: 'Phone',
  email: 'E-mail',
  site_chat: 'Site chat',
  site_form: 'Site form',
  telegram: 'Telegram',
  vk: 'VK',
  whatsapp: 'WhatsApp',
  facebook: 'Messenger',
  viber: 'Viber',
  chat: 'Chat',
  manual: 'Manual',
};

export function channel(source) {
  return CHANNELS[source] || source || 'Unknown';
}

const FALLBACKS = {
  voicemail: 'voicemail',
  callback: 'call-back requested',
  forward: 'forwarded',
  hang_up: 'hung up by the line',
  auto_reply: 'auto-reply',
  line: 'moved to another line',
  keep_waiting: 'kept waiting',
};

export function fallback(action) {
  return FALLBACKS[action] || action || '';
}

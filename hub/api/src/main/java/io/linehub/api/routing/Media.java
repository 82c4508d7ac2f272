package io.linehub.api.routing;

/** What is being routed: a phone call (one at a time per agent) or a chat (several per agent). */
public enum Media {
  CALL,
  CHAT
}

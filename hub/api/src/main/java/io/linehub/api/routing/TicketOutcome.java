package io.linehub.api.routing;

/** How a ticket ended, for the supervisor and the reports. */
public enum TicketOutcome {
  /** An agent took it and the conversation ended. */
  HANDLED,
  /** The customer left before anyone took it. */
  ABANDONED,
  /** Given to a fallback (voicemail, callback, forward, hang-up, auto-reply, another line). */
  FELL_BACK
}

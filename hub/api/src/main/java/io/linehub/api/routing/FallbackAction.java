package io.linehub.api.routing;

/**
 * What happens to a customer nobody took in time, or who arrives out of hours. The executing
 * module (sip-bridge for calls, openlines for chats) performs it; routing only decides.
 */
public enum FallbackAction {
  /** Stay in the queue: members keep being offered until the customer leaves. */
  KEEP_WAITING,
  /** Move to another line ({@link Fallback#target} is its id); that line's rules apply from there. */
  LINE,
  /** Calls: record a voicemail. */
  VOICEMAIL,
  /** Open a {@code callback} activity for the line's responsible user and let the customer go. */
  CALLBACK,
  /** Calls: forward to an external number ({@link Fallback#target}). */
  FORWARD,
  /** Calls: play the greeting ({@link Fallback#message}) and hang up. */
  HANG_UP,
  /** Chats: answer with {@link Fallback#message} and offer the callback form. */
  AUTO_REPLY
}

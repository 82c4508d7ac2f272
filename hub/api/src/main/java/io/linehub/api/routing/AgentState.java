package io.linehub.api.routing;

/**
 * An agent's telephony/workspace state. {@code AVAILABLE}, {@code AWAY} and {@code OFFLINE} are
 * chosen by the agent (or a supervisor); {@code RINGING}, {@code ON_CALL} and {@code WRAP_UP} are
 * driven by routing from offers, answers and hang-ups. Active chats are counted separately.
 */
public enum AgentState {
  OFFLINE,
  AVAILABLE,
  RINGING,
  ON_CALL,
  WRAP_UP,
  AWAY;

  /** States an agent may set by hand; the others follow from calls. */
  public boolean isChosen() {
    return this == OFFLINE || this == AVAILABLE || this == AWAY;
  }
}

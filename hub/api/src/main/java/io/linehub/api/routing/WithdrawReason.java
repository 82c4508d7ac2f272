package io.linehub.api.routing;

/** Why offers were taken back from agents. */
public enum WithdrawReason {
  /** The offer time ran out. */
  TIMEOUT,
  /** Another agent accepted first. */
  TAKEN,
  /** The agent declined. */
  DECLINED,
  /** The customer left, or the ticket fell back. */
  CANCELLED
}

package io.linehub.api.routing;

/** Why a ticket fell back. */
public enum FallbackReason {
  /** The line is closed now (working hours, holiday). */
  CLOSED,
  /** Waited the line's maximum wait time. */
  MAX_WAIT,
  /** The {@code strictly} strategy tried every member once. */
  ALL_TRIED
}

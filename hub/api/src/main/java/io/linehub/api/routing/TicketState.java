package io.linehub.api.routing;

/** Where a routing ticket is. */
public enum TicketState {
  QUEUED,
  OFFERED,
  ASSIGNED,
  FELL_BACK,
  CLOSED
}

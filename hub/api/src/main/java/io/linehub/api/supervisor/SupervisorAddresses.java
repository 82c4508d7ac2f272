package io.linehub.api.supervisor;

/**
 * Local event-bus addresses of the supervisor live model. Local only: every hub node keeps its
 * own model from the routing events, so its deltas must reach only its own WebSockets.
 */
public final class SupervisorAddresses {

  /** Published by the hub's supervisor live model: body a delta frame ({@code JsonObject}) with its {@code seq}. */
  public static final String DELTA = "hub.supervisor.delta";
  /** Request/reply: any body, reply the snapshot frame ({@code JsonObject}). */
  public static final String SNAPSHOT = "hub.supervisor.snapshot";

  private SupervisorAddresses() {
  }
}

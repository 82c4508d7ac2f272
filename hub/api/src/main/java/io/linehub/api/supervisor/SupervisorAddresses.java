package io.linehub.api.supervisor;

/**
 * Local event-bus addresses of the supervisor live model. Local only: every hub node keeps its
 * own model from the routing events, so its deltas must reach only its own WebSockets.
 */
public final class SupervisorAddresses {

  /** Published by the hub's supervisor live model: body a delta frame ({@code JsonObject}) with its {@code seq}. */
  public static final String DELTA = "hub.supervisor.delta";
  /**
   * Request/reply: reply the snapshot frame ({@code JsonObject}). A {@code String} body is a
   * watcher's id: the model renders deltas from then on, until that id is sent to
   * {@link #UNWATCH}. Any other body asks for the snapshot once.
   */
  public static final String SNAPSHOT = "hub.supervisor.snapshot";
  /** Send, body a watcher's id ({@code String}) given to {@link #SNAPSHOT}: it wants no more deltas. */
  public static final String UNWATCH = "hub.supervisor.unwatch";

  private SupervisorAddresses() {
  }
}

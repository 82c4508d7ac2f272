package io.linehub.server.ops;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;

/**
 * Which verticles this process deployed, by name, and whether it is shutting down. Health is UP
 * only when every one of them is still deployed and no shutdown has begun.
 */
public final class Readiness {

  private final Vertx vertx;
  private final Map<String, String> deployments = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
  private volatile boolean stopping;

  public Readiness(Vertx vertx) {
    this.vertx = vertx;
  }

  public void deployed(String name, String deploymentId) {
    deployments.put(name, deploymentId);
  }

  public void stopping() {
    stopping = true;
  }

  public boolean isStopping() {
    return stopping;
  }

  public java.util.List<String> deploymentIdsNewestFirst() {
    synchronized (deployments) {
      var ids = new java.util.ArrayList<>(deployments.values());
      java.util.Collections.reverse(ids);
      return ids;
    }
  }

  /** Verticle name → whether its deployment is alive. */
  public Map<String, Boolean> verticles() {
    Set<String> alive = vertx.deploymentIDs();
    Map<String, Boolean> state = new java.util.TreeMap<>();
    synchronized (deployments) {
      deployments.forEach((name, id) -> state.put(name, alive.contains(id)));
    }
    return state;
  }
}

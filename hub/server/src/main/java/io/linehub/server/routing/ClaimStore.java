package io.linehub.server.routing;

import io.linehub.api.routing.Media;
import io.vertx.core.Future;
import java.util.List;

/**
 * The durable, atomic side of assignment. An agent's capacity and a ticket's owner are claimed in
 * one step that holds across nodes sharing the database: at most one call per agent, at most the
 * line's chat maximum, and one agent per ticket, whatever races between offers and accepts. Also
 * keeps the state each agent chose, so a restart gives it back.
 */
public interface ClaimStore {

  enum Result {
    OK,
    /** The agent is on a call already, or at their chat maximum. */
    AGENT_BUSY,
    /** Another agent holds this ticket. */
    TAKEN
  }

  /** An assignment still open (a chat that survived a restart). */
  record Open(String ticketId, String lineId, Media media, long agentId, java.time.Instant assignedAt) {
  }

  Future<Result> claim(String ticketId, long agentId, Media media, String lineId, int maxChats);

  /** Frees the ticket's agent; a no-op for a ticket not held. */
  Future<Void> release(String ticketId);

  /**
   * At startup: releases call assignments (calls do not survive a restart of the hub) and
   * returns the open chat assignments, which do.
   */
  Future<List<Open>> recover();

  /** The state an agent chose, as kept. */
  record Chosen(long agentId, io.linehub.api.routing.AgentState state, String reason, java.time.Instant at) {
  }

  /**
   * Keeps the state an agent chose; a change older than the one kept is ignored (two changes in
   * flight may commit in either order). Stores that keep nothing (tests, benchmarks) need not.
   */
  default Future<Void> choose(Chosen chosen) {
    return Future.succeededFuture();
  }

  /** At startup: the states agents chose before. */
  default Future<List<Chosen>> chosen() {
    return Future.succeededFuture(List.of());
  }
}

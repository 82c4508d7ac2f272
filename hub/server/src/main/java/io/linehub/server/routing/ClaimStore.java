package io.linehub.server.routing;

import io.linehub.api.routing.Media;
import io.vertx.core.Future;
import java.util.List;

/**
 * The durable, atomic side of assignment. An agent's capacity and a ticket's owner are claimed in
 * one step that holds across nodes sharing the database: at most one call per agent, at most the
 * line's chat maximum, and one agent per ticket, whatever races between offers and accepts.
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
}

package io.linehub.server.routing;

import io.linehub.api.crm.CustomerCard;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.TicketState;
import io.linehub.server.lines.Line;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** A customer waiting on (or assigned from) one line. Mutable, confined to the engine's thread. */
final class Ticket {

  final String id;
  final RouteRequest request;
  /** The customer's CRM record for the screen pop, looked up once at arrival; null when unknown. */
  final CustomerCard card;
  Line line;
  Instant arrivedAt;
  /** Arrival order, the queue's sort key (instants can tie). */
  long order;
  TicketState state = TicketState.QUEUED;
  final Set<Long> offeredTo = new LinkedHashSet<>();
  /** Members offered during this round; reset when every candidate has been tried once. */
  final Set<Long> tried = new HashSet<>();
  /** Members ever offered on this line, for {@code strictly}'s "every member tried". */
  final Set<Long> everTried = new HashSet<>();
  boolean ownerTried;
  int offers;
  long offerTimer = -1;
  java.time.Instant offerExpiresAt;
  long maxWaitTimer = -1;
  /** An accept is being claimed in the store; timers and other accepts wait for it. */
  Long claimingAgent;
  /** The customer left while a claim was in flight; applied when it completes. */
  io.linehub.api.routing.FinishReason pendingFinish;
  Long agentId;
  Instant assignedAt;
  int hops;

  Ticket(RouteRequest request, CustomerCard card, Line line, Instant arrivedAt, long order) {
    this.id = request.ticketId();
    this.request = request;
    this.card = card;
    this.line = line;
    this.arrivedAt = arrivedAt;
    this.order = order;
  }

  /** The customer's responsible user: as the caller named them, else as the CRM card says; may be null. */
  Long owner() {
    if (request.ownerUserId() != null) {
      return request.ownerUserId();
    }
    return card == null ? null : card.responsibleUserId();
  }

  boolean waiting() {
    return state == TicketState.QUEUED || state == TicketState.OFFERED;
  }
}

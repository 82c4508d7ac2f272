package io.linehub.server.routing;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.ReserveCall;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.TicketState;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.server.lines.Line;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD: lines with their queues, agents with their capacity, and the decisions between them.
 * Single-threaded by confinement — every method runs on the engine's thread (the routing
 * verticle's context), so a decision and the offer it makes are one step. Whether an accept
 * becomes an assignment is decided by the {@link ClaimStore}, atomically across nodes.
 *
 * <p>Customers are offered as soon as someone can take them: every change that frees capacity
 * (available, registered, decline, timeout, hang-up, wrap-up over, chat closed) dispatches the
 * lines the agent serves, oldest waiting customer first. There is no polling tick.
 */
public final class RoutingEngine {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingEngine.class);
  /** A reservation covers placing one call; a minute is far more than ringing a phone takes to start. */
  static final Duration MAX_RESERVATION = Duration.ofMinutes(1);

  final Scheduler scheduler;
  final RoutingEvents events;
  final ClaimStore claims;
  final Callbacks callbacks;
  final Roster roster;
  final Queues queues;
  private final Accepts accepts;
  private final Map<String, Line> lines = new HashMap<>();
  /** Agents kept for a call about to be placed ({@link #reserveCall}), by reservation id. */
  private final Map<String, Reservation> reservations = new HashMap<>();
  /** Releases still on their way to the store, per agent. */
  private final Map<Long, Future<Void>> releases = new HashMap<>();

  public RoutingEngine(Scheduler scheduler, RoutingEvents events, ClaimStore claims, Callbacks callbacks) {
    this.scheduler = scheduler;
    this.events = events;
    this.claims = claims;
    this.callbacks = callbacks;
    this.roster = new Roster(this);
    this.queues = new Queues(this);
    this.accepts = new Accepts(this, queues);
  }

  // ---- lines -------------------------------------------------------------------------------

  /** Adds or replaces a line; waiting customers follow the new rules from their next offer. */
  public void putLine(Line line) {
    Line previous = lines.put(line.id(), line);
    roster.indexMembers(previous, line);
    queues.lineChanged(line);
    queues.dispatch(line.id());
  }

  /** Removes a line; customers already waiting on it are still served with its last rules. */
  public void removeLine(String lineId) {
    Line previous = lines.remove(lineId);
    if (previous != null) {
      roster.indexMembers(previous, null);
    }
  }

  Optional<Line> line(String lineId) {
    return Optional.ofNullable(lines.get(lineId));
  }

  // ---- tickets -----------------------------------------------------------------------------

  /**
   * A customer arrives, with their CRM card when the CRM knows them (else null): every offer shows
   * it, and a line routing to the owner takes the responsible from it. Idempotent on the ticket id;
   * 404 for an unknown line.
   */
  public Enqueued enqueue(RouteRequest request, CustomerCard card) {
    if (request.ticketId() == null || request.ticketId().isBlank()) {
      throw LinehubException.badRequest("ticketId: is required");
    }
    if (request.media() == null) {
      throw LinehubException.badRequest("media: is required");
    }
    Line line = line(request.lineId())
        .orElseThrow(() -> LinehubException.notFound("line " + request.lineId() + " does not exist"));
    return queues.enqueue(request, card, line);
  }

  /** An offered agent takes the ticket; completes once the claim is durable, 409 if it cannot be had. */
  public Future<Assigned> accept(String ticketId, long agentId) {
    Promise<Assigned> promise = Promise.promise();
    accepts.accept(ticketId, agentId, promise);
    return promise.future();
  }

  /** An offered agent declines; the next member is offered. A decline of nothing offered is a no-op. */
  public void decline(String ticketId, long agentId) {
    queues.decline(ticketId, agentId);
  }

  /** The customer left, or the conversation ended. Idempotent. */
  public void finish(String ticketId, FinishReason reason) {
    queues.finish(ticketId, reason == null ? FinishReason.COMPLETED : reason);
  }

  public Optional<TicketState> ticketState(String ticketId) {
    return queues.state(ticketId);
  }

  /** The offers pending for an agent (what their workspace should show). */
  public List<io.linehub.api.routing.Offered> offersTo(long agentId) {
    Agent agent = roster.agents.get(agentId);
    return agent == null ? List.of() : queues.offersTo(agent);
  }

  /** The agent holding an assigned ticket. */
  public Optional<Long> ticketAgent(String ticketId) {
    return queues.agent(ticketId);
  }

  /**
   * Picks a member of the line who can take a call now, the way the line's next caller would be
   * offered (owner first when the line routes to owners, then tier and strategy), and keeps them
   * from offers as if they were on a call until the reservation is released or runs out. Empty
   * when the line is out of hours or nobody can take a call. Idempotent on the reservation id.
   */
  public Optional<Long> reserveCall(ReserveCall request) {
    if (request.reservationId() == null || request.reservationId().isBlank()) {
      throw LinehubException.badRequest("reservationId: is required");
    }
    if (request.holdMillis() < 1 || request.holdMillis() > MAX_RESERVATION.toMillis()) {
      throw LinehubException.badRequest("holdMillis: 1.." + MAX_RESERVATION.toMillis());
    }
    Reservation existing = reservations.get(request.reservationId());
    if (existing != null) {
      return Optional.of(existing.agentId());
    }
    Line line = line(request.lineId())
        .orElseThrow(() -> LinehubException.notFound("line " + request.lineId() + " does not exist"));
    if (!line.hours().status(scheduler.now()).open()) {
      return Optional.empty();
    }
    // A probe that is never queued: Picker only reads the agents and this ticket's own rounds.
    Ticket probe = new Ticket(new RouteRequest(request.reservationId(), line.id(), Media.CALL, Channel.PHONE, null,
        List.of(), request.ownerUserId()), null, line, scheduler.now(), -1);
    List<Agent> picked = Picker.pick(probe, roster);
    if (picked.isEmpty()) {
      return Optional.empty();
    }
    long agentId = picked.get(0).id;
    roster.directCallStarted(agentId, request.reservationId());
    long timer = scheduler.schedule(Duration.ofMillis(request.holdMillis()),
        () -> releaseReservation(request.reservationId()));
    reservations.put(request.reservationId(), new Reservation(agentId, timer));
    return Optional.of(agentId);
  }

  /** Ends a reservation: the agent is free for offers again unless the placed call holds them. Idempotent. */
  public void releaseReservation(String reservationId) {
    Reservation reservation = reservations.remove(reservationId);
    if (reservation != null) {
      scheduler.cancel(reservation.timer());
      roster.directCallEnded(reservation.agentId(), reservationId);
    }
  }

  // ---- presence ----------------------------------------------------------------------------

  public PresenceChanged setPresence(long agentId, AgentState state, String reason) {
    if (state == null || !state.isChosen()) {
      throw LinehubException.badRequest("state: must be one of available, away, offline");
    }
    return roster.choose(agentId, state, reason);
  }

  public void registration(long agentId, boolean registered) {
    roster.registration(agentId, registered);
  }

  /**
   * A step of a call from sip-bridge: the agent who places a call ({@code STARTED}) or answers one
   * routing did not offer them ({@code ANSWERED}: a transfer target, an internal callee) is busy
   * until the call ends; steps of routing's own calls change nothing here.
   */
  public void callEvent(CallEvent event) {
    if (event.agentId() != null
        && (event.type() == CallEventType.STARTED || event.type() == CallEventType.ANSWERED)) {
      roster.directCallStarted(event.agentId(), event.callId());
    }
  }

  /** A call ended: every agent it held as a direct call is free again. */
  public void callEnded(CallEnded ended) {
    for (Long agentId : ended.agentIds()) {
      roster.directCallEnded(agentId, ended.callId());
    }
    if (ended.agentId() != null) {
      roster.directCallEnded(ended.agentId(), ended.callId());
    }
  }

  public List<PresenceChanged> agents() {
    return roster.presences();
  }

  public Optional<PresenceChanged> agent(long agentId) {
    return roster.presence(agentId);
  }

  /** At startup: the chats assigned before a restart hold their agents' capacity again. */
  public void restore(List<ClaimStore.Open> open) {
    for (ClaimStore.Open assignment : open) {
      Line line = line(assignment.lineId()).orElse(Line.of(assignment.lineId(),
          io.linehub.server.lines.Strategy.EVENLY, List.of()));
      queues.restoreAssigned(assignment, line);
      roster.restoreChat(assignment.agentId(), assignment.ticketId());
    }
    if (!open.isEmpty()) {
      LOG.info("Restored {} open chat assignments", open.size());
    }
  }

  /** At startup: every agent is back in the state they chose before the restart. */
  public void restoreChosen(List<ClaimStore.Chosen> chosen) {
    chosen.forEach(roster::restoreChosen);
    if (!chosen.isEmpty()) {
      LOG.info("Restored the chosen state of {} agents", chosen.size());
    }
  }

  void releasing(long agentId, Future<Void> release) {
    releases.put(agentId, release);
    release.onComplete(ignored -> scheduler.execute(() -> releases.remove(agentId, release)));
  }

  /** Completes once the agent's last release reached the store (failed or not). */
  Future<Void> released(long agentId) {
    Future<Void> pending = releases.get(agentId);
    return pending == null ? Future.succeededFuture() : pending.transform(ignored -> Future.succeededFuture());
  }

  private record Reservation(long agentId, long timer) {
  }

  static boolean isCall(Ticket ticket) {
    return ticket.request.media() == Media.CALL;
  }
}

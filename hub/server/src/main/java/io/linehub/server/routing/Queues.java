package io.linehub.server.routing;

import io.linehub.api.crm.CustomerCard;
import io.linehub.api.routing.Enqueued;
import io.linehub.api.routing.Fallback;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.FallbackReason;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.Queued;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.routing.TicketOutcome;
import io.linehub.api.routing.TicketState;
import io.linehub.api.routing.WithdrawReason;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tickets side of the engine: queues per line, offers, timers, fallbacks, assignments. */
final class Queues {

  private static final Logger LOG = LoggerFactory.getLogger(Queues.class);
  /** A customer moved on from line to line this many times stays where they are. */
  static final int MAX_HOPS = 5;

  private final RoutingEngine engine;
  private final Map<String, Ticket> tickets = new HashMap<>();
  private final Pending pending = new Pending();
  private long arrivals;

  Queues(RoutingEngine engine) {
    this.engine = engine;
  }

  Optional<TicketState> state(String ticketId) {
    return Optional.ofNullable(tickets.get(ticketId)).map(t -> t.state);
  }

  /** What is offered to the agent right now, oldest customer first. */
  List<Offered> offersTo(Agent agent) {
    List<Offered> out = new ArrayList<>();
    List<String> ids = new ArrayList<>(agent.chatOffers);
    if (agent.phase == Agent.CallPhase.RINGING && agent.callTicket != null) {
      ids.add(agent.callTicket);
    }
    for (String id : ids) {
      Ticket t = tickets.get(id);
      if (t != null && t.offeredTo.contains(agent.id)) {
        out.add(new Offered(t.id, t.line.id(), t.request.media(), t.request.customer(), List.of(agent.id),
            t.offerExpiresAt, t.card));
      }
    }
    out.sort(Comparator.comparing(Offered::expiresAt));
    return out;
  }

  Optional<Long> agent(String ticketId) {
    return Optional.ofNullable(tickets.get(ticketId)).map(t -> t.agentId);
  }

  Enqueued enqueue(RouteRequest request, CustomerCard card, Line line) {
    Ticket existing = tickets.get(request.ticketId());
    if (existing != null) {
      return new Enqueued(existing.id, existing.state, true, true);
    }
    Instant now = engine.scheduler.now();
    Ticket ticket = new Ticket(request, card, line, now, ++arrivals);
    queue(ticket);
    boolean open = line.hours().status(now).open();
    if (!open && line.outOfHours().action() != FallbackAction.KEEP_WAITING) {
      fallBack(ticket, FallbackReason.CLOSED, line.outOfHours());
    } else {
      dispatch(line.id());
    }
    return new Enqueued(ticket.id, ticket.state, false, open);
  }

  private void queue(Ticket ticket) {
    tickets.put(ticket.id, ticket);
    pending.add(ticket);
    engine.events.publish(RoutingAddresses.QUEUED, new Queued(ticket.id, ticket.line.id(), ticket.request.media(),
        ticket.request.customer(), ticket.arrivedAt, ticket.request.channel()));
    Fallback noAnswer = ticket.line.noAnswer();
    if (noAnswer.action() != FallbackAction.KEEP_WAITING) {
      ticket.maxWaitTimer = engine.scheduler.schedule(ticket.line.timers().maxWait(),
          () -> maxWait(ticket));
    }
  }

  void lineChanged(Line line) {
    for (Ticket ticket : tickets.values()) {
      if (ticket.line.id().equals(line.id())) {
        ticket.line = line;
      }
    }
  }

  // ---- dispatch ----------------------------------------------------------------------------

  /** Offers every waiting ticket of the line that someone can take now, oldest first. */
  void dispatch(String lineId) {
    for (Media media : Media.values()) {
      TreeMap<Long, Ticket> queue = pending.of(lineId, media);
      // Keys, not an iterator: an offer may remove the ticket (offered, or fallen back).
      Long key = queue == null || queue.isEmpty() ? null : queue.firstKey();
      while (key != null) {
        Ticket ticket = queue.get(key);
        if (ticket != null && ticket.claimingAgent == null) {
          boolean ownerFirst = ticket.line.routeToOwner() && ticket.owner() != null
              && !ticket.ownerTried;
          // Same members for every ticket of the line: nobody now means nobody for the later ones
          // (a strictly round or an owner only narrow the choice further).
          if (!ownerFirst && !Picker.anyoneAvailable(ticket.line, media, engine.roster)) {
            break;
          }
          offer(ticket);
        }
        key = queue.higherKey(key);
      }
    }
  }

  /** The agent may take something new: their lines are dispatched, the longest waiting first. */
  void dispatchFor(Agent agent) {
    Set<String> lines = engine.roster.linesOf(agent.id);
    if (lines.isEmpty()) {
      return;
    }
    if (lines.size() == 1) {
      dispatch(lines.iterator().next());
      return;
    }
    List<String> ordered = new ArrayList<>(lines);
    ordered.sort(Comparator.comparingLong(pending::headOrder));
    ordered.forEach(this::dispatch);
  }

  private void offer(Ticket ticket) {
    List<Agent> chosen = Picker.pick(ticket, engine.roster);
    if (chosen.isEmpty()) {
      if (ticket.line.strategy() == Strategy.STRICTLY && everyMemberTried(ticket)) {
        allTried(ticket);
      }
      return;
    }
    Instant now = engine.scheduler.now();
    Duration offerTime = ticket.line.timers().offer(ticket.request.media());
    ticket.state = TicketState.OFFERED;
    pending.remove(ticket);
    ticket.offers++;
    List<Long> ids = new ArrayList<>(chosen.size());
    for (Agent agent : chosen) {
      ids.add(agent.key);
      ticket.offeredTo.add(agent.key);
      ticket.tried.add(agent.key);
      ticket.everTried.add(agent.key);
      engine.roster.offered(agent, ticket);
    }
    ticket.offerTimer = engine.scheduler.schedule(offerTime, () -> offerTimedOut(ticket));
    ticket.offerExpiresAt = now.plus(offerTime);
    engine.events.publish(RoutingAddresses.OFFERED, new Offered(ticket.id, ticket.line.id(), ticket.request.media(),
        ticket.request.customer(), ids, now.plus(offerTime), ticket.card));
  }

  private static boolean everyMemberTried(Ticket ticket) {
    return ticket.line.members().stream().allMatch(m -> ticket.everTried.contains(m.userId()));
  }

  private void allTried(Ticket ticket) {
    if (ticket.line.noAnswer().action() == FallbackAction.KEEP_WAITING) {
      ticket.everTried.clear();
      return;
    }
    fallBack(ticket, FallbackReason.ALL_TRIED, ticket.line.noAnswer());
  }

  // ---- offers end --------------------------------------------------------------------------

  void offerTimedOut(Ticket ticket) {
    ticket.offerTimer = -1;
    if (ticket.state != TicketState.OFFERED || ticket.claimingAgent != null) {
      // An accept is being made durable; if it fails, claimDone re-runs the timeout.
      return;
    }
    withdraw(ticket, List.copyOf(ticket.offeredTo), WithdrawReason.TIMEOUT);
    requeue(ticket);
  }

  /** Takes the offers back from these agents; the agents are freed but not dispatched here. */
  void withdraw(Ticket ticket, List<Long> agentIds, WithdrawReason reason) {
    if (agentIds.isEmpty()) {
      return;
    }
    for (Long id : agentIds) {
      ticket.offeredTo.remove(id);
      engine.roster.offerEnded(engine.roster.agent(id), ticket);
    }
    if (ticket.offeredTo.isEmpty() && ticket.offerTimer >= 0) {
      engine.scheduler.cancel(ticket.offerTimer);
      ticket.offerTimer = -1;
    }
    engine.events.publish(RoutingAddresses.OFFER_WITHDRAWN, new OfferWithdrawn(ticket.id, agentIds, reason));
  }

  /** Back to waiting after an offer ended; strictly may have run out, others are offered again. */
  void requeue(Ticket ticket) {
    if (!ticket.offeredTo.isEmpty() || !ticket.waiting()) {
      return;
    }
    ticket.state = TicketState.QUEUED;
    pending.add(ticket);
    if (ticket.line.strategy() == Strategy.STRICTLY && everyMemberTried(ticket)) {
      allTried(ticket);
      if (!ticket.waiting()) {
        return;
      }
    }
    dispatch(ticket.line.id());
  }

  void decline(String ticketId, long agentId) {
    Ticket ticket = tickets.get(ticketId);
    if (ticket == null || !ticket.waiting() || !ticket.offeredTo.contains(agentId)
        || Long.valueOf(agentId).equals(ticket.claimingAgent)) {
      return;
    }
    withdraw(ticket, List.of(agentId), WithdrawReason.DECLINED);
    requeue(ticket);
    dispatchFor(engine.roster.agent(agentId));
  }

  /** The agent cannot take offers any more (away, offline, phone gone): their offers move on. */
  void withdrawFrom(Agent agent, boolean callsOnly) {
    List<String> offered = new ArrayList<>();
    if (agent.phase == Agent.CallPhase.RINGING && agent.callTicket != null) {
      offered.add(agent.callTicket);
    }
    if (!callsOnly) {
      offered.addAll(agent.chatOffers);
    }
    for (String ticketId : offered) {
      Ticket ticket = tickets.get(ticketId);
      if (ticket != null && ticket.offeredTo.contains(agent.id)
          && !Long.valueOf(agent.id).equals(ticket.claimingAgent)) {
        withdraw(ticket, List.of(agent.id), WithdrawReason.CANCELLED);
        requeue(ticket);
      }
    }
  }

  // ---- accept: see Accepts -----------------------------------------------------------------

  Ticket ticket(String ticketId) {
    return tickets.get(ticketId);
  }

  void restoreAssigned(ClaimStore.Open open, Line line) {
    var request = new RouteRequest(open.ticketId(), open.lineId(), open.media(), null, null, List.of(), null);
    Ticket ticket = new Ticket(request, null, line, open.assignedAt(), ++arrivals);
    ticket.state = TicketState.ASSIGNED;
    ticket.agentId = open.agentId();
    ticket.assignedAt = open.assignedAt();
    tickets.put(ticket.id, ticket);
  }

  // ---- the end -----------------------------------------------------------------------------

  void finish(String ticketId, FinishReason reason) {
    Ticket ticket = tickets.get(ticketId);
    if (ticket == null) {
      return;
    }
    if (ticket.claimingAgent != null) {
      ticket.pendingFinish = reason;
      return;
    }
    if (ticket.waiting()) {
      List<Long> offered = List.copyOf(ticket.offeredTo);
      cancelTimers(ticket);
      withdraw(ticket, offered, WithdrawReason.CANCELLED);
      close(ticket, TicketOutcome.ABANDONED, null);
      offered.forEach(id -> dispatchFor(engine.roster.agent(id)));
      return;
    }
    Agent agent = engine.roster.agent(ticket.agentId);
    engine.releasing(ticket.agentId, engine.claims.release(ticket.id).onFailure(e -> LOG.error(
        "Release failed; the agent stays busy in the store until released [ticket: {}, agent: {}]",
        ticket.id, ticket.agentId, e)));
    close(ticket, TicketOutcome.HANDLED, null);
    engine.roster.conversationEnded(agent, ticket);
    dispatchFor(agent);
  }

  void maxWait(Ticket ticket) {
    ticket.maxWaitTimer = -1;
    if (ticket.waiting() && ticket.claimingAgent == null) {
      fallBack(ticket, FallbackReason.MAX_WAIT, ticket.line.noAnswer());
    }
  }

  private void fallBack(Ticket ticket, FallbackReason reason, Fallback fallback) {
    Instant now = engine.scheduler.now();
    List<Long> offered = List.copyOf(ticket.offeredTo);
    cancelTimers(ticket);
    withdraw(ticket, offered, WithdrawReason.CANCELLED);
    Fallback applied = fallback;
    Line target = null;
    if (fallback.action() == FallbackAction.LINE) {
      target = engine.line(fallback.target()).orElse(null);
      if (target == null || ticket.hops >= MAX_HOPS) {
        LOG.warn("Line fallback not possible, requesting a callback instead [ticket: {}, line: {}, target: {}]",
            ticket.id, ticket.line.id(), fallback.target());
        applied = new Fallback(FallbackAction.CALLBACK, null, fallback.message());
        target = null;
      }
    }
    ticket.state = TicketState.FELL_BACK;
    engine.events.publish(RoutingAddresses.FELL_BACK, new FellBack(ticket.id, ticket.line.id(),
        ticket.request.media(), ticket.request.customer(), applied, reason));
    close(ticket, TicketOutcome.FELL_BACK, applied.action());
    if (applied.action() == FallbackAction.CALLBACK) {
      engine.callbacks.request(ticket.request, ticket.line, ticket.arrivedAt, now);
    }
    if (target != null) {
      Ticket moved = new Ticket(ticket.request, ticket.card, target, now, ++arrivals);
      moved.hops = ticket.hops + 1;
      queue(moved);
      dispatch(target.id());
    }
    offered.forEach(id -> dispatchFor(engine.roster.agent(id)));
  }

  private void close(Ticket ticket, TicketOutcome outcome, FallbackAction fallback) {
    removeWaiting(ticket);
    tickets.remove(ticket.id);
    if (ticket.state != TicketState.FELL_BACK) {
      ticket.state = TicketState.CLOSED;
    }
    engine.events.publish(RoutingAddresses.CLOSED, new TicketClosed(ticket.id, ticket.line.id(),
        ticket.request.media(), ticket.request.customer(), outcome,
        outcome == TicketOutcome.HANDLED ? ticket.agentId : null,
        ticket.arrivedAt, outcome == TicketOutcome.HANDLED ? ticket.assignedAt : null, engine.scheduler.now(),
        fallback, ticket.offers));
  }

  void removeWaiting(Ticket ticket) {
    pending.remove(ticket);
  }

  void cancelTimers(Ticket ticket) {
    if (ticket.offerTimer >= 0) {
      engine.scheduler.cancel(ticket.offerTimer);
      ticket.offerTimer = -1;
    }
    if (ticket.maxWaitTimer >= 0) {
      engine.scheduler.cancel(ticket.maxWaitTimer);
      ticket.maxWaitTimer = -1;
    }
  }
}

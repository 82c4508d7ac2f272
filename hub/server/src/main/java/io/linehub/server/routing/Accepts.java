package io.linehub.server.routing;

import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.routing.TicketState;
import io.linehub.api.routing.WithdrawReason;
import io.vertx.core.AsyncResult;
import io.vertx.core.Promise;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From an agent's accept to an assignment: the offer is checked in memory, the claim made durable
 * and atomic in the {@link ClaimStore}, and whatever happened to the ticket meanwhile (the offer
 * time ran out, the customer left, the maximum wait passed) is applied once the claim answers.
 */
final class Accepts {

  private static final Logger LOG = LoggerFactory.getLogger(Accepts.class);

  private final RoutingEngine engine;
  private final Queues queues;

  Accepts(RoutingEngine engine, Queues queues) {
    this.engine = engine;
    this.queues = queues;
  }

  void accept(String ticketId, long agentId, Promise<Assigned> promise) {
    Ticket ticket = queues.ticket(ticketId);
    if (ticket != null && ticket.state == TicketState.ASSIGNED && ticket.agentId == agentId) {
      promise.complete(assigned(ticket));
      return;
    }
    if (ticket == null || !ticket.waiting()) {
      promise.fail(LinehubException.conflict("ticket " + ticketId + " is not waiting for an agent"));
      return;
    }
    if (!ticket.offeredTo.contains(agentId)) {
      promise.fail(LinehubException.conflict("ticket " + ticketId + " is not offered to agent " + agentId));
      return;
    }
    if (ticket.claimingAgent != null) {
      promise.fail(LinehubException.conflict("ticket " + ticketId + " is being taken by another agent"));
      return;
    }
    ticket.claimingAgent = agentId;
    // The agent's last release must be in the store first, or a quick accept right after a hang-up
    // would find them still busy there (the two statements may run on different connections).
    engine.released(agentId)
        .transform(ignored -> engine.claims.claim(ticket.id, agentId, ticket.request.media(), ticket.line.id(),
            ticket.line.maxChats()))
        .onComplete(ar -> engine.scheduler.execute(() -> claimDone(ticket, agentId, ar, promise)));
  }

  private void claimDone(Ticket ticket, long agentId, AsyncResult<ClaimStore.Result> ar,
      Promise<Assigned> promise) {
    ticket.claimingAgent = null;
    if (ar.succeeded() && ar.result() == ClaimStore.Result.OK) {
      assign(ticket, agentId);
      promise.complete(assigned(ticket));
      if (ticket.pendingFinish != null) {
        queues.finish(ticket.id, ticket.pendingFinish);
      }
      return;
    }
    if (ar.failed()) {
      LOG.error("Claim failed [ticket: {}, agent: {}]", ticket.id, agentId, ar.cause());
      promise.fail(LinehubException.from(ar.cause()));
    } else {
      promise.fail(LinehubException.conflict(ar.result() == ClaimStore.Result.AGENT_BUSY
          ? "agent " + agentId + " is at capacity" : "ticket " + ticket.id + " was taken by another agent"));
      if (ticket.offeredTo.contains(agentId)) {
        queues.withdraw(ticket, List.of(agentId), WithdrawReason.CANCELLED);
      }
    }
    if (ticket.pendingFinish != null) {
      queues.finish(ticket.id, ticket.pendingFinish);
    } else if (ticket.maxWaitTimer < 0 && ticket.line.noAnswer().action() != FallbackAction.KEEP_WAITING) {
      // The maximum wait passed while the claim was in flight.
      queues.maxWait(ticket);
    } else if (ticket.offerTimer < 0 && !ticket.offeredTo.isEmpty()) {
      queues.offerTimedOut(ticket);
    } else {
      queues.requeue(ticket);
    }
  }

  private void assign(Ticket ticket, long agentId) {
    queues.cancelTimers(ticket);
    List<Long> others = ticket.offeredTo.stream().filter(id -> id != agentId).toList();
    ticket.offeredTo.remove(agentId);
    queues.withdraw(ticket, others, WithdrawReason.TAKEN);
    ticket.offeredTo.clear();
    ticket.state = TicketState.ASSIGNED;
    ticket.agentId = agentId;
    ticket.assignedAt = engine.scheduler.now();
    queues.removeWaiting(ticket);
    engine.roster.assigned(engine.roster.agent(agentId), ticket);
    engine.events.publish(RoutingAddresses.ASSIGNED, assigned(ticket));
    others.forEach(id -> queues.dispatchFor(engine.roster.agent(id)));
  }

  private static Assigned assigned(Ticket ticket) {
    return new Assigned(ticket.id, ticket.line.id(), ticket.request.media(), ticket.agentId, ticket.arrivedAt,
        ticket.assignedAt);
  }
}

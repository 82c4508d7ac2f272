package io.linehub.server.supervisor;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.Fallback;
import io.linehub.api.routing.FallbackAction;
import io.linehub.api.routing.FallbackReason;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.OfferWithdrawn;
import io.linehub.api.routing.Offered;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.Queued;
import io.linehub.api.routing.TicketClosed;
import io.linehub.api.routing.TicketOutcome;
import io.linehub.api.routing.WithdrawReason;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Strategy;
import io.linehub.server.lines.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Routing events as routing would publish them, for the supervisor tests. */
final class Events {

  private Events() {
  }

  static Line line(String id, String name, String zone, Duration serviceLevel) {
    return new Line(id, name, null, List.of(), Strategy.ALL, List.of(), null, 5, null,
        new WorkingHours(ZoneId.of(zone), Map.of(), Set.of()), null, null, false, serviceLevel);
  }

  static Queued queued(String ticketId, String lineId, Instant arrivedAt) {
    return new Queued(ticketId, lineId, Media.CALL, "+79001234567", arrivedAt, io.linehub.api.crm.Channel.PHONE);
  }

  static Offered offered(String ticketId, String lineId, Instant expiresAt, Long... agentIds) {
    return new Offered(ticketId, lineId, Media.CALL, "+79001234567", List.of(agentIds), expiresAt, null);
  }

  static OfferWithdrawn withdrawn(String ticketId, WithdrawReason reason, Long... agentIds) {
    return new OfferWithdrawn(ticketId, List.of(agentIds), reason);
  }

  static Assigned assigned(String ticketId, String lineId, long agentId, Instant arrivedAt, Instant assignedAt) {
    return new Assigned(ticketId, lineId, Media.CALL, agentId, arrivedAt, assignedAt);
  }

  static FellBack fellBack(String ticketId, String lineId, FallbackAction action, String target) {
    return new FellBack(ticketId, lineId, Media.CALL, "+79001234567", new Fallback(action, target, null),
        FallbackReason.MAX_WAIT);
  }

  static TicketClosed handled(String ticketId, String lineId, long agentId, Instant arrivedAt, Instant assignedAt,
      Instant endedAt) {
    return new TicketClosed(ticketId, lineId, Media.CALL, "+79001234567", TicketOutcome.HANDLED, agentId, arrivedAt,
        assignedAt, endedAt, null, 1);
  }

  static TicketClosed abandoned(String ticketId, String lineId, Instant arrivedAt, Instant endedAt) {
    return new TicketClosed(ticketId, lineId, Media.CALL, "+79001234567", TicketOutcome.ABANDONED, null, arrivedAt,
        null, endedAt, null, 0);
  }

  static TicketClosed fellBackClosed(String ticketId, String lineId, FallbackAction action, Instant arrivedAt,
      Instant endedAt) {
    return new TicketClosed(ticketId, lineId, Media.CALL, "+79001234567", TicketOutcome.FELL_BACK, null, arrivedAt,
        null, endedAt, action, 0);
  }

  static PresenceChanged presence(long agentId, AgentState state, Instant since) {
    return new PresenceChanged(agentId, state, state == AgentState.AWAY ? "lunch" : null, since, 0, true);
  }
}

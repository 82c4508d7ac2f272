package io.linehub.server.routing;

import io.linehub.server.lines.Line;
import io.linehub.server.lines.Member;
import io.linehub.server.lines.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses whom a waiting ticket is offered to next. Pure: reads the agents, changes nothing but
 * the ticket's round ({@link Ticket#tried} is reset when every available candidate had it once).
 *
 * <p>Order of rules: the customer's CRM owner first (once, if available); then only members who
 * can take the media now and were not offered this ticket in the current round ({@code strictly}:
 * ever on this line); of those, the best (lowest) tier; within it the strategy. A tier is skipped
 * when none of its members is available or all of them already had this customer this round.
 */
final class Picker {

  private Picker() {
  }

  static List<Agent> pick(Ticket ticket, Roster roster) {
    Map<Long, Agent> agents = roster.agents;
    Line line = ticket.line;
    Long owner = ticket.owner();
    if (line.routeToOwner() && owner != null && !ticket.ownerTried) {
      ticket.ownerTried = true;
      Agent agent = agents.get(owner);
      if (agent != null && !ticket.offeredTo.contains(owner)
          && agent.canTake(ticket.request.media(), line.maxChats())) {
        return List.of(agent);
      }
    }
    boolean strictly = line.strategy() == Strategy.STRICTLY;
    Agent[] members = roster.members(line);
    List<Agent> best = best(ticket, members, strictly ? ticket.everTried : ticket.tried);
    if (best.isEmpty() && !strictly && !ticket.tried.isEmpty()) {
      best = best(ticket, members, Set.of());
      if (!best.isEmpty()) {
        // Every available member had this customer in this round: a new round.
        ticket.tried.clear();
      }
    }
    if (best.isEmpty() || line.strategy() == Strategy.ALL) {
      return best;
    }
    // Plain loops from here on: this runs for every offer.
    Agent chosen = best.get(0);
    for (int i = 1; i < best.size(); i++) {
      Agent next = best.get(i);
      if (before(line.strategy(), next, chosen)) {
        chosen = next;
      }
    }
    return List.of(chosen);
  }

  /** Whether {@code a} beats {@code b} (strictly greater, so the earlier member wins a tie). */
  private static boolean before(Strategy strategy, Agent a, Agent b) {
    return switch (strategy) {
      case ALL, STRICTLY -> false;
      case EVENLY -> a.lastOffered.isBefore(b.lastOffered);
      case LONGEST_IDLE -> a.idleSince.isBefore(b.idleSince);
      case LEAST_BUSY -> a.load() < b.load() || (a.load() == b.load() && a.idleSince.isBefore(b.idleSince));
    };
  }

  /** Available members not yet tried, of the lowest tier that has any, in member order. */
  private static List<Agent> best(Ticket ticket, Agent[] members, Set<Long> tried) {
    List<Agent> out = new ArrayList<>();
    int bestTier = Integer.MAX_VALUE;
    List<Member> config = ticket.line.members();
    for (int i = 0; i < members.length; i++) {
      int tier = config.get(i).tier();
      Agent agent = members[i];
      if (tier > bestTier || tried.contains(agent.key) || ticket.offeredTo.contains(agent.key)
          || !agent.canTake(ticket.request.media(), ticket.line.maxChats())) {
        continue;
      }
      if (tier < bestTier) {
        bestTier = tier;
        out.clear();
      }
      out.add(agent);
    }
    return out;
  }

  /** Whether any member of the line could take this line's media now (a cheap guard for dispatch). */
  static boolean anyoneAvailable(Line line, io.linehub.api.routing.Media media, Roster roster) {
    for (Agent agent : roster.members(line)) {
      if (agent.canTake(media, line.maxChats())) {
        return true;
      }
    }
    return false;
  }
}

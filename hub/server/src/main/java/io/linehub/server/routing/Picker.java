package io.linehub.server.routing;

import io.linehub.server.lines.Line;
import io.linehub.server.lines.Member;
import io.linehub.server.lines.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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

  static List<Agent> pick(Ticket ticket, Map<Long, Agent> agents) {
    Line line = ticket.line;
    Long owner = ticket.request.ownerUserId();
    if (line.routeToOwner() && owner != null && !ticket.ownerTried) {
      ticket.ownerTried = true;
      Agent agent = agents.get(owner);
      if (agent != null && !ticket.offeredTo.contains(owner)
          && agent.canTake(ticket.request.media(), line.maxChats())) {
        return List.of(agent);
      }
    }
    List<Candidate> available = available(ticket, agents);
    if (available.isEmpty()) {
      return List.of();
    }
    boolean strictly = line.strategy() == Strategy.STRICTLY;
    List<Candidate> fresh = untried(available, strictly ? ticket.everTried : ticket.tried);
    if (fresh.isEmpty()) {
      if (strictly) {
        return List.of();
      }
      ticket.tried.clear();
      fresh = available;
    }
    int tier = fresh.stream().mapToInt(c -> c.member.tier()).min().orElseThrow();
    List<Candidate> best = fresh.stream().filter(c -> c.member.tier() == tier).toList();
    return switch (line.strategy()) {
      case ALL -> best.stream().map(Candidate::agent).toList();
      case STRICTLY -> List.of(best.get(0).agent);
      case EVENLY -> List.of(min(best, Comparator.comparing(c -> c.agent.lastOffered)));
      case LONGEST_IDLE -> List.of(min(best, Comparator.comparing(c -> c.agent.idleSince)));
      case LEAST_BUSY -> List.of(min(best, Comparator.<Candidate>comparingInt(c -> c.agent.load())
          .thenComparing(c -> c.agent.idleSince)));
    };
  }

  /** Whether any member of the line could take this line's media now (a cheap guard for dispatch). */
  static boolean anyoneAvailable(Line line, io.linehub.api.routing.Media media, Map<Long, Agent> agents) {
    for (Member member : line.members()) {
      Agent agent = agents.get(member.userId());
      if (agent != null && agent.canTake(media, line.maxChats())) {
        return true;
      }
    }
    return false;
  }

  private record Candidate(Member member, Agent agent, int position) {
  }

  private static List<Candidate> available(Ticket ticket, Map<Long, Agent> agents) {
    List<Candidate> out = new ArrayList<>();
    List<Member> members = ticket.line.members();
    for (int i = 0; i < members.size(); i++) {
      Member member = members.get(i);
      Agent agent = agents.get(member.userId());
      if (agent != null && !ticket.offeredTo.contains(member.userId())
          && agent.canTake(ticket.request.media(), ticket.line.maxChats())) {
        out.add(new Candidate(member, agent, i));
      }
    }
    return out;
  }

  private static List<Candidate> untried(List<Candidate> available, java.util.Set<Long> tried) {
    return available.stream().filter(c -> !tried.contains(c.member.userId())).toList();
  }

  /** The minimum by {@code order}; the member list position breaks ties, so results are deterministic. */
  private static Agent min(List<Candidate> candidates, Comparator<Candidate> order) {
    return candidates.stream().min(order.thenComparingInt(Candidate::position)).orElseThrow().agent;
  }
}

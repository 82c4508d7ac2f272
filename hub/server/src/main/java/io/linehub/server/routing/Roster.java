package io.linehub.server.routing;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.server.lines.Line;
import io.linehub.server.lines.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agents side of the engine: presence, phone registration, the call phase and chat counts,
 * and which lines each agent serves. Every visible change is published as {@link PresenceChanged}.
 */
final class Roster {

  private final RoutingEngine engine;
  final Map<Long, Agent> agents = new HashMap<>();
  private final Map<Long, Set<String>> memberOf = new HashMap<>();
  /** Per line in effect, its members' agents in member order (so picking does no map lookups). */
  private final Map<String, Resolved> resolved = new HashMap<>();

  private record Resolved(Line line, Agent[] agents) {
  }

  Roster(RoutingEngine engine) {
    this.engine = engine;
  }

  Agent agent(long id) {
    return agents.computeIfAbsent(id, key -> new Agent(key, engine.scheduler.now()));
  }

  void indexMembers(Line previous, Line next) {
    if (previous != null) {
      for (Member member : previous.members()) {
        Set<String> lines = memberOf.get(member.userId());
        if (lines != null) {
          lines.remove(previous.id());
        }
      }
    }
    if (previous != null && next == null) {
      resolved.remove(previous.id());
    }
    if (next != null) {
      Agent[] agents = new Agent[next.members().size()];
      for (int i = 0; i < agents.length; i++) {
        Member member = next.members().get(i);
        memberOf.computeIfAbsent(member.userId(), key -> new HashSet<>()).add(next.id());
        agents[i] = agent(member.userId());
      }
      resolved.put(next.id(), new Resolved(next, agents));
    }
  }

  /** The line's members' agents in member order; built afresh for a line no longer in effect. */
  Agent[] members(Line line) {
    Resolved cached = resolved.get(line.id());
    if (cached != null && cached.line == line) {
      return cached.agents;
    }
    Agent[] agents = new Agent[line.members().size()];
    for (int i = 0; i < agents.length; i++) {
      agents[i] = agent(line.members().get(i).userId());
    }
    return agents;
  }

  Set<String> linesOf(long agentId) {
    return memberOf.getOrDefault(agentId, Set.of());
  }

  PresenceChanged choose(long agentId, AgentState state, String reason) {
    Agent agent = agent(agentId);
    boolean wasAvailable = agent.chosen == AgentState.AVAILABLE;
    agent.chosen = state;
    agent.reason = state == AgentState.AWAY && reason != null && !reason.isBlank() ? reason.strip() : null;
    if (state != AgentState.AVAILABLE) {
      // Offers pending to someone who stepped away go to the next member at once.
      engine.queues.withdrawFrom(agent, false);
    } else if (!wasAvailable) {
      agent.idleSince = engine.scheduler.now();
    }
    touch(agent);
    if (state == AgentState.AVAILABLE) {
      engine.queues.dispatchFor(agent);
    }
    return agent.presence();
  }

  void registration(long agentId, boolean registered) {
    Agent agent = agent(agentId);
    agent.registered = registered;
    if (!registered) {
      engine.queues.withdrawFrom(agent, true);
    }
    touch(agent);
    if (registered) {
      engine.queues.dispatchFor(agent);
    }
  }

  void offered(Agent agent, Ticket ticket) {
    agent.lastOffered = engine.scheduler.now();
    if (RoutingEngine.isCall(ticket)) {
      agent.phase = Agent.CallPhase.RINGING;
      agent.callTicket = ticket.id;
    } else {
      agent.chatOffers.add(ticket.id);
    }
    touch(agent);
  }

  /** An offer to the agent ended without an assignment. */
  void offerEnded(Agent agent, Ticket ticket) {
    if (RoutingEngine.isCall(ticket)) {
      if (ticket.id.equals(agent.callTicket) && agent.phase == Agent.CallPhase.RINGING) {
        agent.phase = Agent.CallPhase.NONE;
        agent.callTicket = null;
      }
    } else {
      agent.chatOffers.remove(ticket.id);
    }
    touch(agent);
  }

  void assigned(Agent agent, Ticket ticket) {
    agent.lastOffered = engine.scheduler.now();
    if (RoutingEngine.isCall(ticket)) {
      agent.phase = Agent.CallPhase.ON_CALL;
      agent.callTicket = ticket.id;
    } else {
      agent.chatOffers.remove(ticket.id);
      agent.chats.add(ticket.id);
    }
    touch(agent);
  }

  /** The conversation is over: a call starts the line's wrap-up, a chat frees its slot. */
  void conversationEnded(Agent agent, Ticket ticket) {
    Instant now = engine.scheduler.now();
    agent.idleSince = now;
    if (RoutingEngine.isCall(ticket)) {
      if (!ticket.id.equals(agent.callTicket)) {
        return;
      }
      agent.callTicket = null;
      Duration wrapUp = ticket.line.timers().wrapUp();
      if (wrapUp.isZero()) {
        agent.phase = Agent.CallPhase.NONE;
      } else {
        agent.phase = Agent.CallPhase.WRAP_UP;
        agent.wrapUpTimer = engine.scheduler.schedule(wrapUp, () -> wrapUpOver(agent));
      }
    } else {
      agent.chats.remove(ticket.id);
    }
    touch(agent);
  }

  private void wrapUpOver(Agent agent) {
    if (agent.phase != Agent.CallPhase.WRAP_UP) {
      return;
    }
    agent.phase = Agent.CallPhase.NONE;
    agent.wrapUpTimer = -1;
    agent.idleSince = engine.scheduler.now();
    touch(agent);
    engine.queues.dispatchFor(agent);
  }

  /** The agent is on a call routing did not offer them (see {@link Agent#directCalls}). */
  void directCallStarted(long agentId, String callId) {
    Agent agent = agent(agentId);
    if (callId.equals(agent.callTicket) || !agent.directCalls.add(callId)) {
      return; // routing's own call, or already known
    }
    engine.queues.withdrawFrom(agent, true); // a call ringing for them now goes to someone else
    touch(agent);
  }

  /** A call ended: whoever was on it as a direct call is free for offers again. */
  void directCallEnded(long agentId, String callId) {
    Agent agent = agents.get(agentId);
    if (agent == null || !agent.directCalls.remove(callId)) {
      return;
    }
    agent.idleSince = engine.scheduler.now();
    touch(agent);
    engine.queues.dispatchFor(agent);
  }

  void restoreChosen(ClaimStore.Chosen chosen) {
    Agent agent = agent(chosen.agentId());
    agent.chosen = chosen.state();
    agent.reason = chosen.state() == AgentState.AWAY ? chosen.reason() : null;
    agent.stateSince = chosen.at();
    touch(agent);
  }

  void restoreChat(long agentId, String ticketId) {
    Agent agent = agent(agentId);
    agent.chats.add(ticketId);
    touch(agent);
  }

  void touch(Agent agent) {
    PresenceChanged changed = agent.changed(engine.scheduler.now());
    if (changed != null) {
      engine.events.publish(RoutingAddresses.PRESENCE_CHANGED, changed);
    }
  }

  List<PresenceChanged> presences() {
    List<PresenceChanged> out = new ArrayList<>();
    agents.values().forEach(agent -> out.add(agent.presence()));
    out.sort(Comparator.comparingLong(PresenceChanged::agentId));
    return out;
  }

  Optional<PresenceChanged> presence(long agentId) {
    return Optional.ofNullable(agents.get(agentId)).map(Agent::presence);
  }
}

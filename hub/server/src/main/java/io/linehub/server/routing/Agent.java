package io.linehub.server.routing;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.PresenceChanged;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One agent as the engine sees them. Mutable, confined to the engine's thread. The chosen state
 * (available / away / offline) is the agent's; the call phase follows offers, answers, hang-ups.
 */
final class Agent {

  enum CallPhase { NONE, RINGING, ON_CALL, WRAP_UP }

  final long id;
  /** The id boxed once: set lookups on the hot path must not allocate. */
  final Long key;
  AgentState chosen = AgentState.OFFLINE;
  String reason;
  boolean registered;
  CallPhase phase = CallPhase.NONE;
  /** The call ticket ringing or talking; null otherwise. */
  String callTicket;
  long wrapUpTimer = -1;
  final Set<String> chats = new LinkedHashSet<>();
  /**
   * Calls the agent is on that routing did not hand out: one they placed from their phone (outbound,
   * internal, click-to-call) or answered as a transfer target or an internal callee. They keep the
   * agent from new call offers exactly like a routed call does.
   */
  final Set<String> directCalls = new LinkedHashSet<>();
  final Set<String> chatOffers = new LinkedHashSet<>();
  /** For {@code evenly}: when last offered or assigned anything; EPOCH when never. */
  Instant lastOffered = Instant.EPOCH;
  /** For {@code longest_idle}: when the last conversation ended (or they became available). */
  Instant idleSince;
  /** When {@link #state()} last changed. */
  Instant stateSince;
  private PresenceChanged published;

  Agent(long id, Instant now) {
    this.id = id;
    this.key = id;
    this.idleSince = now;
    this.stateSince = now;
  }

  /** A call in progress shows over the chosen state: an agent who chose "away" mid-call is on the call. */
  AgentState state() {
    if (!directCalls.isEmpty() && (phase == CallPhase.NONE || phase == CallPhase.WRAP_UP)) {
      return AgentState.ON_CALL;
    }
    return switch (phase) {
      case NONE -> chosen;
      case RINGING -> AgentState.RINGING;
      case ON_CALL -> AgentState.ON_CALL;
      case WRAP_UP -> AgentState.WRAP_UP;
    };
  }

  /**
   * Whether a new offer of this media may go to the agent. A call needs a registered phone and no
   * call in any phase; a chat needs room under the line's maximum, counting chats being offered.
   * Wrap-up blocks both: the agent is finishing the last call's notes.
   */
  boolean canTake(Media media, int maxChats) {
    if (chosen != AgentState.AVAILABLE || phase == CallPhase.WRAP_UP) {
      return false;
    }
    if (media == Media.CALL) {
      return registered && phase == CallPhase.NONE && directCalls.isEmpty();
    }
    return chats.size() + chatOffers.size() < maxChats;
  }

  /** Conversations in progress, for {@code least_busy}: chats, plus one for a call. */
  int load() {
    return chats.size() + (phase == CallPhase.ON_CALL || !directCalls.isEmpty() ? 1 : 0);
  }

  /** The presence event to publish if anything visible changed since the last one, else null. */
  PresenceChanged changed(Instant now) {
    AgentState state = state();
    String shownReason = state == AgentState.AWAY ? reason : null;
    if (published != null && published.state() == state && published.activeChats() == chats.size()
        && published.registered() == registered && java.util.Objects.equals(published.reason(), shownReason)) {
      return null;
    }
    if (published != null && published.state() != state) {
      stateSince = now;
    }
    published = new PresenceChanged(id, state, shownReason, stateSince, chats.size(), registered);
    return published;
  }

  PresenceChanged presence() {
    return new PresenceChanged(id, state(), state() == AgentState.AWAY ? reason : null, stateSince, chats.size(),
        registered);
  }
}

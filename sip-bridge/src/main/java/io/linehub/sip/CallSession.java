package io.linehub.sip;

import io.linehub.api.sip.CallDirection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One call through the B2BUA: the calling party's leg {@link #a}, the answered leg {@link #b}, and
 * every outgoing leg tried on the way (forks, trunk legs, transfer targets) for the call detail
 * record. For inbound calls the id is the routing ticket. Confined to the SIP verticle's context.
 */
final class CallSession {

  /** A transfer in progress: the REFER's sender and where it asked the call to go. */
  static final class Transfer {
    /** {@link #eventId} of a transfer asked for over the API: no REFER, so no NOTIFY to send. */
    static final long NO_SUBSCRIPTION = -1;
    final Leg transferor;
    final String target;
    final long eventId;
    final List<Leg> targets = new ArrayList<>();

    Transfer(Leg transferor, String target, long eventId) {
      this.transferor = transferor;
      this.target = target;
      this.eventId = eventId;
    }
  }

  final String id;
  final CallDirection direction;
  final LineRef line;
  final String from;
  final String to;
  final Instant startedAt;
  /** The incoming INVITE when {@link #a} is an incoming leg (final responses go on it); else null. */
  final ServerTransaction invite;
  /**
   * The caller's INVITE; dropped when the call ends ({@link Endings#end}), because a finished call
   * stays reachable through its transactions for 32 s and the parsed message was most of its weight.
   */
  Request request;
  final String toTag;
  /** Whether routing owns this call as a ticket (inbound to a line). */
  final boolean routed;
  Leg a;
  Leg b;
  final List<Leg> outgoing = new ArrayList<>();
  final Set<Long> agentIds = new LinkedHashSet<>();
  Instant answeredAt;
  boolean ringing;
  boolean finished;
  Transfer transfer;
  /**
   * The agent's leg the hub holds the call for (Hold in the workspace), or null: while set, every
   * SDP relayed between the legs is made inactive, so a phone's refresh cannot take it off hold.
   */
  Leg heldFor;
  /** The hub's own hold or resume is under way (its re-INVITEs are out): nothing else re-INVITEs. */
  boolean holdChanging;
  /** Set when a fallback forwarded the call to an external number. */
  boolean forwarded;

  CallSession(String id, CallDirection direction, LineRef line, String from, String to, Instant startedAt,
      ServerTransaction invite, Request request, String toTag, boolean routed) {
    this.id = id;
    this.direction = direction;
    this.line = line;
    this.from = from;
    this.to = to;
    this.startedAt = startedAt;
    this.invite = invite;
    this.request = request;
    this.toTag = toTag;
    this.routed = routed;
  }

  /** The other bridged side of {@code leg}, or null. */
  Leg peer(Leg leg) {
    return leg == a ? b : leg == b ? a : null;
  }

  /** The bridged leg of {@code agentId} that is still up (the agent talking in this call), or null. */
  Leg liveLegOf(long agentId) {
    return a != null && !a.ended && Long.valueOf(agentId).equals(a.agentId) ? a
        : b != null && !b.ended && Long.valueOf(agentId).equals(b.agentId) ? b : null;
  }

  Long answeringAgent() {
    return b != null && b.agentId != null ? b.agentId : a != null ? a.agentId : null;
  }
}

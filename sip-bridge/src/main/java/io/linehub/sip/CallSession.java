package io.linehub.sip;

import java.util.ArrayList;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One inbound call through the B2BUA: the caller's leg (A) and the legs forked to agents' phones
 * (B). Confined to the SIP verticle's context. The ticket routing knows it by is A's Call-ID.
 */
final class CallSession {

  /** A leg to one contact of one offered agent. */
  static final class Leg {
    final CallSession call;
    final long agentId;
    final ClientTransaction invite;
    final Dialog dialog;
    final String callId;
    boolean provisional;
    boolean ended;

    Leg(CallSession call, long agentId, ClientTransaction invite, Dialog dialog, String callId) {
      this.call = call;
      this.agentId = agentId;
      this.invite = invite;
      this.dialog = dialog;
      this.callId = callId;
    }
  }

  final String ticketId;
  final ServerTransaction invite;
  final Request request;
  final Dialog dialog;
  final String toTag;
  final List<Leg> legs = new ArrayList<>();
  final LineRef line;
  final String caller;
  final java.time.Instant startedAt;
  Leg answered;
  java.time.Instant answeredAt;
  boolean ringing;
  boolean finished;

  CallSession(String ticketId, ServerTransaction invite, Request request, Dialog dialog, String toTag, LineRef line,
      String caller, java.time.Instant startedAt) {
    this.ticketId = ticketId;
    this.invite = invite;
    this.request = request;
    this.dialog = dialog;
    this.toTag = toTag;
    this.line = line;
    this.caller = caller;
    this.startedAt = startedAt;
  }
}

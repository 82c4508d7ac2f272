package io.linehub.sip;

import java.time.Instant;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Response;

/**
 * One dialog between the B2BUA and a party of a call: the caller's incoming INVITE (we are its
 * UAS), or an INVITE we sent (a fork to an agent's phone, the trunk leg of an outbound or
 * forwarded call, a transfer target, the agent leg of click-to-call). A call bridges two legs,
 * {@link CallSession#a} and {@link CallSession#b}; in-dialog requests on one are relayed to the
 * other. Confined to the SIP verticle's context.
 */
final class Leg {

  /** What to do when an outgoing leg's INVITE gets its 2xx, or fails. */
  interface Outcome {
    void answered(Leg leg, Response ok);

    /** The leg ended without a 2xx: {@code status} is its final response, 408 on timeout. */
    void failed(Leg leg, int status);

    /** A 180/183 arrived; the body may carry early media SDP. */
    default void ringing(Leg leg, Response provisional) {
    }
  }

  enum Kind {
    /** The incoming INVITE of the calling party. */
    CALLER,
    /** To an agent's registered phone. */
    AGENT,
    /** Out through a trunk to an external number. */
    TRUNK
  }

  CallSession call;
  final Kind kind;
  final Long agentId;
  /** The contact URI of the phone, or the number dialled. */
  final String target;
  final String callId;
  Dialog dialog;
  /** Our INVITE for outgoing legs (to CANCEL it); null for the caller's leg. */
  ClientTransaction invite;
  final Instant startedAt;
  final Outcome outcome;
  Instant answeredAt;
  Instant endedAt;
  int sipCode;
  boolean provisional;
  boolean ended;
  /** The last SDP this party sent (its offer or answer), offered to whoever it gets bridged to. */
  byte[] sdp;
  ContentTypeHeader sdpType;
  /** This party put the call on hold (its last SDP was sendonly or inactive), or the hub did for it. */
  boolean holding;
  /** An INVITE of ours is pending on this leg (a relayed or our own re-INVITE): no other may start. */
  boolean reinviting;
  /** The last SDP this party got from the B2BUA, as sent: the o= session version it saw last. */
  private byte[] sent;
  /** Our INVITE carried no SDP (click-to-call): the 2xx is the offer and our ACK carries the answer. */
  boolean lateOffer;
  boolean acked;
  /** The CSeq of our INVITE: 1, or 2 after answering the provider's challenge. */
  long inviteCseq = 1L;
  /** The trunk a trunk leg goes through (its credentials answer a 401/407 once). */
  Trunk trunk;
  boolean authenticated;

  Leg(CallSession call, Kind kind, Long agentId, String target, String callId, Dialog dialog,
      ClientTransaction invite, Instant startedAt, Outcome outcome) {
    this.call = call;
    this.kind = kind;
    this.agentId = agentId;
    this.target = target;
    this.callId = callId;
    this.dialog = dialog;
    this.invite = invite;
    this.startedAt = startedAt;
    this.outcome = outcome;
  }

  boolean live() {
    return !ended;
  }

  void sdp(byte[] body, ContentTypeHeader type) {
    if (body != null && body.length > 0) {
      sdp = body;
      sdpType = type;
    }
  }

  /**
   * {@code body} with the o= session version this party must see next (RFC 3264 §8): the one it
   * saw last when nothing changed, one more when something did. Phones number their own SDP and it
   * passes unchanged while they do; once the hub writes one itself (hold, resume, a transfer's new
   * party) the numbers part, and this keeps the sequence each party sees unbroken.
   */
  byte[] versioned(byte[] body) {
    long last = Sdp.version(sent);
    if (last < 0 || Sdp.version(body) < 0) {
      return body;
    }
    byte[] unchanged = Sdp.withVersion(body, last);
    return java.util.Arrays.equals(unchanged, sent) ? unchanged : Sdp.withVersion(body, last + 1);
  }

  /** {@code body} reached this party: in a request or response, or in an offer it answered with a 2xx. */
  void sent(byte[] body) {
    if (body != null && body.length > 0) {
      sent = body;
    }
  }

  io.linehub.api.sip.CallLeg record() {
    return new io.linehub.api.sip.CallLeg(callId, agentId, target, startedAt, answeredAt, endedAt, sipCode);
  }
}

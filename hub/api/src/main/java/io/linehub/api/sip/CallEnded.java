package io.linehub.api.sip;

import java.time.Instant;
import java.util.List;

/**
 * Published by sip-bridge on {@link SipAddresses#CALL_ENDED} once per call when it ends: the call
 * detail record.
 *
 * @param lineId the line of an inbound or outbound call; null for an internal call
 * @param from the caller's number or extension
 * @param to what was dialled: a line's number, an extension or an external number
 * @param agentId who talked last (after transfers, the transfer target), null when nobody answered
 * @param agentIds every agent the call was offered to or talked with, in order of first involvement
 * @param sipCode the final response the caller got (200 for an answered call)
 * @param answeredAt null when nobody answered
 * @param legs every outgoing leg the B2BUA sent for this call
 */
public record CallEnded(String callId, CallDirection direction, String lineId, String from, String to, Long agentId,
    List<Long> agentIds, CallDisposition disposition, int sipCode, Instant startedAt, Instant answeredAt,
    Instant endedAt, List<CallLeg> legs) {

  public CallEnded {
    agentIds = agentIds == null ? List.of() : List.copyOf(agentIds);
    legs = legs == null ? List.of() : List.copyOf(legs);
  }

  public long waitSeconds() {
    return java.time.Duration.between(startedAt, answeredAt == null ? endedAt : answeredAt).toSeconds();
  }

  public long talkSeconds() {
    return answeredAt == null ? 0 : java.time.Duration.between(answeredAt, endedAt).toSeconds();
  }
}

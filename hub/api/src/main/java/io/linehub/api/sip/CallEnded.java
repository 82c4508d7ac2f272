package io.linehub.api.sip;

import java.time.Instant;

/**
 * Published by sip-bridge on {@link SipAddresses#CALL_ENDED} once per call when it ends.
 *
 * @param lineId the line an inbound call came in on; null for an internal call
 * @param caller the caller's number or extension
 * @param agentId who talked, null when nobody answered
 * @param sipCode the final response the caller got (200 for an answered call)
 * @param answeredAt null when nobody answered
 */
public record CallEnded(String callId, String lineId, String caller, Long agentId, CallDisposition disposition,
    int sipCode, Instant startedAt, Instant answeredAt, Instant endedAt) {

  public long waitSeconds() {
    return java.time.Duration.between(startedAt, answeredAt == null ? endedAt : answeredAt).toSeconds();
  }

  public long talkSeconds() {
    return answeredAt == null ? 0 : java.time.Duration.between(answeredAt, endedAt).toSeconds();
  }
}

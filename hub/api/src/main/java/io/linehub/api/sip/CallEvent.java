package io.linehub.api.sip;

import java.time.Instant;

/**
 * One step of a live call, published by sip-bridge on {@link SipAddresses#CALL_EVENT} for the agent
 * workspace, the supervisor view and the call store. Every call publishes {@code STARTED} first and
 * ends with one {@link CallEnded} on {@link SipAddresses#CALL_ENDED}.
 *
 * @param callId the call's id (the Call-ID of its first leg; the key of the CRM activity and of
 *     recordings)
 * @param lineId the line of an inbound or outbound call; null for an internal call
 * @param from the caller: a number (E.164 where known) or an extension
 * @param to what was dialled: a line's number, an extension or an external number
 * @param agentId the agent this step is about (offered to, ringing, answered, held, transferring);
 *     for {@code STARTED} the agent who placed the call, null for a customer's call
 * @param detail per type: for HELD/RESUMED "agent" or "customer" (who pressed hold), for
 *     TRANSFERRED the target extension or number, otherwise null
 */
public record CallEvent(String callId, CallEventType type, CallDirection direction, String lineId, String from,
    String to, Long agentId, String detail, Instant at) {
}

package io.linehub.api.sip;

import java.time.Instant;

/**
 * One outgoing leg of a call, for the call detail record: each INVITE the B2BUA sent on the call's
 * behalf (a fork to one phone of an offered agent, the trunk leg of an outbound call, a transfer
 * target).
 *
 * @param legId the leg's own Call-ID
 * @param agentId the agent whose phone it rang; null for a trunk leg
 * @param target where it went: the contact URI of a phone, or the dialled number
 * @param answeredAt null when the leg was never answered
 * @param sipCode the leg's final response (200 when answered; 487 when the hub cancelled it; 408
 *     when it timed out); 0 when none arrived
 */
public record CallLeg(String legId, Long agentId, String target, Instant startedAt, Instant answeredAt,
    Instant endedAt, int sipCode) {
}

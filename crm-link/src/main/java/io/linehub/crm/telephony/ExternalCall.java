package io.linehub.crm.telephony;

import io.linehub.api.crm.Direction;
import io.linehub.api.crm.EntityRef;
import java.time.Instant;
import java.util.UUID;

/** A call registered by an external PBX; {@code activityId} is set once it is finished. */
public record ExternalCall(
    UUID callId,
    String externalId,
    Direction direction,
    String phone,
    String line,
    Long agentUserId,
    Instant startedAt,
    EntityRef entity,
    boolean entityCreated,
    Long activityId) {

  /** The idempotency key of the call's activity: PBX ids get their own namespace next to SIP Call-IDs. */
  public String activityExternalId() {
    return "pbx:" + externalId;
  }
}

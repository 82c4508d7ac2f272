package io.linehub.crm.link;

import io.linehub.api.crm.ActivityKind;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Recording;
import java.time.Instant;

/**
 * An activity about to be written for an interaction; {@code open} false means status done. Its
 * responsible is {@code responsibleFirst}, else the customer's responsible, else {@code responsibleLast}:
 * the customer is only known inside the linking call.
 */
public record ActivityDraft(
    ActivityKind kind,
    Direction direction,
    boolean open,
    String subject,
    String body,
    Long responsibleFirst,
    Long responsibleLast,
    Instant startedAt,
    Instant endedAt,
    Integer durationSec,
    Channel channel,
    Outcome outcome,
    String lineId,
    String externalId,
    Recording recording) {
}

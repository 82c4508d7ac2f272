package io.linehub.api.crm;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@link CrmAddresses#LINK}: one call, message or e-mail to be recorded in the CRM.
 *
 * @param externalId idempotency key, unique per {@code channel} (a SIP Call-ID, a provider message id)
 * @param identities what is known of the customer; the first that matches finds them
 * @param customerName display name for a new lead/contact, may be null
 * @param agentUserId the Linehub user who handled it, may be null
 * @param lineId the line it arrived on, may be null
 * @param lineResponsibleUserId who gets callbacks and new leads when no agent handled it
 * @param policy what to do when nobody matches; null means {@link LinkPolicy#CREATE_LEAD}
 * @param recording call recording metadata, may be null
 */
public record Interaction(
    String externalId,
    Channel channel,
    Direction direction,
    Outcome outcome,
    List<Identity> identities,
    String customerName,
    Long agentUserId,
    String lineId,
    Long lineResponsibleUserId,
    Instant startedAt,
    Instant endedAt,
    Integer durationSec,
    String subject,
    String body,
    Recording recording,
    LinkPolicy policy) {

  public Interaction {
    identities = identities == null ? List.of() : List.copyOf(identities);
  }
}

package io.linehub.openlines.connector;

import io.linehub.api.crm.Identity;
import java.time.Instant;
import java.util.List;

/** What a webhook carried, normalised: a customer's message, or news of a message we sent. */
public sealed interface InboundEvent {

  /**
   * The provider's unique id for this event within the channel: the inbox's dedupe key, so a
   * provider's retry of the same webhook stores nothing new.
   */
  String externalId();

  /**
   * A customer wrote.
   *
   * @param customerKey where replies go (a chat id, a phone number id, a peer id), stable per customer
   * @param customerName a display name, may be null
   * @param text the text (for a photo or a sticker without text, a bracketed placeholder)
   * @param identities what identifies the customer for the CRM (the messenger id; a phone they shared)
   * @param sentAt when the provider says it was sent, may be null
   * @param attachments chat attachments (guest uploads) the message carries — a site visitor's
   *     files; empty for every other channel
   */
  record Message(String externalId, String customerKey, String customerName, String text, List<Identity> identities,
      Instant sentAt, List<Long> attachments) implements InboundEvent {

    public Message {
      identities = identities == null ? List.of() : List.copyOf(identities);
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message without files (every provider's). */
    public Message(String externalId, String customerKey, String customerName, String text, List<Identity> identities,
        Instant sentAt) {
      this(externalId, customerKey, customerName, text, identities, sentAt, List.of());
    }
  }

  /**
   * The provider reports on a message we sent.
   *
   * @param providerMessageId the id the provider gave our message when it accepted it
   * @param status {@code delivered}, {@code read} or {@code failed}
   * @param reason why it failed, else null
   */
  record Status(String externalId, String providerMessageId, String status, String reason, Instant at)
      implements InboundEvent {
  }
}

package io.linehub.api.chat;

import java.util.List;

/**
 * Request on {@link ChatAddresses#OPENLINE_POST}: a message into an {@code openline} dialog that no
 * signed-in person wrote — the customer's ({@code kind} {@code external}) or a note of the session
 * engine ({@code system}: greeting, transfer, close). Committed before the reply, the stored
 * {@link ChatMessage}; the same {@code clientId} in the same dialog is stored once (give the
 * inbox row's id, so a retried processing step cannot post twice).
 *
 * @param dialogId an openline dialog
 * @param kind {@code external} or {@code system}
 * @param clientId the idempotency key within the dialog, or null
 * @param text the text (1 to 4,000 characters; may be empty when the message carries files)
 * @param attachments ids of guest uploads the message carries (a site visitor's files), empty for none
 * @param uploaderRef whose uploads they must be ({@link AttachmentGuest#uploaderRef()}); null without attachments
 */
public record ExternalPost(long dialogId, String kind, String clientId, String text, List<Long> attachments,
    String uploaderRef) {

  public ExternalPost {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A message without files. */
  public ExternalPost(long dialogId, String kind, String clientId, String text) {
    this(dialogId, kind, clientId, text, List.of(), null);
  }
}

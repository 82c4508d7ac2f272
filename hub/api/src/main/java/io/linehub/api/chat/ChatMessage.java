package io.linehub.api.chat;

import java.time.Instant;
import java.util.List;

/**
 * One committed message of a dialog.
 *
 * @param id the message's id, unique across dialogs
 * @param dialogId the dialog it belongs to
 * @param seq its place in the dialog: 1, 2, 3... without gaps, assigned in the transaction that stored it
 * @param authorId the user who wrote it; null for a system message and for an openline customer's
 * @param clientId the id the author's client gave it (a resend with the same id is stored once)
 * @param kind {@code text} (a signed-in person's), {@code system}, or {@code external} (an openline
 *     dialog's customer, written through openlines)
 * @param text the text
 * @param quoteSeq the seq of the message it quotes, or null
 * @param createdAt when it was committed
 * @param editedAt when its author last changed the text, or null
 * @param deletedAt when its author deleted it (the text and the attachments are gone, the seq stays), or null
 * @param attachments the files sent with it, in upload order; empty when none (or deleted)
 */
public record ChatMessage(long id, long dialogId, long seq, Long authorId, String clientId, String kind, String text,
    Long quoteSeq, Instant createdAt, Instant editedAt, Instant deletedAt, List<ChatAttachment> attachments) {

  public ChatMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  public boolean deleted() {
    return deletedAt != null;
  }
}

package io.linehub.api.chat;

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
 * @param text the text (1 to 4,000 characters)
 */
public record ExternalPost(long dialogId, String kind, String clientId, String text) {
}

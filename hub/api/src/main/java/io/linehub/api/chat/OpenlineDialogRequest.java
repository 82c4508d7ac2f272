package io.linehub.api.chat;

/**
 * Request on {@link ChatAddresses#OPENLINE_OPEN}: the {@code openline} dialog of an open-line
 * session, created on the first request and the same dialog on every later one (idempotent on
 * {@code externalRef}). Reply: {@link OpenlineDialog}.
 *
 * @param externalRef the session's id in openlines, unique across dialogs
 * @param title what operators see as the dialog's name (the customer's name and channel)
 */
public record OpenlineDialogRequest(String externalRef, String title) {
}

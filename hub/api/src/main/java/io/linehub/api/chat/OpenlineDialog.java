package io.linehub.api.chat;

/**
 * Reply of {@link ChatAddresses#OPENLINE_OPEN}.
 *
 * @param dialogId the session's dialog
 * @param lastSeq its last seq now
 * @param created whether this request created it
 */
public record OpenlineDialog(long dialogId, long lastSeq, boolean created) {
}

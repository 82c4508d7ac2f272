package io.linehub.sip;

/**
 * What the B2BUA needs of a line: its id, who gets its missed calls, and its number (the caller ID
 * of outbound calls made on its behalf; null when it has none).
 */
public record LineRef(String id, Long responsibleUserId, String number) {
}

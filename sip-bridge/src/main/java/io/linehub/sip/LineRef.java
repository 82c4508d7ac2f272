package io.linehub.sip;

/** What the B2BUA needs of the line a number belongs to: its id, and who gets its missed calls. */
public record LineRef(String id, Long responsibleUserId) {
}

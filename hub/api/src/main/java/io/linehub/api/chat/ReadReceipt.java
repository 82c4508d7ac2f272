package io.linehub.api.chat;

/** A member has read a dialog up to {@code seq}; published on {@link ChatAddresses#READ}. */
public record ReadReceipt(long dialogId, long userId, long seq) {
}

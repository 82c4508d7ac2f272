package io.linehub.api.chat;

/** A member is typing in a dialog (never stored); published on {@link ChatAddresses#TYPING}. */
public record Typing(long dialogId, long userId) {
}

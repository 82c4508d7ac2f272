package io.linehub.api.chat;

/**
 * Request on {@link ChatAddresses#HISTORY}: up to {@code limit} messages of a dialog after
 * {@code afterSeq}, oldest first. Reply: {@link HistoryPage}. For modules catching up after a
 * restart (openlines forwards operators' replies it may have missed).
 */
public record HistoryRequest(long dialogId, long afterSeq, int limit) {
}

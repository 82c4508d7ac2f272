package io.linehub.api.chat;

/**
 * Published on {@link ChatAddresses#DELIVERY} by openlines: what became of an operator's message to
 * an open-line customer. The members' connections get it as a {@code delivery} frame.
 *
 * @param dialogId the openline dialog
 * @param seq the message's seq in it
 * @param status {@code pending} (waiting to be retried), {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param reason why it failed or waits, else null
 */
public record DeliveryStatus(long dialogId, long seq, String status, String reason) {
}

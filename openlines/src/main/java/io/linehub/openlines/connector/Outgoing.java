package io.linehub.openlines.connector;

/**
 * An operator's message to send to a customer.
 *
 * @param outboxId the outbox row's id: unique and stable across retries, so it is the idempotency
 *     key where the provider takes one (VK's {@code random_id})
 * @param customerKey the customer's {@link InboundEvent.Message#customerKey()}
 * @param text the text
 */
public record Outgoing(long outboxId, String customerKey, String text) {
}

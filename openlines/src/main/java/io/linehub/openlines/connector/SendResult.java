package io.linehub.openlines.connector;

import java.time.Duration;

/** What became of a send, as the connector reads the provider's answer. */
public sealed interface SendResult {

  /** Accepted; {@code providerMessageId} is what its status webhooks will name (may be null). */
  record Sent(String providerMessageId) implements SendResult {
  }

  /**
   * Not now: try again, after {@code after} when the provider says (429 {@code retry_after}),
   * else after the engine's back-off (null).
   */
  record Retry(Duration after, String reason) implements SendResult {
  }

  /** Never: the provider refused it for good (the customer blocked the bot, a bad request). */
  record Failed(String reason) implements SendResult {
  }
}

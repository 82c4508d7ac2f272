package io.linehub.openlines.connector;

import java.util.Optional;

/**
 * One provider's wire format, and nothing else: a connector parses the provider's webhooks, checks
 * their signature, renders an outgoing message as the provider's API call and reads the answer.
 * It does no I/O and keeps no state — the openlines engine owns HTTP, the inbox and outbox,
 * retries, rate limits and metrics — so every connector is tested on the providers' documented
 * payloads alone.
 */
public interface Connector {

  /** The channel kind it serves, as in channel settings: {@code telegram}, {@code vk}... */
  String kind();

  /**
   * A provider's set-up handshake that is answered without storing anything (Meta's GET
   * {@code hub.challenge} verification), or empty when {@code hook} is not one. Called before
   * {@link #verify}; a handshake with the wrong token throws 403.
   */
  default Optional<HookAnswer> handshake(Webhook hook, ChannelConfig channel) {
    return Optional.empty();
  }

  /**
   * Checks that the webhook comes from the provider (a signature over the raw body, a secret
   * header or field). Throws a {@link io.linehub.api.error.LinehubException} with 401 (no
   * credential) or 403 (a wrong one); nothing is stored then.
   */
  void verify(Webhook hook, ChannelConfig channel);

  /**
   * The events in a verified webhook, and what to answer the provider once they are committed.
   * Throws a 400 {@link io.linehub.api.error.LinehubException} for a payload it cannot read.
   */
  Parsed parse(Webhook hook, ChannelConfig channel);

  /** The provider API call that sends {@code message} to the customer. */
  OutboundCall render(Outgoing message, ChannelConfig channel);

  /** What the provider's answer to a rendered call means. */
  SendResult interpret(ProviderResponse response);
}

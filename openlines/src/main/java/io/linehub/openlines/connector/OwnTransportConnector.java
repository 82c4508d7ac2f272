package io.linehub.openlines.connector;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;

/**
 * A channel kind whose messages do not come by webhook nor go by a provider's HTTP API (the site
 * visitors' own socket, a mailbox read over IMAP and answered over SMTP): the engine moves them its
 * own way, and a webhook for such a channel is refused with 405.
 */
public abstract class OwnTransportConnector implements Connector {

  /** How this kind's messages arrive instead, for the 405's message. */
  protected abstract String transport();

  @Override
  public final void verify(Webhook hook, ChannelConfig channel) {
    throw new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "a " + kind() + " channel takes no webhooks: "
        + transport());
  }

  @Override
  public final Parsed parse(Webhook hook, ChannelConfig channel) {
    throw new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "a " + kind() + " channel takes no webhooks");
  }

  @Override
  public final OutboundCall render(Outgoing message, ChannelConfig channel) {
    throw new IllegalStateException(kind() + " replies are not provider calls: " + transport());
  }

  @Override
  public final SendResult interpret(ProviderResponse response) {
    throw new IllegalStateException(kind() + " makes no provider calls");
  }
}

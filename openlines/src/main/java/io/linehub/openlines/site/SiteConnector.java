package io.linehub.openlines.site;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.openlines.connector.ChannelConfig;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.OutboundCall;
import io.linehub.openlines.connector.Outgoing;
import io.linehub.openlines.connector.Parsed;
import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.connector.Webhook;

/**
 * The website chat widget's channel. It has no provider: visitors talk over Linehub's own visitor
 * WebSocket (/site/ws), which stores what they send in the inbox like a webhook would
 * and reads the conversation from chat, so there is nothing to POST to and nothing to send to.
 *
 * <p>Secrets: {@code visitorKey} (generated when the channel is created; signs visitor tokens) and
 * optionally {@code identitySecret} (shared with the site's back end for identity verification).
 */
public final class SiteConnector implements Connector {

  public static final String KIND = "site";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void verify(Webhook hook, ChannelConfig channel) {
    throw new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "a site chat channel takes no webhooks: visitors use "
        + "/site/ws");
  }

  @Override
  public Parsed parse(Webhook hook, ChannelConfig channel) {
    throw new LinehubException(ErrorCode.METHOD_NOT_ALLOWED, "a site chat channel takes no webhooks");
  }

  @Override
  public OutboundCall render(Outgoing message, ChannelConfig channel) {
    throw new IllegalStateException("site chat replies reach the visitor through chat, not a provider call");
  }

  @Override
  public SendResult interpret(ProviderResponse response) {
    throw new IllegalStateException("site chat makes no provider calls");
  }
}

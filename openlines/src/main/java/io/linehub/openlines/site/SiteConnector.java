package io.linehub.openlines.site;

import io.linehub.openlines.connector.OwnTransportConnector;

/**
 * The website chat widget's channel. It has no provider: visitors talk over Linehub's own visitor
 * WebSocket (/site/ws), which stores what they send in the inbox like a webhook would
 * and reads the conversation from chat, so there is nothing to POST to and nothing to send to.
 *
 * <p>Secrets: {@code visitorKey} (generated when the channel is created; signs visitor tokens) and
 * optionally {@code identitySecret} (shared with the site's back end for identity verification).
 */
public final class SiteConnector extends OwnTransportConnector {

  public static final String KIND = "site";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  protected String transport() {
    return "visitors use /site/ws";
  }
}

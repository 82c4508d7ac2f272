package io.linehub.openlines.connector;

import io.linehub.api.error.LinehubException;
import java.util.Map;

/**
 * One configured channel as a connector sees it.
 *
 * @param id the channel's id (its webhook is {@code /hooks/{id}})
 * @param kind the connector kind
 * @param lineId the routing line its conversations go to
 * @param baseUrl the provider API's base URL, without a trailing slash (configurable for proxies
 *     and for tests against a local server that speaks the provider's format)
 * @param settings what is not secret (a page id, a phone number id, an API version...)
 * @param secrets tokens, app secrets, verify tokens: never logged, never returned by the API
 */
public record ChannelConfig(String id, String kind, String lineId, String baseUrl, Map<String, String> settings,
    Map<String, String> secrets) {

  public ChannelConfig {
    settings = Map.copyOf(settings);
    secrets = Map.copyOf(secrets);
  }

  /** A secret the connector cannot work without; a 503-free configuration error otherwise. */
  public String secret(String name) {
    String value = secrets.get(name);
    if (value == null || value.isEmpty()) {
      throw LinehubException.badRequest("channel " + id + " has no secret '" + name + "' configured");
    }
    return value;
  }

  public String setting(String name, String fallback) {
    String value = settings.get(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  @Override
  public String toString() {
    return "ChannelConfig[id=" + id + ", kind=" + kind + ", lineId=" + lineId + ", baseUrl=" + baseUrl
        + ", settings=" + settings + ", secrets=" + secrets.keySet() + "]";
  }
}

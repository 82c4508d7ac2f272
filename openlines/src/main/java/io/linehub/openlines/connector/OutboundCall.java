package io.linehub.openlines.connector;

import java.util.Map;

/**
 * A provider API call, rendered: the engine sends it as it is.
 *
 * @param method {@code POST} or {@code GET}
 * @param url the full URL (the channel's base URL plus the method's path and query)
 * @param headers request headers (Authorization, Content-Type...)
 * @param body the request body, may be empty
 */
public record OutboundCall(String method, String url, Map<String, String> headers, String body) {

  public OutboundCall {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    // The URL or headers may carry a token: Telegram's bot token is in the path, Messenger's
    // access_token in the query. Headers are never printed; the query is printed as "?***".
    String shown = url.replaceAll("/bot[^/]+/", "/bot***/").replaceFirst("\\?.*", "?***");
    return "OutboundCall[" + method + " " + shown + "]";
  }
}

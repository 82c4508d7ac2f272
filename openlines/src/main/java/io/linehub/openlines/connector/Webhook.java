package io.linehub.openlines.connector;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook request as it arrived: the raw body bytes (signatures are computed over them, never
 * over a re-encoding), headers with lower-case names, and the query parameters.
 */
public record Webhook(String method, Map<String, String> headers, Map<String, String> query, byte[] body) {

  public Webhook {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** A header's value, by case-insensitive name; null when absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}

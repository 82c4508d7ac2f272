package io.linehub.openlines.connector;

import java.util.Locale;
import java.util.Map;

/** A provider API's answer: status, headers (lower-case names) and body text. */
public record ProviderResponse(int status, Map<String, String> headers, String body) {

  public ProviderResponse {
    headers = Map.copyOf(headers);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}

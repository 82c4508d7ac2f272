package io.linehub.openlines.connector;

import java.time.Duration;

/** The HTTP-level reading of a provider's answer that every connector starts from. */
public final class SendResults {

  private SendResults() {
  }

  /**
   * For a non-2xx answer: 429 and 5xx are worth a retry (after {@code Retry-After} seconds when
   * given), any other 4xx is final. Null for a 2xx: the connector reads the body.
   */
  public static SendResult fromStatus(ProviderResponse response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      return null;
    }
    String reason = "HTTP " + status + (response.body() == null || response.body().isBlank() ? ""
        : ": " + abbreviate(response.body()));
    if (status == 429 || status >= 500) {
      return new SendResult.Retry(retryAfter(response.header("Retry-After")), reason);
    }
    return new SendResult.Failed(reason);
  }

  /** {@code Retry-After} in seconds, or null when absent or not a number. */
  public static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The answer's body as a JSON object, or null when it is empty or not a JSON object. */
  public static io.vertx.core.json.JsonObject json(ProviderResponse response) {
    if (response.body() == null || response.body().isBlank()) {
      return null;
    }
    try {
      return new io.vertx.core.json.JsonObject(response.body());
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** The first 300 characters of a provider's error text, for an operator to read. */
  public static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}

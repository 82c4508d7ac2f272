package io.linehub.openlines.meta;

import io.linehub.openlines.connector.ProviderResponse;
import io.linehub.openlines.connector.SendResult;
import io.linehub.openlines.connector.SendResults;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * How the Graph API answers a send that did not go: {@code {"error":{"message":..,"type":..,
 * "code":N,"error_subcode":..,"error_data":{"details":..},"fbtrace_id":..}}}. The {@code code} decides,
 * as Meta advises (titles and subcodes change, codes stay): rate limits and the documented
 * temporary codes are worth a retry, and so is any 429 or 5xx; every other code is final.
 */
final class GraphErrors {

  private GraphErrors() {
  }

  /**
   * What the answer's {@code error} object means: {@code Retry} for a code in {@code transientCodes}
   * or an HTTP 429 or 5xx (after {@code Retry-After} when given), else {@code Failed}, both with the
   * reason "{@code <provider> error N: message}". Null when {@code answer} carries no error object.
   */
  static SendResult read(ProviderResponse response, JsonObject answer, String provider, Set<Integer> transientCodes) {
    Object value = answer == null ? null : answer.getValue("error");
    if (!(value instanceof JsonObject error)) {
      return null;
    }
    Integer code = code(error.getValue("code"));
    String reason = SendResults.abbreviate(
        provider + " error" + (code == null ? "" : " " + code) + ": " + message(error));
    int status = response.status();
    if (status == 429 || status >= 500 || (code != null && transientCodes.contains(code))) {
      return new SendResult.Retry(SendResults.retryAfter(response.header("Retry-After")), reason);
    }
    return new SendResult.Failed(reason);
  }

  /** The message without Graph's {@code (#N) } prefix, and the details when they add something. */
  private static String message(JsonObject error) {
    String message = String.valueOf(error.getValue("message", "no message")).replaceFirst("^\\(#\\d+\\)\\s*", "");
    Object data = error.getValue("error_data");
    Object details = data instanceof JsonObject object ? object.getValue("details") : null;
    if (details instanceof String text && !text.isBlank() && !text.strip().equals(message.strip())) {
      return message + " — " + text;
    }
    return message;
  }

  private static Integer code(Object value) {
    if (value instanceof Number number) {
      return number.intValue();
    }
    try {
      return value == null ? null : Integer.valueOf(value.toString().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

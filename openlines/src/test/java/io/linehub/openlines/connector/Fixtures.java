package io.linehub.openlines.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Provider payloads saved from the providers' documentation, under {@code fixtures/<provider>/}. */
public final class Fixtures {

  private Fixtures() {
  }

  public static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String path) {
    return new String(bytes(path), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A POST webhook with these headers (names as given; the record lower-cases them). */
  public static Webhook post(byte[] body, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i].toLowerCase(Locale.ROOT), headerPairs[i + 1]);
    }
    return new Webhook("POST", headers, Map.of(), body);
  }

  /** A GET webhook with these query parameters and no body (Meta's verification handshake). */
  public static Webhook get(Map<String, String> query) {
    return new Webhook("GET", Map.of(), query, new byte[0]);
  }
}

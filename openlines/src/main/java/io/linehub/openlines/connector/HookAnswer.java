package io.linehub.openlines.connector;

/** What to answer a provider's webhook with: status, content type and body. */
public record HookAnswer(int status, String contentType, String body) {

  /** 200 with an empty body: what most providers expect. */
  public static HookAnswer ok() {
    return new HookAnswer(200, "text/plain", "");
  }

  /** 200 with a plain-text body (VK's {@code ok}, its confirmation string, Meta's challenge). */
  public static HookAnswer text(String body) {
    return new HookAnswer(200, "text/plain", body);
  }
}

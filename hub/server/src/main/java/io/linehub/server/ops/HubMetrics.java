package io.linehub.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The hub's own meters; tag values come from closed sets, never ids or logins. */
public final class HubMetrics {

  private final Counter loginSuccess;
  private final Counter loginFailure;

  public HubMetrics(MeterRegistry registry) {
    loginSuccess = Counter.builder("linehub.auth.logins").tag("outcome", "success")
        .description("Sign-in attempts").register(registry);
    loginFailure = Counter.builder("linehub.auth.logins").tag("outcome", "failure")
        .description("Sign-in attempts").register(registry);
  }

  public void login(boolean succeeded) {
    (succeeded ? loginSuccess : loginFailure).increment();
  }
}

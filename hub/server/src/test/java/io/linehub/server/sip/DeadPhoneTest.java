package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.RegistrationChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A phone that registers and then disappears is noticed by the keep-alive and stops getting calls. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeadPhoneTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static final CopyOnWriteArrayList<RegistrationChanged> CHANGES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_SIP_KEEPALIVE_SECONDS", "2"));
    hub.hub.vertx().eventBus().<RegistrationChanged>consumer(RoutingAddresses.REGISTRATION_CHANGED,
        m -> CHANGES.add(m.body()));
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void phoneThatStopsAnsweringShouldBeDroppedAndItsAgentUnregistered() throws Exception {
    String admin = hub.adminToken();
    long agent = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "vera")
        .put("displayName", "Vera").put("role", "agent").put("extension", "401").put("password", "vera-web-pass"))
        .bodyAsJsonObject().getLong("id");
    hub.send("PUT", "/api/v1/users/" + agent + "/sip-password", admin, new JsonObject().put("password", "vera-sip"
        + "-pass"));

    Sipp.Result sipp = Sipp.run("register-only.xml", hub.hub.sipPort(), "-s", "401", "-au", "401", "-ap",
        "vera-sip-pass").get(60, TimeUnit.SECONDS);
    // The registrar answers 200 and then publishes the change: sipp may exit before it is consumed.
    assertThat(seen(new RegistrationChanged(agent, true))).as(sipp.output()).isTrue();

    // sipp has exited: its port is closed, the next keep-alive goes unanswered (2 s + 2 s timeout).
    assertThat(seen(new RegistrationChanged(agent, false))).as("the dead phone was dropped by the keep-alive")
        .isTrue();
  }

  /** Whether {@code change} was published within 15 s. */
  private static boolean seen(RegistrationChanged change) {
    for (int i = 0; i < 150; i++) {
      if (CHANGES.contains(change)) {
        return true;
      }
      RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(100, t -> p.complete())));
    }
    return false;
  }
}

package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the hub keeps the registrar's bindings and the agents' chosen states: an agent whose
 * phone registered and who was available before the restart gets the next call at once after it,
 * without their phone registering again or them switching their status again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RestartTest {

  private static final Map<String, String> NO_KEEPALIVE = Map.of("LINEHUB_SIP_KEEPALIVE_SECONDS", "3600");

  @TempDir
  static Path dataDir;

  @AfterAll
  static void blocked() {
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void registeredAvailableAgentShouldGetACallRightAfterARestart() throws Exception {
    String phonePort;
    long gone;
    try (RunningHub hub = RunningHub.start(dataDir, NO_KEEPALIVE)) {
      CallFixture calls = new CallFixture(hub);
      phonePort = calls.agentWithPhone("rs-anna", "641", "rs-line", "+74951116041");
      // A second phone registers and un-registers (Expires: 0): not registered after the restart.
      String otherPort = calls.phoneOnLine("rs-boris", "642", "rs-line");
      gone = calls.agentId("rs-boris");
      Sipp.Result unregistered = Sipp.run("register.xml", hub.hub.sipPort(), "-p", otherPort, "-s", "642",
          "-au", "642", "-ap", "rs-boris-sip-pass").get(60, TimeUnit.SECONDS);
      assertThat(unregistered.exitCode()).as(unregistered.output()).isZero();
    }

    try (RunningHub hub = RunningHub.start(dataDir, NO_KEEPALIVE)) {
      CallFixture calls = new CallFixture(hub);
      String admin = hub.adminToken();
      JsonObject anna = presence(hub, admin, calls.agentId("rs-anna"));
      assertThat(anna.getString("state")).as(anna.encode()).isEqualTo("available");
      assertThat(anna.getBoolean("registered")).as("the phone's registration kept").isTrue();
      assertThat(presence(hub, admin, gone).getBoolean("registered")).as("un-registered before").isFalse();

      var phone = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", phonePort);
      Sipp.Result caller = Sipp.run("caller-hangs-up.xml", hub.hub.sipPort(), "-s", "74951116041")
          .get(60, TimeUnit.SECONDS);
      Sipp.Result answered = phone.get(60, TimeUnit.SECONDS);
      assertThat(caller.exitCode()).as(caller.output()).isZero();
      assertThat(answered.exitCode()).as(answered.output()).isZero();
      assertThat(calls.ended(e -> "rs-line".equals(e.lineId())).agentId()).isEqualTo(calls.agentId("rs-anna"));
      calls.assertNothingLive();
    }
  }

  private static JsonObject presence(RunningHub hub, String admin, long agentId) {
    return hub.get("/api/v1/agents", admin).bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(a -> a.getLong("agentId") == agentId).findFirst()
        .orElseThrow(() -> new AssertionError("routing does not know agent " + agentId));
  }
}

package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.server.RunningHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hold and resume from the agent workspace ({@code POST /api/v1/calls/{id}/hold}, {@code /resume})
 * end to end with real sipp peers: the B2BUA re-INVITEs both of them itself, and the scenarios fail
 * unless the SDP says {@code a=inactive} (then {@code a=sendrecv}) with the o= version one up; the
 * refusals; and a caller hanging up while the hold's re-INVITE is out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkspaceHoldTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static CallFixture calls;

  @BeforeAll
  static void start() {
    calls = CallFixture.start(dataDir);
    hub = calls.hub;
  }

  @AfterAll
  static void stop() {
    calls.close();
  }

  @Test
  void holdAndResumeOverRestShouldReInviteBothPartiesInactiveThenSendrecv() throws Exception {
    Talk talk = talk("ws-hold-a", "641", "agent-held-from-workspace.xml", "caller-held-from-workspace.xml");
    long agent = calls.agentId("ws-hold-a");
    String callId = talk.callId();
    String token = hub.login("ws-hold-a", "ws-hold-a-web");
    String other = otherAgent("ws-hold-b");

    assertThat(hold(callId, other, "hold").statusCode()).as("ws-hold-b is not in the call").isEqualTo(409);
    assertThat(hold("no-such-call", token, "hold").statusCode()).isEqualTo(404);
    assertThat(hold(callId, null, "hold").statusCode()).isEqualTo(401);
    var notHeld = hold(callId, token, "resume");
    assertThat(notHeld.statusCode()).as("not on hold: nothing to do " + notHeld.bodyAsString()).isEqualTo(200);

    var held = hold(callId, token, "hold");
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(200);
    assertThat(held.bodyAsJsonObject().getBoolean("held")).isTrue();
    assertThat(hold(callId, token, "hold").statusCode()).as("already on hold: no second re-INVITE").isEqualTo(200);
    waitForTalk(callId, "held");
    CallEvent heldEvent = calls.events(callId).stream().filter(e -> e.type() == CallEventType.HELD)
        .findFirst().orElseThrow();
    assertThat(heldEvent.detail()).isEqualTo("agent");
    assertThat(heldEvent.agentId()).isEqualTo(agent);

    var resumed = hold(callId, token, "resume");
    assertThat(resumed.statusCode()).as(resumed.bodyAsString()).isEqualTo(200);
    assertThat(resumed.bodyAsJsonObject().getBoolean("held")).isFalse();
    waitForTalk(callId, "talking");

    Sipp.Result customer = talk.caller().get(60, TimeUnit.SECONDS);
    Sipp.Result agentPhone = talk.phone().get(60, TimeUnit.SECONDS);
    assertThat(customer.exitCode()).as("caller: " + customer.output()).isZero();
    assertThat(agentPhone.exitCode()).as("agent: " + agentPhone.output()).isZero();
    CallEnded end = calls.endedFrom("+749577700641");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(calls.events(callId)).extracting(CallEvent::type).containsSubsequence(CallEventType.ANSWERED,
        CallEventType.HELD, CallEventType.RESUMED);
    assertThat(calls.events(callId)).as("each published once")
        .filteredOn(e -> e.type() == CallEventType.HELD || e.type() == CallEventType.RESUMED).hasSize(2);
  }

  @Test
  void holdShouldAnswer404AndLeaveNothingBehindWhenTheCallerHangsUpMeanwhile() throws Exception {
    Talk talk = talk("ws-gone-a", "642", "agent-answer.xml", "caller-hangs-up-during-hold.xml");

    var held = hold(talk.callId(), hub.login("ws-gone-a", "ws-gone-a-web"), "hold");

    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(404);
    Sipp.Result customer = talk.caller().get(60, TimeUnit.SECONDS);
    assertThat(customer.exitCode()).as("caller: " + customer.output()).isZero();
    assertThat(talk.phone().get(60, TimeUnit.SECONDS).exitCode()).as("the agent's phone got its BYE").isZero();
    assertThat(calls.endedFrom("+749577700642").disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(calls.events(talk.callId())).noneMatch(e -> e.type() == CallEventType.HELD);
  }

  /** A call in progress: the agent's sipp phone and the trunk's sipp caller running their scenarios. */
  private record Talk(String callId, CompletableFuture<Sipp.Result> phone, CompletableFuture<Sipp.Result> caller) {
  }

  /**
   * {@code login} (a new agent with extension {@code ext} on a line of number +749511160{ext}) answers
   * a call from +749577700{ext}; the phone and the caller play the scenarios named.
   */
  private static Talk talk(String login, String ext, String phoneScenario, String callerScenario) throws Exception {
    String phonePort = calls.agentWithPhone(login, ext, login + "-line", "+749511160" + ext);
    var phone = Sipp.run(phoneScenario, hub.hub.sipPort(), "-p", phonePort);
    var caller = Sipp.run(callerScenario, hub.hub.sipPort(), "-s", "749511160" + ext, "-key", "from",
        "+749577700" + ext);
    return new Talk(answeredBy(calls.agentId(login), caller), phone, caller);
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> hold(String callId, String token,
      String action) {
    return hub.send("POST", "/api/v1/calls/" + callId + "/" + action, token, null);
  }

  /** The id of the call {@code agentId} answered, waited for. */
  private static String answeredBy(long agentId, CompletableFuture<Sipp.Result> caller) {
    for (int i = 0; i < 200; i++) {
      var answered = calls.events.stream().filter(e -> e.type() == CallEventType.ANSWERED
          && Long.valueOf(agentId).equals(e.agentId())).findFirst();
      if (answered.isPresent()) {
        return answered.get().callId();
      }
      calls.pause(50);
    }
    throw new AssertionError("agent " + agentId + " answered no call: " + calls.events + "\ncaller: "
        + (caller.isDone() ? caller.join().output() : "still running"));
  }

  private static String otherAgent(String login) {
    assertThat(hub.send("POST", "/api/v1/users", hub.adminToken(), new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("password", login + "-web")).statusCode())
        .isEqualTo(201);
    return hub.login(login, login + "-web");
  }

  /** Waits until the live call's talk state ({@code GET /api/v1/calls/{id}}) is {@code talk}. */
  private static void waitForTalk(String callId, String talk) {
    String seen = null;
    for (int i = 0; i < 100 && !talk.equals(seen); i++) {
      seen = hub.get("/api/v1/calls/" + callId, hub.adminToken()).bodyAsJsonObject().getString("talk");
      if (!talk.equals(seen)) {
        calls.pause(50);
      }
    }
    assertThat(seen).isEqualTo(talk);
  }
}

package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.server.RunningHub;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A website visitor's call-back request placed at once (the widget's "call me back" while the line
 * is open and an agent is free), end to end: the site's REST, routing's reservation, click-to-call
 * ringing the agent's sipp phone first and then the visitor's number through the trunk (sipp), and
 * the CRM's call-back activity completed once the visitor answered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallbackNowTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static CallFixture calls;
  private static int trunkPort;

  @BeforeAll
  static void start() throws Exception {
    calls = CallFixture.start(dataDir);
    hub = calls.hub;
    trunkPort = Sipp.freeUdpPort();
    calls.trunk(trunkPort);
  }

  @AfterAll
  static void stop() {
    calls.close();
  }

  @Test
  void callbackRequestShouldRingTheFreeAgentThenTheVisitorAndCompleteTheCallback() throws Exception {
    String phonePort = calls.agentWithPhone("cb-agent", "631", "cb-line", "+74951116031");
    site("cb-site", "cb-line");
    var phone = Sipp.run("agent-late-offer.xml", hub.hub.sipPort(), "-p", phonePort);
    var visitor = Sipp.run("trunk-answers-hangs-up.xml", hub.hub.sipPort(), "-p", Integer.toString(trunkPort));
    calls.pause(300);

    JsonObject request = new JsonObject().put("name", "Vera").put("phone", "+7 495 777-00-31")
        .put("callback", true).put("text", "About my order").put("requestId", "cb-req-1");
    var made = hub.send("POST", "/api/v1/site/cb-site/offline", null, request);
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    JsonObject answer = made.bodyAsJsonObject();
    assertThat(answer.getBoolean("calling")).as(answer.encode()).isTrue();
    String callId = answer.getString("callId");
    var again = hub.send("POST", "/api/v1/site/cb-site/offline", null, request).bodyAsJsonObject();
    assertThat(again.getLong("activityId")).isEqualTo(answer.getLong("activityId"));
    assertThat(again.getBoolean("calling")).as("a resubmitted request places no second call").isFalse();

    Sipp.Result agent = phone.get(60, TimeUnit.SECONDS);
    Sipp.Result far = visitor.get(60, TimeUnit.SECONDS);
    assertThat(agent.exitCode()).as("agent: " + agent.output()).isZero();
    assertThat(far.exitCode()).as("visitor: " + far.output()).isZero();
    CallEnded end = calls.ended(e -> e.callId().equals(callId));
    assertThat(end.direction()).isEqualTo(CallDirection.OUTBOUND);
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.to()).isEqualTo("+74957770031");
    assertThat(end.lineId()).isEqualTo("cb-line");
    assertThat(end.agentId()).isEqualTo(calls.agentId("cb-agent"));

    Row callback = activity(answer.getLong("activityId"), "done");
    assertThat(callback.getString("kind")).isEqualTo("callback");
    assertThat(callback.getString("result")).startsWith("called back");
    assertThat(calls.statesOf(calls.agentId("cb-agent"), AgentState.AVAILABLE))
        .as("busy for the call, free again after it").contains(AgentState.ON_CALL);
  }

  @Test
  void callbackRequestShouldStayOpenWhenNobodyCanTakeACall() throws Exception {
    calls.agentWithPhone("cb-away", "632", "cb-line-away", "+74951116032");
    hub.send("PUT", "/api/v1/agents/me/state", hub.login("cb-away", "cb-away-web"),
        new JsonObject().put("state", "away").put("reason", "lunch"));
    site("cb-site-away", "cb-line-away");

    var made = hub.send("POST", "/api/v1/site/cb-site-away/offline", null, new JsonObject()
        .put("phone", "+7 495 777-00-32").put("callback", true));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getBoolean("calling")).isFalse();
    assertThat(made.bodyAsJsonObject().getString("callId")).isNull();
    assertThat(activity(made.bodyAsJsonObject().getLong("activityId"), "open").getString("kind"))
        .isEqualTo("callback");
  }

  private static void site(String channel, String lineId) {
    var created = hub.send("POST", "/api/v1/openlines/channels", hub.adminToken(), new JsonObject().put("id", channel)
        .put("kind", "site").put("lineId", lineId).put("name", "Website"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  /** The activity once it has {@code status} (the call-back is completed after the call's end). */
  private static Row activity(long id, String status) {
    for (int i = 0; i < 100; i++) {
      var rows = RunningHub.await(hub.hub.pool().preparedQuery(
          "SELECT kind, status, result FROM crm.activities WHERE id = $1").execute(Tuple.of(id)));
      Row row = rows.iterator().next();
      if (status.equals(row.getString("status"))) {
        return row;
      }
      calls.pause(50);
    }
    throw new AssertionError("activity " + id + " never became " + status);
  }
}

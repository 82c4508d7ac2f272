package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.SipAddresses;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inbound call end to end through the B2BUA with real sipp peers: a trunk calls a line's number,
 * routing offers it to the registered, available agent, the agent's phone answers, the caller
 * hangs up, the journal records the call handled and the CRM has it (a done call activity, or an
 * open callback for a call nobody took).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InboundCallTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;

  @BeforeAll
  static void start() {
    // No keep-alive during the test: sipp playing a phone would take an OPTIONS for a new call.
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_SIP_KEEPALIVE_SECONDS", "3600"));
    hub.hub.vertx().eventBus().<CallEnded>consumer(SipAddresses.CALL_ENDED, m -> ENDED.add(m.body()));
  }

  private static final java.util.List<CallEnded> ENDED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static CallEnded ended(String caller) {
    return ENDED.stream().filter(e -> caller.equals(e.from())).findFirst()
        .orElseThrow(() -> new AssertionError("no sip.call.ended for " + caller + " in " + ENDED));
  }

  @AfterAll
  static void stop() {
    hub.close();
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void callFromTrunkShouldReachTheAgentsPhoneBeAnsweredAndEndWhenTheCallerHangsUp() throws Exception {
    String phonePort = agentWithPhone("oleg", "501", "sales", "+74951112233");
    var phone = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-hangs-up.xml", hub.hub.sipPort(), "-s", "74951112233")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result answered = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(answered.exitCode()).as(answered.output()).isZero();
    assertThat(lineReport("sales", "handled")).isEqualTo(1);
    io.vertx.sqlclient.Row activity = crmActivity("+74951230000");
    assertThat(activity.getString("kind")).isEqualTo("call");
    assertThat(activity.getString("status")).isEqualTo("done");
    assertThat(activity.getString("outcome")).isEqualTo("answered");
    assertThat(activity.getLong("responsible_user_id")).as("the agent who answered").isEqualTo(agentId("oleg"));
    assertThat(activity.getString("entity_type")).as("a new number becomes a lead").isEqualTo("lead");
    CallEnded end = ended("+74951230000");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.sipCode()).isEqualTo(200);
    assertThat(end.lineId()).isEqualTo("sales");
    assertThat(end.agentId()).isEqualTo(agentId("oleg"));
    assertThat(end.answeredAt()).isNotNull().isAfterOrEqualTo(end.startedAt());
  }

  @Test
  void busyPhoneShouldPassTheCallToTheNextMember() throws Exception {
    String busyPort = agentWithPhone("gleb", "504", "queue", "+74951112266");
    String freePort = phoneOnLine("zoya", "505", "queue");
    var busy = Sipp.run("agent-busy.xml", hub.hub.sipPort(), "-p", busyPort);
    var free = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", freePort);

    Sipp.Result caller = Sipp.run("caller-busy-then-next.xml", hub.hub.sipPort(), "-s", "74951112266")
        .get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(busy.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(free.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(crmActivity("+74951230003").getLong("responsible_user_id")).as("the agent who answered")
        .isEqualTo(agentId("zoya"));
  }

  @Test
  void agentShouldCallAnotherExtensionAfterProvingWhoItIs() throws Exception {
    String callerPort = agentWithPhone("rita", "506", "internal-a", "+74951112277");
    String calleePort = phoneOnLine("timur", "507", "internal-a");
    var callee = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", calleePort);

    Sipp.Result caller = Sipp.run("agent-calls-extension.xml", hub.hub.sipPort(), "-p", callerPort, "-s", "507",
        "-key", "ext", "506", "-au", "506", "-ap", "rita-sip-pass").get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(callee.get(60, TimeUnit.SECONDS).exitCode()).isZero();
  }

  @Test
  void agentHangingUpShouldEndTheCallersLegToo() throws Exception {
    String phonePort = agentWithPhone("ilya", "503", "billing", "+74951112255");
    var phone = Sipp.run("agent-hangs-up.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-waits.xml", hub.hub.sipPort(), "-s", "74951112255")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result hungUp = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(hungUp.exitCode()).as(hungUp.output()).isZero();
    assertThat(lineReport("billing", "handled")).isEqualTo(1);
  }

  @Test
  void callerGivingUpWhileThePhoneRingsShouldCancelItAndCountAsAbandoned() throws Exception {
    String phonePort = agentWithPhone("lena", "502", "support", "+74951112244");
    var phone = Sipp.run("agent-rings.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-cancels.xml", hub.hub.sipPort(), "-s", "74951112244")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result rang = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(rang.exitCode()).as(rang.output()).isZero();
    assertThat(lineReport("support", "abandoned")).isEqualTo(1);
    io.vertx.sqlclient.Row activity = crmActivity("+74951230001");
    assertThat(activity.getString("kind")).isEqualTo("callback");
    assertThat(activity.getString("status")).isEqualTo("open");
    assertThat(activity.getLong("responsible_user_id")).as("the line's responsible").isEqualTo(agentId("lena"));
    CallEnded end = ended("+74951230001");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ABANDONED);
    assertThat(end.sipCode()).isEqualTo(487);
    assertThat(end.agentId()).isNull();
    assertThat(end.talkSeconds()).isZero();
  }

  /** A second available agent with a registered phone, appended to an existing strictly-ordered line. */
  private static String phoneOnLine(String login, String extension, String lineId) throws Exception {
    String admin = hub.adminToken();
    long agent = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("extension", extension).put("password", login + "-web"))
        .bodyAsJsonObject().getLong("id");
    hub.send("PUT", "/api/v1/users/" + agent + "/sip-password", admin, new JsonObject().put("password",
        login + "-sip-pass"));
    JsonArray members = hub.get("/api/v1/lines/" + lineId, admin).bodyAsJsonObject().getJsonArray("members");
    members.add(new JsonObject().put("userId", agent).put("tier", 0));
    assertThat(hub.send("PUT", "/api/v1/lines/" + lineId + "/members", admin, new JsonObject().put("members", members))
        .statusCode()).isEqualTo(200);
    hub.send("PUT", "/api/v1/agents/me/state", hub.login(login, login + "-web"),
        new JsonObject().put("state", "available"));
    String phonePort = Integer.toString(Sipp.freeUdpPort());
    Sipp.Result registered = Sipp.run("register-only.xml", hub.hub.sipPort(), "-p", phonePort, "-s", extension,
        "-au", extension, "-ap", login + "-sip-pass").get(60, TimeUnit.SECONDS);
    assertThat(registered.exitCode()).as(registered.output()).isZero();
    return phonePort;
  }

  /** The CRM activity of the call from this number, read until crm-link has written it. */
  private static io.vertx.sqlclient.Row crmActivity(String phone) {
    for (int i = 0; i < 100; i++) {
      var rows = RunningHub.await(hub.hub.pool().preparedQuery("""
          SELECT a.kind, a.status, a.outcome, a.responsible_user_id, a.entity_type FROM crm.activities a
          JOIN crm.communications c ON c.entity_type = a.entity_type AND c.entity_id = a.entity_id
          WHERE c.type = 'phone' AND c.value = $1""").execute(io.vertx.sqlclient.Tuple.of(phone)));
      if (rows.size() > 0) {
        assertThat(rows.size()).as("one activity per call").isEqualTo(1);
        return rows.iterator().next();
      }
      RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(50, t -> p.complete())));
    }
    throw new AssertionError("no CRM activity for " + phone);
  }

  private static long agentId(String login) {
    return RunningHub.await(hub.hub.pool().preparedQuery("SELECT id FROM hub.users WHERE login = $1")
        .execute(io.vertx.sqlclient.Tuple.of(login))).iterator().next().getLong(0);
  }

  /** An available agent on a new line with its number, with a phone registered on the returned port. */
  private static String agentWithPhone(String login, String extension, String lineId, String did) throws Exception {
    String admin = hub.adminToken();
    long agent = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("extension", extension).put("password", login + "-web"))
        .bodyAsJsonObject().getLong("id");
    hub.send("PUT", "/api/v1/users/" + agent + "/sip-password", admin, new JsonObject().put("password",
        login + "-sip-pass"));
    assertThat(hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", lineId).put("did", did)
        .put("responsibleUserId", agent).put("strategy", "strictly").put("members", new JsonArray().add(new JsonObject().put("userId", agent))))
        .statusCode()).isEqualTo(201);
    hub.send("PUT", "/api/v1/trunks/pbx", admin, new JsonObject().put("host", "127.0.0.1"));
    hub.send("PUT", "/api/v1/agents/me/state", hub.login(login, login + "-web"),
        new JsonObject().put("state", "available"));
    String phonePort = Integer.toString(Sipp.freeUdpPort());
    Sipp.Result registered = Sipp.run("register-only.xml", hub.hub.sipPort(), "-p", phonePort, "-s", extension,
        "-au", extension, "-ap", login + "-sip-pass").get(60, TimeUnit.SECONDS);
    assertThat(registered.exitCode()).as(registered.output()).isZero();
    return phonePort;
  }

  /** A figure of one line in /reports/lines, read until the journal has written the call. */
  private static int lineReport(String lineId, String figure) {
    String admin = hub.adminToken();
    JsonObject row = null;
    for (int i = 0; i < 100 && row == null; i++) {
      row = hub.get("/api/v1/reports/lines", admin).bodyAsJsonObject().getJsonArray("rows").stream()
          .map(JsonObject.class::cast).filter(r -> lineId.equals(r.getString("lineId"))).findFirst().orElse(null);
      if (row == null) {
        RunningHub.await(io.vertx.core.Future.future(p -> hub.clientVertx.setTimer(50, t -> p.complete())));
      }
    }
    assertThat(row).as("line " + lineId + " in /reports/lines").isNotNull();
    return row.getInteger(figure);
  }
}

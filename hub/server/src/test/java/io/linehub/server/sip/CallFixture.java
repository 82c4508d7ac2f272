package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.routing.PresenceChanged;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.SipAddresses;
import io.linehub.server.RunningHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the SIP call tests set up and read back through a running hub: agents with registered sipp
 * phones on lines, the trunk, the CRM rows of a call, and the call events sip-bridge published.
 */
final class CallFixture {

  final RunningHub hub;
  final List<CallEnded> ended = new CopyOnWriteArrayList<>();
  final List<CallEvent> events = new CopyOnWriteArrayList<>();
  final List<PresenceChanged> presence = new CopyOnWriteArrayList<>();

  /**
   * A hub for sipp calls: no keep-alive (sipp playing a phone would take an OPTIONS for a new
   * call), and this fixture over it. {@link #close()} checks that nothing is left live.
   */
  static CallFixture start(java.nio.file.Path dataDir) {
    return new CallFixture(RunningHub.start(dataDir, java.util.Map.of("LINEHUB_SIP_KEEPALIVE_SECONDS", "3600")));
  }

  /** Every call ended, the hub stopped, and no event loop was blocked meanwhile. */
  void close() {
    assertNothingLive();
    hub.close();
    assertThat(io.linehub.testkit.BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  CallFixture(RunningHub hub) {
    this.hub = hub;
    hub.hub.vertx().eventBus().<CallEnded>consumer(SipAddresses.CALL_ENDED, m -> ended.add(m.body()));
    hub.hub.vertx().eventBus().<CallEvent>consumer(SipAddresses.CALL_EVENT, m -> events.add(m.body()));
    hub.hub.vertx().eventBus().<PresenceChanged>consumer(RoutingAddresses.PRESENCE_CHANGED,
        m -> presence.add(m.body()));
  }

  /** The trunk calls come from (127.0.0.1) and go out to ({@code port} on loopback). */
  void trunk(int port) {
    assertThat(hub.send("PUT", "/api/v1/trunks/pbx", hub.adminToken(), new JsonObject().put("host", "127.0.0.1")
        .put("port", port)).statusCode()).isBetween(200, 201);
  }

  /** An available agent on a new line with its number, with a phone registered on the returned port. */
  String agentWithPhone(String login, String extension, String lineId, String did) throws Exception {
    String admin = hub.adminToken();
    long agent = agent(login, extension);
    assertThat(hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", lineId).put("did", did)
        .put("responsibleUserId", agent).put("strategy", "strictly")
        .put("members", new JsonArray().add(new JsonObject().put("userId", agent)))).statusCode()).isEqualTo(201);
    if (hub.get("/api/v1/trunks/pbx", admin).statusCode() == 404) {
      hub.send("PUT", "/api/v1/trunks/pbx", admin, new JsonObject().put("host", "127.0.0.1"));
    }
    return availableWithPhone(login, extension);
  }

  /** A second available agent with a registered phone, appended to an existing line. */
  String phoneOnLine(String login, String extension, String lineId) throws Exception {
    String admin = hub.adminToken();
    long agent = agent(login, extension);
    JsonArray members = hub.get("/api/v1/lines/" + lineId, admin).bodyAsJsonObject().getJsonArray("members");
    members.add(new JsonObject().put("userId", agent).put("tier", 0));
    assertThat(hub.send("PUT", "/api/v1/lines/" + lineId + "/members", admin, new JsonObject().put("members", members))
        .statusCode()).isEqualTo(200);
    return availableWithPhone(login, extension);
  }

  private long agent(String login, String extension) {
    String admin = hub.adminToken();
    long agent = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", login).put("role", "agent").put("extension", extension).put("password", login + "-web"))
        .bodyAsJsonObject().getLong("id");
    hub.send("PUT", "/api/v1/users/" + agent + "/sip-password", admin, new JsonObject().put("password",
        login + "-sip-pass"));
    return agent;
  }

  private String availableWithPhone(String login, String extension) throws Exception {
    hub.send("PUT", "/api/v1/agents/me/state", hub.login(login, login + "-web"),
        new JsonObject().put("state", "available"));
    String phonePort = Integer.toString(Sipp.freeUdpPort());
    Sipp.Result registered = Sipp.run("register-only.xml", hub.hub.sipPort(), "-p", phonePort, "-s", extension,
        "-au", extension, "-ap", login + "-sip-pass").get(60, TimeUnit.SECONDS);
    assertThat(registered.exitCode()).as(registered.output()).isZero();
    return phonePort;
  }

  /** Changes a line: {@code changes} replace those fields of its current definition. */
  void changeLine(String lineId, JsonObject changes) {
    String admin = hub.adminToken();
    JsonObject line = hub.get("/api/v1/lines/" + lineId, admin).bodyAsJsonObject();
    line.mergeIn(changes);
    var reply = hub.send("PUT", "/api/v1/lines/" + lineId, admin, line);
    assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
  }

  long agentId(String login) {
    return RunningHub.await(hub.hub.pool().preparedQuery("SELECT id FROM hub.users WHERE login = $1")
        .execute(Tuple.of(login))).iterator().next().getLong(0);
  }

  /** The CRM activity of the call with this number, read until crm-link has written it. */
  Row crmActivity(String phone) {
    for (int i = 0; i < 100; i++) {
      var rows = RunningHub.await(hub.hub.pool().preparedQuery("""
          SELECT a.kind, a.status, a.outcome, a.direction, a.responsible_user_id, a.entity_type FROM crm.activities a
          JOIN crm.communications c ON c.entity_type = a.entity_type AND c.entity_id = a.entity_id
          WHERE c.type = 'phone' AND c.value = $1""").execute(Tuple.of(phone)));
      if (rows.size() > 0) {
        assertThat(rows.size()).as("one activity per call").isEqualTo(1);
        return rows.iterator().next();
      }
      pause(50);
    }
    throw new AssertionError("no CRM activity for " + phone);
  }

  /** A figure of one line in /reports/lines, read until the journal has written the call. */
  int lineReport(String lineId, String figure) {
    String admin = hub.adminToken();
    JsonObject row = null;
    for (int i = 0; i < 100 && row == null; i++) {
      row = hub.get("/api/v1/reports/lines", admin).bodyAsJsonObject().getJsonArray("rows").stream()
          .map(JsonObject.class::cast).filter(r -> lineId.equals(r.getString("lineId"))).findFirst().orElse(null);
      if (row == null) {
        pause(50);
      }
    }
    assertThat(row).as("line " + lineId + " in /reports/lines").isNotNull();
    return row.getInteger(figure);
  }

  /** The presence states routing published for {@code agentId}, waited for until the last is {@code last}. */
  List<AgentState> statesOf(long agentId, AgentState last) {
    List<AgentState> states = List.of();
    for (int i = 0; i < 100; i++) {
      states = presence.stream().filter(p -> p.agentId() == agentId).map(PresenceChanged::state).toList();
      if (!states.isEmpty() && states.get(states.size() - 1) == last) {
        return states;
      }
      pause(50);
    }
    throw new AssertionError("agent " + agentId + " never ended " + last + ": " + states);
  }

  /** The CDR of the call matching {@code which}, waited for. */
  CallEnded ended(Predicate<CallEnded> which) {
    for (int i = 0; i < 100; i++) {
      var found = ended.stream().filter(which).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      pause(50);
    }
    throw new AssertionError("no sip.call.ended matching in " + ended);
  }

  /** The call as {@code GET /api/v1/calls/{id}} shows it once stored as ended. */
  JsonObject storedCall(String callId) {
    for (int i = 0; i < 100; i++) {
      var reply = hub.get("/api/v1/calls/" + callId, hub.adminToken());
      if (reply.statusCode() == 200 && "ended".equals(reply.bodyAsJsonObject().getString("state"))) {
        return reply.bodyAsJsonObject();
      }
      pause(50);
    }
    throw new AssertionError("call " + callId + " not stored as ended");
  }

  CallEnded endedFrom(String caller) {
    return ended(e -> caller.equals(e.from()));
  }

  List<CallEvent> events(String callId) {
    return events.stream().filter(e -> e.callId().equals(callId)).toList();
  }

  /**
   * Every call has let go of its legs: the B2BUA's gauges of live calls and legs come back to 0
   * (a leaked call or dialog would keep them up).
   */
  void assertNothingLive() {
    String metrics = "";
    for (int i = 0; i < 100; i++) {
      metrics = hub.get("/metrics", null).bodyAsString();
      if (metrics.contains("linehub_sip_calls_live 0.0") && metrics.contains("linehub_sip_legs_live 0.0")) {
        return;
      }
      pause(100);
    }
    throw new AssertionError("calls or legs still live: " + metrics.lines()
        .filter(line -> line.startsWith("linehub_sip_")).toList());
  }

  void pause(long millis) {
    RunningHub.await(Future.<Void>future(p -> hub.clientVertx.setTimer(millis, t -> p.complete())));
  }
}

package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.AgentState;
import io.linehub.api.sip.CallDirection;
import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.server.RunningHub;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What agents do with calls beyond answering, end to end with real sipp peers: hold and resume
 * (re-INVITEs relayed both ways), calls out through the trunk from a softphone and by
 * click-to-call, and blind transfer; each checked in the call events, the CDR and the CRM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallFeaturesTest {

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
  void newCallShouldGet503WhileTheB2buaStaysBehindAndTheNextOneBeServedOnceItCaughtUp() throws Exception {
    String phonePort = calls.agentWithPhone("load-agent", "619", "load-line", "+74951116010");
    var phone = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", phonePort);
    String stallPhonePort = calls.agentWithPhone("stall-agent", "618", "stall-line", "+74951116009");
    var stallPhone = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", stallPhonePort);
    try (DatagramSocket pinger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      // One stall is no overload: a call queued behind the B2BUA's context held once for 1.2 s is served.
      hold(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_200), 1_200);
      Sipp.Result afterStall = Sipp.run("caller-answered-hangs-up.xml", hub.hub.sipPort(), "-s", "74951116009",
          "-key", "from", "+74957770005").get(60, TimeUnit.SECONDS);
      assertThat(afterStall.exitCode()).as("a call behind a single stall: " + afterStall.output()).isZero();
      assertThat(stallPhone.get(60, TimeUnit.SECONDS).exitCode()).isZero();

      // Behind for 3 s: the context is held 700 ms at a time, each hold queuing the next first, so
      // every event (OPTIONS pings every 50 ms) waits at least 700 ms.
      hold(System.nanoTime() + TimeUnit.SECONDS.toNanos(3), 700);
      ping(pinger, 1_600);
      Sipp.Result refused = Sipp.run("caller-refused-overload.xml", hub.hub.sipPort(), "-s", "74951116010",
          "-key", "from", "+74957770010").get(60, TimeUnit.SECONDS);
      // Caught up: a second of events served at once ends the refusals.
      ping(pinger, 2_500);
      Sipp.Result served = Sipp.run("caller-answered-hangs-up.xml", hub.hub.sipPort(), "-s", "74951116010",
          "-key", "from", "+74957770020").get(60, TimeUnit.SECONDS);

      assertThat(refused.exitCode()).as("503 with Retry-After and a To tag: " + refused.output()).isZero();
      assertThat(served.exitCode()).as(served.output()).isZero();
    }
    assertThat(phone.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(calls.endedFrom("+74957770005").disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(calls.endedFrom("+74957770020").disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(calls.events).as("a refused call never started").noneMatch(e -> "+74957770010".equals(e.from()));
    assertThat(hub.send("GET", "/metrics", null, null).bodyAsString())
        .contains("linehub_sip_calls_refused_overload_total 1.0");
  }

  /** Holds the B2BUA's context {@code ms} at a time until {@code untilNanos}, each hold queuing the next first. */
  private static void hold(long untilNanos, long ms) {
    hub.hub.sipVerticle().runOnContext(() -> {
      if (System.nanoTime() >= untilNanos) {
        return;
      }
      hold(untilNanos, ms);
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** OPTIONS to the hub every 50 ms for {@code ms}: SIP events for the overload guard to time. */
  private static void ping(DatagramSocket socket, long ms) throws Exception {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    for (int i = 0; System.nanoTime() < end; i++) {
      byte[] options = ("OPTIONS sip:ping@127.0.0.1:" + hub.hub.sipPort() + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-ping-" + System.nanoTime() + "\r\n"
          + "From: <sip:pinger@127.0.0.1>;tag=ping\r\nTo: <sip:ping@127.0.0.1>\r\n"
          + "Call-ID: ping-" + i + "-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      socket.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), hub.hub.sipPort()));
      Thread.sleep(50);
    }
  }

  @Test
  void holdAndResumeShouldReachTheCallerAndBeReported() throws Exception {
    String phonePort = calls.agentWithPhone("hold-agent", "601", "hold-line", "+74951116001");
    var phone = Sipp.run("agent-holds.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-held.xml", hub.hub.sipPort(), "-s", "74951116001",
        "-key", "from", "+74957770001").get(60, TimeUnit.SECONDS);
    Sipp.Result agent = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(agent.exitCode()).as(agent.output()).isZero();
    CallEnded end = calls.endedFrom("+74957770001");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.direction()).isEqualTo(CallDirection.INBOUND);
    assertThat(calls.events(end.callId())).extracting(CallEvent::type).containsSubsequence(
        CallEventType.STARTED, CallEventType.OFFERED, CallEventType.ANSWERED, CallEventType.HELD,
        CallEventType.RESUMED);
    CallEvent held = calls.events(end.callId()).stream().filter(e -> e.type() == CallEventType.HELD)
        .findFirst().orElseThrow();
    assertThat(held.detail()).isEqualTo("agent");
    assertThat(held.agentId()).isEqualTo(calls.agentId("hold-agent"));
    assertThat(calls.crmActivity("+74957770001").getString("outcome")).isEqualTo("answered");
  }

  @Test
  void softphoneCallToANumberShouldGoOutThroughTheTrunkWithTheLinesCallerId() throws Exception {
    String phonePort = calls.agentWithPhone("out-agent", "602", "out-line", "+74951119999");
    var trunk = Sipp.run("trunk-answers.xml", hub.hub.sipPort(), "-p", Integer.toString(trunkPort));

    Sipp.Result agent = Sipp.run("agent-calls-extension.xml", hub.hub.sipPort(), "-p", phonePort,
        "-s", "84957770002", "-key", "ext", "602", "-au", "602", "-ap", "out-agent-sip-pass")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result provider = trunk.get(60, TimeUnit.SECONDS);

    assertThat(agent.exitCode()).as(agent.output()).isZero();
    assertThat(provider.exitCode()).as("the trunk got the line's caller ID: " + provider.output()).isZero();
    CallEnded end = calls.ended(e -> "+84957770002".equals(e.to()));
    assertThat(end.direction()).isEqualTo(CallDirection.OUTBOUND);
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.lineId()).isEqualTo("out-line");
    assertThat(end.agentId()).isEqualTo(calls.agentId("out-agent"));
    assertThat(end.legs()).singleElement().satisfies(leg -> {
      assertThat(leg.target()).isEqualTo("+84957770002");
      assertThat(leg.sipCode()).isEqualTo(200);
    });
    assertThat(calls.statesOf(calls.agentId("out-agent"), AgentState.AVAILABLE))
        .as("routing kept the agent on_call for their own call, then freed them")
        .containsSubsequence(AgentState.ON_CALL, AgentState.AVAILABLE);
    var activity = calls.crmActivity("+84957770002");
    assertThat(activity.getString("kind")).isEqualTo("call");
    assertThat(activity.getString("direction")).isEqualTo("outbound");
    assertThat(activity.getLong("responsible_user_id")).isEqualTo(calls.agentId("out-agent"));
    // The recorder reports later, under the call id of the CDR; it lands on the same activity.
    var recorded = hub.send("POST", "/api/v1/calls/" + end.callId() + "/recording", hub.adminToken(),
        new JsonObject().put("url", "https://rec.example/" + end.callId() + ".mp3").put("mediaType", "audio/mpeg")
            .put("durationSec", 1));
    assertThat(recorded.statusCode()).as(recorded.bodyAsString()).isEqualTo(200);
    assertThat(recorded.bodyAsJsonObject().getJsonObject("recording").getString("url"))
        .endsWith(end.callId() + ".mp3");
    assertThat(hub.send("POST", "/api/v1/calls/no-such-call/recording", hub.adminToken(),
        new JsonObject().put("url", "https://rec.example/x.mp3")).statusCode()).isEqualTo(404);
  }

  @Test
  void clickToCallShouldRingTheAgentFirstThenCallTheCustomerAndBridgeThem() throws Exception {
    String phonePort = calls.agentWithPhone("c2c-agent", "603", "c2c-line", "+74951116003");
    var phone = Sipp.run("agent-late-offer.xml", hub.hub.sipPort(), "-p", phonePort);
    var customer = Sipp.run("trunk-answers-hangs-up.xml", hub.hub.sipPort(), "-p", Integer.toString(trunkPort));
    calls.pause(300);

    var reply = hub.send("POST", "/api/v1/calls", hub.login("c2c-agent", "c2c-agent-web"),
        new JsonObject().put("to", "+7 495 777-00-03"));
    assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(202);
    String callId = reply.bodyAsJsonObject().getString("callId");

    Sipp.Result agent = phone.get(60, TimeUnit.SECONDS);
    Sipp.Result far = customer.get(60, TimeUnit.SECONDS);
    assertThat(agent.exitCode()).as("agent: " + agent.output()).isZero();
    assertThat(far.exitCode()).as("customer: " + far.output()).isZero();
    CallEnded end = calls.ended(e -> e.callId().equals(callId));
    assertThat(end.direction()).isEqualTo(CallDirection.OUTBOUND);
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.to()).isEqualTo("+74957770003");
    assertThat(end.agentId()).isEqualTo(calls.agentId("c2c-agent"));
    assertThat(end.legs()).hasSize(2);
    assertThat(calls.crmActivity("+74957770003").getString("direction")).isEqualTo("outbound");
  }

  @Test
  void clickToCallShouldBeRefusedForAnAgentWithoutAPhoneOrForSomeoneElse() {
    String admin = hub.adminToken();
    long agent = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", "no-phone")
        .put("displayName", "No Phone").put("role", "agent").put("extension", "609").put("password", "no-phone-web"))
        .bodyAsJsonObject().getLong("id");
    String token = hub.login("no-phone", "no-phone-web");

    assertThat(hub.send("POST", "/api/v1/calls", token, new JsonObject().put("to", "+74957770009")).statusCode())
        .as("no registered phone").isEqualTo(409);
    assertThat(hub.send("POST", "/api/v1/calls", token, new JsonObject().put("to", "+74957770009")
        .put("agent", agent + 1000)).statusCode()).as("an agent calls only for themselves").isEqualTo(403);
    assertThat(hub.send("POST", "/api/v1/calls", token, new JsonObject().put("to", "call me")).statusCode())
        .isEqualTo(400);
    assertThat(hub.send("POST", "/api/v1/calls", token, new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  void blindTransferShouldMoveTheCallerToTheOtherAgentAndReleaseTheFirst() throws Exception {
    String firstPort = calls.agentWithPhone("xfer-a", "604", "xfer-line", "+74951116004");
    String secondPort = calls.phoneOnLine("xfer-b", "605", "xfer-line");
    var first = Sipp.run("agent-blind-transfers.xml", hub.hub.sipPort(), "-p", firstPort, "-key", "target", "605");
    var second = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", secondPort);

    Sipp.Result caller = Sipp.run("caller-transferred.xml", hub.hub.sipPort(), "-s", "74951116004",
        "-key", "from", "+74957770004").get(60, TimeUnit.SECONDS);
    Sipp.Result transferor = first.get(60, TimeUnit.SECONDS);
    Sipp.Result target = second.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as("caller: " + caller.output()).isZero();
    assertThat(transferor.exitCode()).as("transferor: " + transferor.output()).isZero();
    assertThat(target.exitCode()).as("target: " + target.output()).isZero();
    CallEnded end = calls.endedFrom("+74957770004");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.agentId()).as("who talked last").isEqualTo(calls.agentId("xfer-b"));
    assertThat(end.agentIds()).containsExactly(calls.agentId("xfer-a"), calls.agentId("xfer-b"));
    CallEvent transferred = calls.events(end.callId()).stream()
        .filter(e -> e.type() == CallEventType.TRANSFERRED).findFirst().orElseThrow();
    assertThat(transferred.agentId()).isEqualTo(calls.agentId("xfer-a"));
    assertThat(transferred.detail()).isEqualTo("605");
    JsonObject stored = calls.storedCall(end.callId());
    assertThat(stored.getLong("agentId")).isEqualTo(calls.agentId("xfer-b"));
    assertThat(stored.getJsonArray("legs")).as("the first agent's leg and the transfer target's")
        .extracting(leg -> ((JsonObject) leg).getLong("agentId"))
        .containsExactly(calls.agentId("xfer-a"), calls.agentId("xfer-b"));
  }

  @Test
  void transferAskedForOverRestShouldMoveTheCallerToTheOtherAgentAndReleaseTheFirstPhone() throws Exception {
    String firstPort = calls.agentWithPhone("rest-a", "621", "rest-xfer-line", "+74951116021");
    String secondPort = calls.phoneOnLine("rest-b", "622", "rest-xfer-line");
    // rest-b is the target, not offered the customer: only rest-a is on the line's queue.
    calls.changeLine("rest-xfer-line", new JsonObject().put("members", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("userId", calls.agentId("rest-a")))));
    var first = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", firstPort);
    var second = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", secondPort);
    var caller = Sipp.run("caller-transferred.xml", hub.hub.sipPort(), "-s", "74951116021",
        "-key", "from", "+74957770021");

    long agentA = calls.agentId("rest-a");
    CallEvent answered = null;
    for (int i = 0; i < 200 && answered == null; i++) {
      answered = calls.events.stream().filter(e -> e.type() == CallEventType.ANSWERED
          && Long.valueOf(agentA).equals(e.agentId())).findFirst().orElse(null);
      Thread.sleep(50);
    }
    assertThat(answered).as("rest-a answered").isNotNull();
    String tokenA = hub.login("rest-a", "rest-a-web");
    String tokenB = hub.login("rest-b", "rest-b-web");
    assertThat(hub.send("POST", "/api/v1/calls/" + answered.callId() + "/transfer", tokenB,
        new JsonObject().put("to", "621")).statusCode()).as("rest-b is not in the call").isEqualTo(409);
    assertThat(hub.send("POST", "/api/v1/calls/no-such-call/transfer", tokenA,
        new JsonObject().put("to", "622")).statusCode()).isEqualTo(404);
    assertThat(hub.send("POST", "/api/v1/calls/" + answered.callId() + "/transfer", tokenA,
        new JsonObject().put("to", "call Bob")).statusCode()).isEqualTo(400);
    var accepted = hub.send("POST", "/api/v1/calls/" + answered.callId() + "/transfer", tokenA,
        new JsonObject().put("to", "622"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);

    Sipp.Result callerDone = caller.get(60, TimeUnit.SECONDS);
    Sipp.Result transferor = first.get(60, TimeUnit.SECONDS);
    Sipp.Result target = second.get(60, TimeUnit.SECONDS);
    assertThat(callerDone.exitCode()).as("caller: " + callerDone.output()).isZero();
    assertThat(transferor.exitCode()).as("transferor (released with a BYE): " + transferor.output()).isZero();
    assertThat(target.exitCode()).as("target: " + target.output()).isZero();
    CallEnded end = calls.endedFrom("+74957770021");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.agentId()).as("who talked last").isEqualTo(calls.agentId("rest-b"));
    CallEvent transferred = calls.events(end.callId()).stream()
        .filter(e -> e.type() == CallEventType.TRANSFERRED).findFirst().orElseThrow();
    assertThat(transferred.agentId()).isEqualTo(agentA);
    assertThat(transferred.detail()).isEqualTo("622");
  }

  @Test
  void attendedTransferShouldJoinTheCustomerWithTheConsultedColleague() throws Exception {
    String firstPort = calls.agentWithPhone("att-a", "606", "att-line", "+74951116006");
    String secondPort = calls.phoneOnLine("att-b", "607", "att-line");
    // att-b is busy on the consultation, not offered the customer: only att-a is on the line's queue.
    calls.changeLine("att-line", new JsonObject().put("members", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("userId", calls.agentId("att-a")))));
    var first = Sipp.run("agent-attended-transfers.xml", hub.hub.sipPort(), "-p", firstPort, "-key", "target", "607",
        "-key", "consult", "consult-att-1");
    var second = Sipp.run("agent-answers-reinvited.xml", hub.hub.sipPort(), "-p", secondPort);
    var caller = Sipp.run("caller-transferred.xml", hub.hub.sipPort(), "-s", "74951116006",
        "-key", "from", "+74957770006");
    waitFor(() -> calls.events.stream().anyMatch(e -> e.type() == CallEventType.ANSWERED
        && "+74957770006".equals(e.from())));

    Sipp.Result consult = Sipp.run("agent-consults.xml", hub.hub.sipPort(), "-s", "607", "-key", "ext", "606",
        "-au", "606", "-ap", "att-a-sip-pass", "-cid_str", "consult-att-1").get(60, TimeUnit.SECONDS);
    Sipp.Result customer = caller.get(60, TimeUnit.SECONDS);
    Sipp.Result transferor = first.get(60, TimeUnit.SECONDS);
    Sipp.Result target = second.get(60, TimeUnit.SECONDS);

    assertThat(consult.exitCode()).as("consultation: " + consult.output()).isZero();
    assertThat(customer.exitCode()).as("customer: " + customer.output()).isZero();
    assertThat(transferor.exitCode()).as("transferor: " + transferor.output()).isZero();
    assertThat(target.exitCode()).as("target: " + target.output()).isZero();
    CallEnded end = calls.endedFrom("+74957770006");
    assertThat(end.agentId()).isEqualTo(calls.agentId("att-b"));
    assertThat(end.agentIds()).containsExactly(calls.agentId("att-a"), calls.agentId("att-b"));
    CallEnded consultation = calls.ended(e -> e.callId().equals("consult-att-1"));
    assertThat(consultation.direction()).isEqualTo(CallDirection.INTERNAL);
    assertThat(consultation.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(calls.crmActivity("+74957770006").getString("outcome")).isEqualTo("answered");
  }

  @Test
  void ringAllShouldRingBothPhonesAndCancelTheOneThatDidNotAnswer() throws Exception {
    String answeringPort = calls.agentWithPhone("all-a", "608", "all-line", "+74951116008");
    String ringingPort = calls.phoneOnLine("all-b", "610", "all-line");
    calls.changeLine("all-line", new JsonObject().put("strategy", "all"));
    var answering = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", answeringPort);
    var ringing = Sipp.run("agent-rings.xml", hub.hub.sipPort(), "-p", ringingPort);

    Sipp.Result caller = Sipp.run("caller-answered-hangs-up.xml", hub.hub.sipPort(), "-s", "74951116008",
        "-key", "from", "+74957770008").get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(answering.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    Sipp.Result cancelled = ringing.get(60, TimeUnit.SECONDS);
    assertThat(cancelled.exitCode()).as("the other phone is cancelled: " + cancelled.output()).isZero();
    CallEnded end = calls.endedFrom("+74957770008");
    assertThat(end.agentId()).isEqualTo(calls.agentId("all-a"));
    assertThat(end.legs()).extracting(io.linehub.api.sip.CallLeg::sipCode).containsExactlyInAnyOrder(200, 487);
  }

  @Test
  void unansweredCallShouldBeForwardedThroughTheTrunkByTheLinesNoAnswerAction() throws Exception {
    String phonePort = calls.agentWithPhone("fwd-a", "611", "fwd-line", "+74951116011");
    calls.changeLine("fwd-line", new JsonObject()
        .put("timers", new JsonObject().put("callOfferSec", 1).put("chatOfferSec", 60).put("maxWaitSec", 300)
            .put("wrapUpSec", 0))
        .put("noAnswer", new JsonObject().put("action", "forward").put("target", "+74957779911")));
    var phone = Sipp.run("agent-rings.xml", hub.hub.sipPort(), "-p", phonePort);
    var forwarded = Sipp.run("trunk-answers-hangs-up.xml", hub.hub.sipPort(), "-p", Integer.toString(trunkPort));

    Sipp.Result caller = Sipp.run("caller-answered-waits.xml", hub.hub.sipPort(), "-s", "74951116011",
        "-key", "from", "+74957770011").get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(phone.get(60, TimeUnit.SECONDS).exitCode()).as("the agent's phone rang and was cancelled").isZero();
    Sipp.Result far = forwarded.get(60, TimeUnit.SECONDS);
    assertThat(far.exitCode()).as(far.output()).isZero();
    CallEnded end = calls.endedFrom("+74957770011");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.agentId()).isNull();
    assertThat(end.legs()).extracting(io.linehub.api.sip.CallLeg::target).contains("+74957779911");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      calls.pause(50);
    }
    assertThat(condition.getAsBoolean()).as("condition reached in 10 s").isTrue();
  }
}

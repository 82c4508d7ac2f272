package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.sip.CallDisposition;
import io.linehub.api.sip.CallEnded;
import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    calls = CallFixture.start(dataDir);
    hub = calls.hub;
  }

  private static CallFixture calls;

  @AfterAll
  static void stop() {
    calls.close();
  }

  @Test
  void theB2buaShouldRunOnAnEventLoopOfItsOwn() throws Exception {
    var where = new CompletableFuture<String>();
    hub.hub.sipVerticle().runOnContext(() -> where.complete(Thread.currentThread().getName() + " "
        + Vertx.currentContext().isEventLoopContext()));
    // Not one of the loops Vert.x hands out in turn, where the CRM's lookups and the call records
    // waited behind SIP work (docs/sip.md, Threads).
    assertThat(where.get(10, TimeUnit.SECONDS)).startsWith("linehub-sip-b2bua").endsWith(" true");
  }

  @Test
  void taskHoldingTheB2buaShouldBeReportedWhenItOutlastsVertxsLimit() throws Exception {
    var held = new CompletableFuture<Void>();
    // longer than Vert.x's maxEventLoopExecuteTime (2 s in the hub) plus one check interval (1 s)
    hub.hub.sipVerticle().runOnContext(() -> {
      try {
        Thread.sleep(3_500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.complete(null);
    });
    held.get(10, TimeUnit.SECONDS);

    List<String> reports = BlockedThreadCounter.take("linehub-sip-b2bua");
    assertThat(reports).isNotEmpty().first().asString().contains("has been blocked");
  }

  @Test
  void callFromTrunkShouldReachTheAgentsPhoneBeAnsweredAndEndWhenTheCallerHangsUp() throws Exception {
    String phonePort = calls.agentWithPhone("oleg", "501", "sales", "+74951112233");
    var phone = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-hangs-up.xml", hub.hub.sipPort(), "-s", "74951112233")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result answered = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(answered.exitCode()).as(answered.output()).isZero();
    assertThat(calls.lineReport("sales", "handled")).isEqualTo(1);
    io.vertx.sqlclient.Row activity = calls.crmActivity("+74951230000");
    assertThat(activity.getString("kind")).isEqualTo("call");
    assertThat(activity.getString("status")).isEqualTo("done");
    assertThat(activity.getString("outcome")).isEqualTo("answered");
    assertThat(activity.getLong("responsible_user_id")).as("the agent who answered").isEqualTo(calls.agentId("oleg"));
    assertThat(activity.getString("entity_type")).as("a new number becomes a lead").isEqualTo("lead");
    CallEnded end = calls.endedFrom("+74951230000");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ANSWERED);
    assertThat(end.sipCode()).isEqualTo(200);
    assertThat(end.lineId()).isEqualTo("sales");
    assertThat(end.agentId()).isEqualTo(calls.agentId("oleg"));
    assertThat(end.answeredAt()).isNotNull().isAfterOrEqualTo(end.startedAt());
  }

  @Test
  void busyPhoneShouldPassTheCallToTheNextMember() throws Exception {
    String busyPort = calls.agentWithPhone("gleb", "504", "queue", "+74951112266");
    String freePort = calls.phoneOnLine("zoya", "505", "queue");
    var busy = Sipp.run("agent-busy.xml", hub.hub.sipPort(), "-p", busyPort);
    var free = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", freePort);

    Sipp.Result caller = Sipp.run("caller-busy-then-next.xml", hub.hub.sipPort(), "-s", "74951112266")
        .get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(busy.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(free.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(calls.crmActivity("+74951230003").getLong("responsible_user_id")).as("the agent who answered")
        .isEqualTo(calls.agentId("zoya"));
  }

  @Test
  void agentShouldCallAnotherExtensionAfterProvingWhoItIs() throws Exception {
    String callerPort = calls.agentWithPhone("rita", "506", "internal-a", "+74951112277");
    String calleePort = calls.phoneOnLine("timur", "507", "internal-a");
    var callee = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", calleePort);

    Sipp.Result caller = Sipp.run("agent-calls-extension.xml", hub.hub.sipPort(), "-p", callerPort, "-s", "507",
        "-key", "ext", "506", "-au", "506", "-ap", "rita-sip-pass").get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(callee.get(60, TimeUnit.SECONDS).exitCode()).isZero();
  }

  @Test
  void agentHangingUpShouldEndTheCallersLegToo() throws Exception {
    String phonePort = calls.agentWithPhone("ilya", "503", "billing", "+74951112255");
    var phone = Sipp.run("agent-hangs-up.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-waits.xml", hub.hub.sipPort(), "-s", "74951112255")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result hungUp = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(hungUp.exitCode()).as(hungUp.output()).isZero();
    assertThat(calls.lineReport("billing", "handled")).isEqualTo(1);
  }

  @Test
  void callerGivingUpWhileThePhoneRingsShouldCancelItAndCountAsAbandoned() throws Exception {
    String phonePort = calls.agentWithPhone("lena", "502", "support", "+74951112244");
    var phone = Sipp.run("agent-rings.xml", hub.hub.sipPort(), "-p", phonePort);

    Sipp.Result caller = Sipp.run("caller-cancels.xml", hub.hub.sipPort(), "-s", "74951112244")
        .get(60, TimeUnit.SECONDS);
    Sipp.Result rang = phone.get(60, TimeUnit.SECONDS);

    assertThat(caller.exitCode()).as(caller.output()).isZero();
    assertThat(rang.exitCode()).as(rang.output()).isZero();
    assertThat(calls.lineReport("support", "abandoned")).isEqualTo(1);
    io.vertx.sqlclient.Row activity = calls.crmActivity("+74951230001");
    assertThat(activity.getString("kind")).isEqualTo("callback");
    assertThat(activity.getString("status")).isEqualTo("open");
    assertThat(activity.getLong("responsible_user_id")).as("the line's responsible").isEqualTo(calls.agentId("lena"));
    CallEnded end = calls.endedFrom("+74951230001");
    assertThat(end.disposition()).isEqualTo(CallDisposition.ABANDONED);
    assertThat(end.sipCode()).isEqualTo(487);
    assertThat(end.agentId()).isNull();
    assertThat(end.talkSeconds()).isZero();
  }
}

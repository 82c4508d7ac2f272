package io.linehub.server.supervisor;

import io.linehub.api.supervisor.SupervisorAddresses;
import static io.linehub.server.supervisor.LiveClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One socket session against a stand-in for the supervisor verticle, to drive the moments a whole
 * hub cannot stage on demand: deltas racing the snapshot, and a client that stops reading.
 */
@Timeout(60)
class LiveSessionTest {

  static final String PAD = "x".repeat(32 * 1024);

  Vertx vertx;
  /** The client on its own Vertx: its cold-start class loading is not the code under test. */
  Vertx clientVertx;
  HttpServer server;
  WebSocketClient sockets;

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    clientVertx = Vertx.vertx();
    sockets = clientVertx.createWebSocketClient();
  }

  @AfterEach
  void stop() {
    await(clientVertx.close());
    await(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void sessionShouldSendSnapshotThenOnlyNewerDeltasWhenDeltasRaceTheSnapshot() {
    serve(Duration.ofSeconds(10), Long.MAX_VALUE, request -> {
      // Deltas 1 and 2 are published while the snapshot is being taken; the snapshot includes 1.
      delta(1);
      delta(2);
      request.complete(new JsonObject().put("v", 1).put("type", "snapshot").put("seq", 1L));
      delta(3);
    });

    try (LiveClient live = await(LiveClient.connect(sockets, server.actualPort(), "unused"))) {
      assertThat(live.next().getLong("seq")).isEqualTo(1L);
      assertThat(live.next().getLong("seq")).isEqualTo(2L);
      assertThat(live.next().getLong("seq")).isEqualTo(3L);
      delta(3);
      delta(4);
      assertThat(live.next().getLong("seq")).as("a repeated seq is dropped").isEqualTo(4L);
    }
  }

  @Test
  void sessionShouldCloseWith1008WhenTheClientStopsReadingPastTheGrace() {
    assertClosedAsTooSlow(Duration.ofMillis(200), Long.MAX_VALUE, 1700);
  }

  @Test
  void sessionShouldCloseWith1008WhenTheClientFallsTooFarBehind() {
    assertClosedAsTooSlow(Duration.ofMinutes(5), 256 * 1024, 1500);
  }

  private void assertClosedAsTooSlow(Duration grace, long maxBehindBytes, long pausedMillis) {
    serve(grace, maxBehindBytes, request -> request.complete(new JsonObject().put("type", "snapshot").put("seq", 0L)));
    try (LiveClient live = await(LiveClient.connect(sockets, server.actualPort(), "unused"))) {
      assertThat(live.next().getString("type")).isEqualTo("snapshot");
      live.ws.pause();

      // Far more than the kernel's socket buffers hold, so the server's write queue must fill.
      for (int seq = 1; seq <= 600; seq++) {
        vertx.eventBus().publish(SupervisorAddresses.DELTA, new JsonObject().put("seq", (long) seq).put("pad", PAD));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(pausedMillis, id -> later.complete());
      await(later.future());
      live.ws.resume();

      assertThat(live.closeStatus()).isEqualTo(LiveSession.POLICY);
    }
  }

  private void serve(Duration grace, long maxBehindBytes, Consumer<Promise<JsonObject>> snapshot) {
    vertx.eventBus().localConsumer(SupervisorAddresses.SNAPSHOT, message -> {
      Promise<JsonObject> reply = Promise.promise();
      reply.future().onSuccess(message::reply);
      snapshot.accept(reply);
    });
    server = await(vertx.createHttpServer()
        .webSocketHandler(ws -> {
          ws.setWriteQueueMaxSize(16 * 1024);
          new LiveSession(vertx, ws, grace, maxBehindBytes).start();
        })
        .listen(0));
  }

  private void delta(long seq) {
    vertx.eventBus().publish(SupervisorAddresses.DELTA, new JsonObject().put("type", "line").put("seq", seq));
  }
}

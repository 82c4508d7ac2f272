package io.linehub.server.supervisor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A wallboard in a test: a real WebSocket to the hub, its frames in arrival order. */
final class LiveClient implements AutoCloseable {

  static final long WAIT_SECONDS = 20;

  final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Promise<Short> closed = Promise.promise();

  private LiveClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(ignored -> closed.tryComplete(ws.closeStatusCode()));
  }

  /** Connects with {@code token} as {@code access_token} (none when null). */
  static Future<LiveClient> connect(WebSocketClient client, int port, String token) {
    String uri = SupervisorSocket.PATH + (token == null ? "" : "?access_token=" + token);
    return client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri))
        .map(LiveClient::new);
  }

  /** The next frame; fails the test when none comes in time. */
  JsonObject next() {
    try {
      JsonObject frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT_SECONDS + " s");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame that {@code wanted} accepts, skipping others (events of other tests' lines). */
  JsonObject next(Predicate<JsonObject> wanted) {
    JsonObject frame = next();
    while (!wanted.test(frame)) {
      frame = next();
    }
    return frame;
  }

  void send(String text) {
    await(ws.writeTextMessage(text));
  }

  void send(Buffer binary) {
    await(ws.writeBinaryMessage(binary));
  }

  /** The close status the server sent. */
  short closeStatus() {
    return await(closed.future());
  }

  static <T> T await(Future<T> future) {
    try {
      CompletableFuture<T> done = future.toCompletionStage().toCompletableFuture();
      return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Why {@code future} failed; fails the test when it succeeded. */
  static Throwable failure(Future<?> future) {
    Throwable cause = await(future.transform(ar -> Future.succeededFuture(ar.cause())));
    if (cause == null) {
      throw new AssertionError("expected a failure");
    }
    return cause;
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      await(ws.close());
    }
  }
}

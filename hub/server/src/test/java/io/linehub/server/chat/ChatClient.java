package io.linehub.server.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** One device of a person in a test: a real WebSocket to {@code /ws}, its frames in arrival order. */
public final class ChatClient implements AutoCloseable {

  static final long WAIT_SECONDS = 20;

  final ClientWebSocket ws;
  /**
   * Held for as long as this connection: Vert.x 5 closes a WebSocketClient's sockets once the
   * client object is garbage collected.
   */
  private final WebSocketClient client;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Promise<Short> closed = Promise.promise();
  private final AtomicInteger ids = new AtomicInteger();
  /** Frames a selective wait passed over, kept for the next reads in arrival order. */
  private final java.util.Deque<JsonObject> skipped = new java.util.ArrayDeque<>();
  /** The server's first frame: the person's dialogs and their last seqs. */
  JsonObject hello;

  /** Handlers first, then the connection: the server's hello may follow the upgrade in the same read. */
  private ChatClient(WebSocketClient client, ClientWebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(ignored -> closed.tryComplete(ws.closeStatusCode()));
  }

  /** Connects and waits for {@code hello}: from then on every new message of the person's dialogs arrives. */
  public static ChatClient connect(WebSocketClient client, int port, String token) {
    ChatClient chat = new ChatClient(client, client.webSocket());
    await(chat.ws.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port)
        .setURI("/ws?access_token=" + token)));
    chat.hello = chat.next();
    if (!"hello".equals(chat.hello.getString("type"))) {
      throw new AssertionError("the first frame was not hello: " + chat.hello);
    }
    return chat;
  }

  /**
   * Connects to another socket of the same frame style ({@code {v, type, id}}), such as the site
   * visitors' one; with {@code waitHello} false nothing is awaited after the upgrade.
   */
  public static ChatClient connect(WebSocketClient client, int port, String uri, boolean waitHello) {
    ChatClient chat = new ChatClient(client, client.webSocket());
    await(chat.ws.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri)));
    if (waitHello) {
      chat.hello = chat.next(f -> "hello".equals(f.getString("type")));
    }
    return chat;
  }

  /** Sends a frame of {@code type} with the next request id; returns that id. */
  public String request(String type, JsonObject fields) {
    String id = "r" + ids.incrementAndGet();
    send(fields.copy().put("v", 1).put("type", type).put("id", id).encode());
    return id;
  }

  /** Sends a request and waits for its answer (the frame carrying its id), skipping pushes. */
  public JsonObject call(String type, JsonObject fields) {
    String id = request(type, fields);
    return next(f -> id.equals(f.getString("id")));
  }

  public void send(String text) {
    await(ws.writeTextMessage(text));
  }

  public JsonObject next() {
    if (!skipped.isEmpty()) {
      return skipped.pollFirst();
    }
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

  /** The next frame {@code wanted} accepts; the others before it stay for later reads. */
  public JsonObject next(Predicate<JsonObject> wanted) {
    List<JsonObject> passed = new ArrayList<>();
    JsonObject frame = next();
    while (!wanted.test(frame)) {
      passed.add(frame);
      frame = next();
    }
    for (int i = passed.size() - 1; i >= 0; i--) {
      skipped.addFirst(passed.get(i));
    }
    return frame;
  }

  /** The next {@code count} message frames of {@code dialogId} (other frames skipped). */
  public List<JsonObject> messages(long dialogId, int count) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < count) {
      JsonObject frame = next(f -> "message".equals(f.getString("type"))
          && f.getJsonObject("message").getLong("dialogId") == dialogId);
      out.add(frame.getJsonObject("message"));
    }
    return out;
  }

  /** Frames received so far and not taken, without waiting. */
  public List<JsonObject> pending() {
    List<JsonObject> out = new ArrayList<>(skipped);
    skipped.clear();
    frames.drainTo(out);
    return out;
  }

  public short closeStatus() {
    return await(closed.future());
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      await(ws.close());
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      CompletableFuture<T> done = future.toCompletionStage().toCompletableFuture();
      return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      // The future's own failure, as it is: a test may expect it.
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

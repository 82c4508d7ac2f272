package io.linehub.api.web;

import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;

/**
 * The plumbing of Linehub's JSON-frame WebSockets (people's {@code /ws}, visitors'
 * {@code /site/ws}): versioned frames {@code {v, type, id}}, a frame size limit (1009), a rate
 * limit (an error frame, then 1008 for a client that will not stop), a bounded write queue (a
 * client that cannot keep up is closed with 1008 and resumes), error frames for bad input that
 * leave the connection open, and one context for everything. Not thread-safe: events from
 * elsewhere come in through {@link #onContext}.
 */
public final class FrameSocket {

  /** What a session does with a well-formed frame; a thrown {@link LinehubException} becomes its error frame. */
  public interface Handler {
    void handle(JsonObject frame, String id);
  }

  private final Context context;
  private final ServerWebSocket ws;
  private final int maxFrameChars;
  private final int maxQueuedBytes;
  private final RateLimit limit;
  private final String tooSlow;
  private final Runnable onRelease;
  private final Logger log;
  private boolean closed;

  /**
   * @param tooSlow the close reason for a client that cannot keep up (say how to resume)
   * @param onRelease runs once when the connection is gone, however it ended
   * @param log where failures of the server's own making are reported
   */
  public FrameSocket(Vertx vertx, ServerWebSocket ws, int maxFrameChars, int maxQueuedBytes, RateLimit limit,
      String tooSlow, Runnable onRelease, Logger log) {
    this.context = vertx.getOrCreateContext();
    this.ws = ws;
    this.maxFrameChars = maxFrameChars;
    this.maxQueuedBytes = maxQueuedBytes;
    this.limit = limit;
    this.tooSlow = tooSlow;
    this.onRelease = onRelease;
    this.log = log;
  }

  public void start(Handler handler) {
    ws.setWriteQueueMaxSize(maxQueuedBytes);
    ws.textMessageHandler(text -> receive(text, handler));
    ws.binaryMessageHandler(ignored -> close((short) 1003, "binary frames are not part of this protocol"));
    ws.closeHandler(ignored -> release());
    ws.exceptionHandler(e -> log.debug("Socket failed [remote: {}]: {}", ws.remoteAddress(), e.toString()));
  }

  public ServerWebSocket ws() {
    return ws;
  }

  public boolean closed() {
    return closed;
  }

  private void receive(String text, Handler handler) {
    if (text.length() > maxFrameChars) {
      close((short) 1009, "frame over " + maxFrameChars + " characters");
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error(null, ErrorCode.BAD_REQUEST, "frame: not a JSON object");
      return;
    }
    String id = frame.getValue("id") instanceof String s ? s : null;
    if (!limit.take()) {
      if (limit.exhausted()) {
        close((short) 1008, "too many frames: slow down and reconnect");
      } else {
        error(id, ErrorCode.RATE_LIMITED, "too many frames: at most " + limit.perSecond() + " per second");
      }
      return;
    }
    if (!Integer.valueOf(1).equals(frame.getValue("v"))) {
      error(id, ErrorCode.BAD_REQUEST, "v: this server speaks version 1");
      return;
    }
    try {
      handler.handle(frame, id);
    } catch (LinehubException e) {
      error(id, e.code(), e.getMessage());
    } catch (ClassCastException e) {
      error(id, ErrorCode.BAD_REQUEST, "a field has the wrong type");
    }
  }

  /** Writes a frame; a client whose queue is full is closed (it resumes on reconnect), never buffered without bound. */
  public void write(JsonObject frame) {
    if (closed || ws.isClosed()) {
      return; // the client went away; events still in flight have nowhere to go
    }
    if (ws.writeQueueFull()) {
      close((short) 1008, tooSlow);
      return;
    }
    ws.writeTextMessage(frame.encode());
  }

  /** The answer to request {@code id} once {@code result} completes: the frame, or an error frame. */
  public void reply(String id, Future<JsonObject> result) {
    result.onComplete(ar -> onContext(() -> {
      if (ar.succeeded()) {
        write(ar.result().put("id", id));
      } else {
        LinehubException e = LinehubException.from(ar.cause());
        if (e.code() == ErrorCode.INTERNAL) {
          log.error("Request {} failed [remote: {}]", id, ws.remoteAddress(), ar.cause());
        }
        error(id, e.code(), e.getMessage());
      }
    }));
  }

  public void error(String id, ErrorCode code, String message) {
    write(frame("error").put("id", id).put("error", code.name()).put("message", message));
  }

  public void close(short code, String reason) {
    if (!closed) {
      ws.close(code, reason);
      release();
    }
  }

  private void release() {
    if (!closed) {
      closed = true;
      onRelease.run();
    }
  }

  /** Runs {@code action} on this connection's context (now, when already on it). */
  public void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  /** A new frame of {@code type}, version 1. */
  public static JsonObject frame(String type) {
    return new JsonObject().put("v", 1).put("type", type);
  }
}

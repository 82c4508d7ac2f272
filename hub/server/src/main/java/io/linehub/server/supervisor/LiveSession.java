package io.linehub.server.supervisor;

import io.linehub.api.supervisor.LiveFeed;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wallboard connection: the {@link LiveFeed} (snapshot, then deltas, no gap, no repeat) written
 * to the socket, with a grace for a slow reader.
 * Runs on the context of the HTTP verticle that accepted the socket.
 */
final class LiveSession {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
  static final int MAX_CLIENT_MESSAGE = 4096;
  static final short TOO_BIG = 1009;
  static final short POLICY = 1008;
  static final short UNAVAILABLE = 1011;

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final Duration slowGrace;
  private final long maxBehindBytes;
  private final LiveFeed feed;
  private boolean stopped;
  private Buffer message;
  private boolean textMessage;
  private long slowTimer = -1;
  private long behindBytes;
  private Runnable whenStopped = () -> { };

  LiveSession(Vertx vertx, ServerWebSocket ws, Duration slowGrace, long maxBehindBytes) {
    this.vertx = vertx;
    this.ws = ws;
    this.slowGrace = slowGrace;
    this.maxBehindBytes = maxBehindBytes;
    this.feed = new LiveFeed(vertx, this::write);
  }

  /** {@code action} runs once when the session stops. */
  LiveSession whenStopped(Runnable action) {
    this.whenStopped = action;
    return this;
  }

  void start() {
    ws.frameHandler(this::onFrame);
    ws.closeHandler(closed -> stop());
    ws.exceptionHandler(failure -> LOG.debug("Supervisor socket failed", failure));
    feed.start().onFailure(failure -> {
      if (!stopped) {
        LOG.warn("Supervisor snapshot unavailable, closing the socket: {}", failure.getMessage());
        ws.close(UNAVAILABLE, "snapshot unavailable");
      }
    });
  }

  private void write(JsonObject frame) {
    if (stopped) {
      return;
    }
    String text = frame.encode();
    ws.writeTextMessage(text);
    if (!ws.writeQueueFull()) {
      return;
    }
    behindBytes += text.length();
    if (behindBytes > maxBehindBytes) {
      tooSlow();
    } else if (slowTimer < 0) {
      slowTimer = vertx.setTimer(slowGrace.toMillis(), id -> {
        slowTimer = -1;
        if (ws.writeQueueFull()) {
          tooSlow();
        }
      });
      ws.drainHandler(drained -> caughtUp());
    }
  }

  private void caughtUp() {
    behindBytes = 0;
    if (slowTimer >= 0) {
      vertx.cancelTimer(slowTimer);
      slowTimer = -1;
    }
  }

  private void tooSlow() {
    LOG.info("Supervisor socket dropped: the client does not read fast enough [remote: {}]", ws.remoteAddress());
    stop();
    ws.close(POLICY, "too slow");
  }

  private void onFrame(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      message = Buffer.buffer();
      textMessage = frame.isText();
    } else if (!frame.isContinuation() || message == null) {
      return; // ping, pong and close are the WebSocket layer's business
    }
    message.appendBuffer(frame.binaryData());
    if (message.length() > MAX_CLIENT_MESSAGE) {
      message = null;
      stop();
      ws.close(TOO_BIG, "message over " + MAX_CLIENT_MESSAGE + " bytes");
      return;
    }
    if (frame.isFinal()) {
      Buffer complete = message;
      message = null;
      write(textMessage ? answer(complete.toString()) : Frames.badRequest("binary frames are not supported"));
    }
  }

  private static JsonObject answer(String text) {
    Object request;
    try {
      request = Json.decodeValue(text);
    } catch (DecodeException e) {
      request = null;
    }
    if (!(request instanceof JsonObject object)) {
      return Frames.badRequest("a frame must be a JSON object");
    }
    if ("ping".equals(object.getValue("type"))) {
      return Frames.pong();
    }
    return Frames.badRequest("unknown type: only {\"type\":\"ping\"} is accepted");
  }

  private void stop() {
    if (!stopped) {
      whenStopped.run();
    }
    stopped = true;
    caughtUp();
    feed.stop();
  }
}

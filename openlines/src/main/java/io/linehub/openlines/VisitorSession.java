package io.linehub.openlines;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.HistoryPage;
import io.linehub.api.chat.HistoryRequest;
import io.linehub.api.chat.ReadReceipt;
import io.linehub.api.chat.Typing;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.FrameSocket;
import io.linehub.api.web.RateLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One website visitor's connection (docs/site-chat-protocol.md). Confined to the context the socket
 * was accepted on. The visitor follows their latest session's dialog: every message of it in seq
 * order, exactly once — from {@code since} on connect, the gaps filled from chat's history, so a
 * reload or a reconnect shows the whole conversation without a duplicate.
 */
final class VisitorSession {

  private static final Logger LOG = LoggerFactory.getLogger(VisitorSession.class);
  static final int MAX_FRAME_CHARS = 16 * 1024;
  static final int MAX_QUEUED_BYTES = 256 * 1024;
  static final int MAX_TEXT = 4000;
  static final int PAGE = 200;
  /** Files one message may carry at most (chat's limit). */
  static final int MAX_FILES = 10;

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final FrameSocket socket;
  private final Channel channel;
  private final Visitors.Visitor visitor;
  private final Engine engine;
  private final VisitorSocket fanout;
  private Long dialogId;
  private long sent;
  private long wanted;
  private boolean filling;
  private Future<?> sends = Future.succeededFuture();

  /** Operators whose names this connection was sent. */
  private final java.util.Set<Long> introduced = new java.util.HashSet<>();

  VisitorSession(Vertx vertx, ServerWebSocket ws, Channel channel, Visitors.Visitor visitor, Engine engine,
      VisitorSocket fanout) {
    this.vertx = vertx;
    this.ws = ws;
    this.channel = channel;
    this.visitor = visitor;
    this.engine = engine;
    this.fanout = fanout;
    // A visitor types slower than an agent's workspace talks: 5 frames a second, bursts of 20.
    this.socket = new FrameSocket(vertx, ws, MAX_FRAME_CHARS, MAX_QUEUED_BYTES, new RateLimit(5, 20, 100,
        System::nanoTime), "too slow: reconnect with since=<last seq>", this::release, LOG);
  }

  String customerIndex() {
    return channel.id() + "\n" + visitor.customerKey();
  }

  void start() {
    socket.start(this::handle);
    long since;
    try {
      String given = ws.query() == null ? null : new io.netty.handler.codec.http.QueryStringDecoder("?" + ws.query())
          .parameters().getOrDefault("since", java.util.List.of()).stream().findFirst().orElse(null);
      since = given == null ? 0 : Math.max(0, Long.parseLong(given));
    } catch (NumberFormatException e) {
      since = 0;
    }
    long from = since;
    fanout.register(this);
    engine.latestSession(channel.id(), visitor.customerKey()).onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        close((short) 1011, "try again");
        return;
      }
      Session session = ar.result();
      write(frame("hello").put("visitorId", visitor.visitorId()).put("name", visitor.name())
          .put("verified", visitor.identifier() != null)
          .put("session", session == null ? null : new JsonObject().put("id", session.id())
              .put("status", session.status()).put("operatorId", session.operatorId())));
      if (session != null && session.operatorId() != null) {
        introduce(session.operatorId());
      }
      if (session != null && session.dialogId() != null) {
        follow(session.dialogId(), from);
      }
    }));
  }

  // ---- events (any thread) -----------------------------------------------------------------

  void newDialog(long dialog) {
    onContext(() -> {
      if (dialogId == null || dialogId != dialog) {
        follow(dialog, 0);
      }
    });
  }

  void posted(ChatMessage message) {
    onContext(() -> {
      if (dialogId == null || message.dialogId() != dialogId || message.seq() <= sent) {
        return;
      }
      wanted = Math.max(wanted, message.seq());
      if (!filling && message.seq() == sent + 1) {
        deliver(message);
      } else {
        fill();
      }
    });
  }

  void changed(ChatMessage message) {
    onContext(() -> {
      if (dialogId != null && message.dialogId() == dialogId && message.seq() <= sent) {
        write(message.deleted() ? frame("deleted").put("seq", message.seq())
            : frame("edited").put("message", json(message, channel.id())));
      }
    });
  }

  void typing(Typing typing) {
    if (typing.userId() != 0) {
      onContext(() -> {
        introduce(typing.userId());
        write(frame("typing").put("operatorId", typing.userId()));
      });
    }
  }

  void read(ReadReceipt receipt) {
    onContext(() -> write(frame("read").put("seq", receipt.seq())));
  }

  // ---- the visitor's frames ----------------------------------------------------------------

  private void handle(JsonObject frame, String id) {
    switch (String.valueOf(frame.getValue("type"))) {
      case "send" -> send(id, frame);
      case "typing" -> {
        if (dialogId != null) {
          vertx.eventBus().publish(ChatAddresses.TYPING, new Typing(dialogId, 0));
        }
        reply(id, frame("ok"));
      }
      case "read" -> {
        Long seq = frame.getLong("seq");
        if (seq == null || seq < 0) {
          throw LinehubException.badRequest("seq: required, 0 or more");
        }
        if (dialogId != null) {
          engine.visitorRead(dialogId, Math.min(seq, sent));
        }
        reply(id, frame("ok"));
      }
      case "ping" -> reply(id, frame("pong"));
      default -> throw LinehubException.badRequest("type: unknown frame type '" + frame.getValue("type") + "'");
    }
  }

  private void send(String id, JsonObject frame) {
    String clientId = frame.getString("clientId");
    String text = frame.getString("text");
    if (clientId == null || clientId.isBlank() || clientId.length() > 64) {
      throw LinehubException.badRequest("clientId: 1 to 64 characters (a new UUID per message)");
    }
    List<Long> files = attachmentIds(frame);
    boolean noText = text == null || text.isBlank();
    if (noText && files.isEmpty() || text != null && text.length() > MAX_TEXT) {
      throw LinehubException.badRequest("text: 1 to " + MAX_TEXT + " characters (may be left out with attachments)");
    }
    String body = noText ? "" : text;
    // One after the other: a visitor's messages keep the order they were typed in.
    Future<Integer> stored = sends.transform(ignored -> fanout.files.checkSendable(channel, visitor, clientId, files,
        engine).compose(checked -> engine.visitorWrote(channel, visitor, clientId, body, files, frame.encode())));
    sends = stored;
    socket.reply(id, stored.map(count -> frame("ack").put("clientId", clientId).put("duplicate", count == 0)));
  }

  /** The frame's {@code attachments}: ids of the visitor's uploads, up to 10, none twice. */
  private static List<Long> attachmentIds(JsonObject frame) {
    Object raw = frame.getValue("attachments");
    if (raw == null) {
      return List.of();
    }
    List<Long> ids = new java.util.ArrayList<>();
    if (raw instanceof JsonArray array && array.size() <= MAX_FILES) {
      for (Object id : array) {
        if (!(id instanceof Number n) || n.longValue() <= 0 || n.doubleValue() != n.longValue()) {
          break;
        }
        ids.add(n.longValue());
      }
      if (ids.size() == array.size() && ids.stream().distinct().count() == ids.size()) {
        return ids;
      }
    }
    throw LinehubException.badRequest("attachments: up to " + MAX_FILES + " different upload ids");
  }

  // ---- the conversation --------------------------------------------------------------------

  private void follow(long dialog, long from) {
    if (dialogId != null) {
      fanout.unregister(this, dialogId);
      fanout.register(this);
    }
    dialogId = dialog;
    sent = from;
    // Nothing announced yet: the first history page decides. A message posted while that page is on
    // its way raises this, and the page is followed by another (it may have been read before the
    // message's commit). This was Long.MAX_VALUE, which swallowed exactly that message: a session's
    // first message, posted just after its dialog was announced, never reached the widget.
    wanted = from;
    filling = false;
    fanout.follow(this, dialog);
    fill();
  }

  /** Sends what follows {@code sent} from chat's history, page after page, until caught up. */
  private void fill() {
    if (filling || socket.closed() || dialogId == null) {
      return;
    }
    filling = true;
    long dialog = dialogId;
    vertx.eventBus().<HistoryPage>request(ChatAddresses.HISTORY, new HistoryRequest(dialog, sent, PAGE),
            new DeliveryOptions().setSendTimeout(10_000))
        .onComplete(ar -> onContext(() -> {
          filling = false;
          if (socket.closed() || dialogId == null || dialogId != dialog) {
            return;
          }
          if (ar.failed()) {
            LOG.warn("Visitor history of dialog {} unavailable: {}", dialog, ar.cause().toString());
            close((short) 1011, "try again");
            return;
          }
          var messages = ar.result().body().messages();
          messages.stream().filter(m -> m.seq() == sent + 1 || m.seq() > sent).forEach(m -> {
            if (m.seq() > sent) {
              deliver(m);
            }
          });
          if (messages.size() == PAGE || wanted > sent) {
            fill();
          } else {
            wanted = sent;
          }
        }));
  }

  private void deliver(ChatMessage message) {
    sent = message.seq();
    if ("text".equals(message.kind()) && message.authorId() != null) {
      introduce(message.authorId());
    }
    write(frame("message").put("message", json(message, channel.id())));
    if ("text".equals(message.kind())) {
      engine.siteDelivered(channel.id(), message.id());
    }
  }

  /**
   * The visitor learns an operator's name once per connection, in an {@code operator} frame (it may
   * follow the operator's first message: the widget labels their messages when it comes).
   */
  private void introduce(long operatorId) {
    if (introduced.add(operatorId)) {
      fanout.operatorNames.of(operatorId).onSuccess(name -> {
        if (name != null) {
          onContext(() -> write(frame("operator").put("operatorId", operatorId).put("name", name)));
        }
      });
    }
  }

  /**
   * What a line's own message is, for the widget: {@code closed} (the conversation was closed),
   * {@code rating_request} (answer 1–5), {@code unavailable} (out of hours or nobody free: offer the
   * callback form), else null. Read from the engine's client ids for them.
   */
  static String note(ChatMessage m) {
    String id = m.clientId();
    if (!"system".equals(m.kind()) || id == null) {
      return null;
    }
    if (id.startsWith("closed-")) {
      return "closed";
    }
    if (id.startsWith("auto-") && id.endsWith("-rating")) {
      return "rating_request";
    }
    if (id.startsWith("auto-") && id.contains("-fallback-")) {
      return "unavailable";
    }
    return null;
  }

  /** A message as the visitor sees it: theirs, an operator's, or the line's. */
  private static JsonObject json(ChatMessage m, String channelId) {
    JsonArray files = new JsonArray();
    m.attachments().forEach(a -> files.add(new JsonObject().put("id", a.id()).put("name", a.name())
        .put("contentType", a.contentType()).put("size", a.size()).put("url", VisitorFiles.url(channelId, a.id()))));
    return new JsonObject().put("seq", m.seq()).put("id", m.id())
        .put("from", switch (m.kind()) {
          case "external" -> "visitor";
          case "text" -> "operator";
          default -> "system";
        })
        .put("operatorId", "text".equals(m.kind()) ? m.authorId() : null)
        .put("note", note(m))
        .put("text", m.text()).put("createdAt", m.createdAt().toString())
        .put("editedAt", m.editedAt() == null ? null : m.editedAt().toString())
        .put("deleted", m.deleted()).put("attachments", files);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private void reply(String id, JsonObject frame) {
    socket.write(frame.put("id", id));
  }

  private void write(JsonObject frame) {
    socket.write(frame);
  }

  private void close(short code, String reason) {
    socket.close(code, reason);
  }

  /** The connection is gone. */
  private void release() {
    fanout.unregister(this, dialogId);
  }

  private void onContext(Runnable action) {
    socket.onContext(action);
  }

  private static JsonObject frame(String type) {
    return FrameSocket.frame(type);
  }
}

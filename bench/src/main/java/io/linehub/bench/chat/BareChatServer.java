package io.linehub.bench.chat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The comparison point for the chat benchmark: a bare Vert.x WebSocket broadcast server speaking the
 * subset of docs/chat-protocol.md the load driver uses ({@code hello}, {@code send} → {@code ack},
 * {@code message} to every connection of the group), with no authentication, no database and no
 * ordering work. {@code /ws?group=<id>}. Usage: {@code BareChatServer <port> [event loops]}.
 */
public final class BareChatServer {

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    Map<Long, Set<ServerWebSocket>> groups = new ConcurrentHashMap<>();
    AtomicLong ids = new AtomicLong();
    Map<Long, AtomicLong> seqs = new ConcurrentHashMap<>();
    for (int i = 0; i < loops; i++) {
      vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
          .webSocketHandler(ws -> {
            long group = Long.parseLong(ws.query().replaceAll(".*group=(\\d+).*", "$1"));
            Set<ServerWebSocket> members = groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet());
            members.add(ws);
            ws.closeHandler(v -> members.remove(ws));
            ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "hello").encode());
            ws.textMessageHandler(text -> {
              JsonObject frame = new JsonObject(text);
              long seq = seqs.computeIfAbsent(group, g -> new AtomicLong()).incrementAndGet();
              long id = ids.incrementAndGet();
              ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "ack").put("id", frame.getString("id"))
                  .put("messageId", id).put("seq", seq).encode());
              String message = new JsonObject().put("v", 1).put("type", "message").put("message", new JsonObject()
                  .put("id", id).put("dialogId", group).put("seq", seq).put("text", frame.getString("text")))
                  .encode();
              for (ServerWebSocket member : members) {
                if (!member.writeQueueFull()) {
                  member.writeTextMessage(message);
                }
              }
            });
          })
          .listen().toCompletionStage().toCompletableFuture().join();
    }
    System.out.println("bare chat server on 127.0.0.1:" + port);
  }
}

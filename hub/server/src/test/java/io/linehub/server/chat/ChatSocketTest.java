package io.linehub.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatPeople.Person;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat over real WebSockets against a running hub and its PostgreSQL (docs/chat-protocol.md). */
class ChatSocketTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static WebSocketClient sockets;
  static ChatPeople people;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    people = new ChatPeople(hub);
    sockets = people.sockets;
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void messageShouldBeAckedWithItsSeqAndReachEveryDeviceOfEveryMemberInOrder() {
    Person anna = person("anna");
    Person boris = person("boris");
    long dialog = group(anna, "Sales floor", boris);
    try (ChatClient annaWs = anna.connect(); ChatClient borisPhone = boris.connect();
        ChatClient borisLaptop = boris.connect()) {
      List<JsonObject> acks = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        acks.add(annaWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "anna-" + i)
            .put("text", "hello " + i)));
      }

      assertThat(acks).extracting(a -> a.getString("type")).containsOnly("ack");
      assertThat(acks).extracting(a -> a.getLong("seq")).containsExactly(1L, 2L, 3L);
      String metrics = hub.get("/metrics", null).bodyAsString();
      double open = metrics.lines().filter(l -> l.startsWith("linehub_chat_connections "))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
      assertThat(open).as("the connections gauge").isGreaterThanOrEqualTo(3);
      for (ChatClient device : List.of(borisPhone, borisLaptop, annaWs)) {
        assertThat(device.messages(dialog, 3)).extracting(m -> m.getString("text"))
            .containsExactly("hello 1", "hello 2", "hello 3");
      }
    }
  }

  @Test
  void concurrentSendersShouldBeNumberedWithoutGapsAndDeliveredInSeqOrder() {
    Person a = person("conc-a");
    Person b = person("conc-b");
    Person reader = person("conc-reader");
    long dialog = group(a, "Busy room", b, reader);
    try (ChatClient aWs = a.connect(); ChatClient bWs = b.connect(); ChatClient readerWs = reader.connect()) {
      // Both send 60 messages without waiting for acks: their transactions race for the dialog.
      for (int i = 0; i < 60; i++) {
        aWs.request("send", new JsonObject().put("dialogId", dialog).put("clientId", "a" + i).put("text", "a" + i));
        bWs.request("send", new JsonObject().put("dialogId", dialog).put("clientId", "b" + i).put("text", "b" + i));
      }

      List<JsonObject> received = readerWs.messages(dialog, 120);
      assertThat(received).extracting(m -> m.getLong("seq"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 120).boxed().toList());
      assertThat(received.stream().filter(m -> m.getString("text").startsWith("a")).map(m -> m.getString("text")))
          .as("one sender's messages keep their order").containsExactlyElementsOf(
              LongStream.range(0, 60).mapToObj(i -> "a" + i).toList());
    }
  }

  @Test
  void resendWithTheSameClientIdShouldBeStoredOnceAndAckedWithTheFirstSeq() {
    Person a = person("resend-a");
    Person b = person("resend-b");
    long dialog = direct(a, b);
    try (ChatClient aWs = a.connect()) {
      JsonObject first = aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "same")
          .put("text", "only once"));
      JsonObject again = aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "same")
          .put("text", "only once"));

      assertThat(first.getBoolean("duplicate")).isFalse();
      assertThat(again.getBoolean("duplicate")).isTrue();
      assertThat(again.getLong("seq")).isEqualTo(first.getLong("seq"));
      assertThat(again.getLong("messageId")).isEqualTo(first.getLong("messageId"));
    }
    JsonArray history = hub.get("/api/v1/chat/dialogs/" + dialog + "/messages", b.token()).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(history).hasSize(1);
  }

  @Test
  void reconnectingClientShouldGetExactlyTheGapThenLiveMessages() {
    Person a = person("gap-a");
    Person b = person("gap-b");
    long dialog = group(a, "Night shift", b);
    long lastSeen;
    try (ChatClient bWs = b.connect(); ChatClient aWs = a.connect()) {
      aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "g1").put("text", "one"));
      lastSeen = bWs.messages(dialog, 1).get(0).getLong("seq");
    }
    try (ChatClient aWs = a.connect()) {
      for (String text : List.of("two", "three", "four")) {
        aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "g-" + text).put("text", text));
      }
    }
    try (ChatClient bWs = b.connect(); ChatClient aWs = a.connect()) {
      assertThat(bWs.hello.getJsonObject("dialogs").getLong(Long.toString(dialog))).isEqualTo(4L);
      String resume = bWs.request("resume", new JsonObject().put("dialogs", new JsonObject()
          .put(Long.toString(dialog), lastSeen)));
      List<JsonObject> frames = new ArrayList<>();
      JsonObject frame;
      do {
        frame = bWs.next();
        frames.add(frame);
      } while (!resume.equals(frame.getString("id")));
      aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "g5").put("text", "five"));

      assertThat(frames).extracting(f -> f.getString("type")).containsExactly("message", "message", "message",
          "resumed");
      assertThat(frames.subList(0, 3)).extracting(f -> f.getJsonObject("message").getString("text"))
          .containsExactly("two", "three", "four");
      assertThat(bWs.messages(dialog, 1).get(0).getLong("seq")).as("then live, no duplicate").isEqualTo(5L);
    }
  }

  @Test
  void readStateShouldReachTheOtherMembersAndCountUnread() {
    Person a = person("read-a");
    Person b = person("read-b");
    long dialog = direct(a, b);
    try (ChatClient aWs = a.connect(); ChatClient bWs = b.connect()) {
      for (int i = 1; i <= 3; i++) {
        aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "r" + i).put("text", "m" + i));
      }
      JsonObject ok = bWs.call("read", new JsonObject().put("dialogId", dialog).put("seq", 2));

      assertThat(ok.getLong("seq")).isEqualTo(2L);
      JsonObject receipt = aWs.next(f -> "read".equals(f.getString("type")));
      assertThat(receipt.getLong("userId")).isEqualTo(b.id());
      assertThat(receipt.getLong("seq")).isEqualTo(2L);
      assertThat(bWs.call("read", new JsonObject().put("dialogId", dialog).put("seq", 99)).getLong("seq"))
          .as("never past the last message").isEqualTo(3L);
    }
    JsonObject mine = hub.get("/api/v1/chat/dialogs", a.token()).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(d -> d.getLong("id") == dialog).findFirst().orElseThrow();
    assertThat(mine.getLong("unread")).as("anna read nothing of her own dialog").isEqualTo(3L);
  }

  @Test
  void authorShouldEditAndDeleteAndEveryMemberSeeIt() {
    Person a = person("edit-a");
    Person b = person("edit-b");
    long dialog = direct(a, b);
    try (ChatClient aWs = a.connect(); ChatClient bWs = b.connect()) {
      long seq = aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "e1")
          .put("text", "meeting at 10")).getLong("seq");
      aWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "e2").put("text", "wrong chat"));
      bWs.messages(dialog, 2);

      JsonObject notHers = bWs.call("edit", new JsonObject().put("dialogId", dialog).put("seq", seq)
          .put("text", "hijacked"));
      aWs.call("edit", new JsonObject().put("dialogId", dialog).put("seq", seq).put("text", "meeting at 11"));
      aWs.call("delete", new JsonObject().put("dialogId", dialog).put("seq", seq + 1));

      assertThat(notHers.getString("error")).as("only the author edits").isEqualTo("NOT_FOUND");
      JsonObject edited = bWs.next(f -> "edited".equals(f.getString("type")));
      assertThat(edited.getJsonObject("message").getString("text")).isEqualTo("meeting at 11");
      assertThat(edited.getJsonObject("message").getString("editedAt")).isNotNull();
      JsonObject deleted = bWs.next(f -> "deleted".equals(f.getString("type")));
      assertThat(deleted.getLong("seq")).isEqualTo(seq + 1);
    }
    JsonArray history = hub.get("/api/v1/chat/dialogs/" + dialog + "/messages", b.token()).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(history.getJsonObject(0).getString("text")).isEqualTo("meeting at 11");
    assertThat(history.getJsonObject(1).getString("text")).as("a deleted message keeps its seq, not its text")
        .isNull();
    assertThat(history.getJsonObject(1).getString("deletedAt")).isNotNull();
  }

  @Test
  void searchShouldFindWordsOnlyInTheCallersDialogs() {
    Person a = person("search-a");
    Person b = person("search-b");
    Person c = person("search-c");
    long ours = direct(a, b);
    long theirs = direct(b, c);
    hub.send("POST", "/api/v1/chat/dialogs/" + ours + "/messages", a.token(),
        new JsonObject().put("text", "Клиент просит скидку на тариф Бизнес"));
    hub.send("POST", "/api/v1/chat/dialogs/" + ours + "/messages", b.token(),
        new JsonObject().put("text", "The invoice for Acme is ready"));
    hub.send("POST", "/api/v1/chat/dialogs/" + theirs + "/messages", c.token(),
        new JsonObject().put("text", "Another invoice, private"));

    JsonArray invoice = hub.get("/api/v1/chat/search?q=invoice", a.token()).bodyAsJsonObject().getJsonArray("items");
    JsonArray discount = hub.get("/api/v1/chat/search?q=" + java.net.URLEncoder.encode("скидку",
        java.nio.charset.StandardCharsets.UTF_8), a.token()).bodyAsJsonObject().getJsonArray("items");

    assertThat(invoice).singleElement().satisfies(m -> assertThat(((JsonObject) m).getString("text"))
        .isEqualTo("The invoice for Acme is ready"));
    assertThat(discount).hasSize(1);
    assertThat(hub.get("/api/v1/chat/search?q=", a.token()).statusCode()).isEqualTo(400);
  }

  @Test
  void presenceShouldFollowConnectionsAndTheAgentsAwayState() {
    Person watcher = person("pres-w");
    Person agent = person("pres-a");
    try (ChatClient w = watcher.connect()) {
      JsonObject now = w.call("watch", new JsonObject().put("userIds", new JsonArray().add(agent.id())));
      assertThat(status(now)).isEqualTo("offline");

      ChatClient phone = agent.connect();
      assertThat(status(w.next(f -> "presence".equals(f.getString("type"))))).isEqualTo("online");
      var away = hub.send("PUT", "/api/v1/agents/me/state", agent.token(),
          new JsonObject().put("state", "away").put("reason", "lunch"));
      assertThat(away.statusCode()).as(away.bodyAsString()).isEqualTo(200);
      assertThat(status(w.next(f -> "presence".equals(f.getString("type"))))).isEqualTo("away");
      assertThat(hub.get("/api/v1/chat/presence?userIds=" + agent.id(), watcher.token()).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("away");
      phone.close();
      assertThat(status(w.next(f -> "presence".equals(f.getString("type"))))).isEqualTo("offline");
    }
  }

  private static String status(JsonObject presenceFrame) {
    return presenceFrame.getJsonArray("people").getJsonObject(0).getString("status");
  }

  @Test
  void agentWorkspaceShouldGetOffersAndAcceptThemOverTheSameConnection() {
    Person agent = person("ws-agent");
    String admin = hub.adminToken();
    var line = hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", "ws-line").put("strategy", "evenly")
        .put("members", new JsonArray().add(new JsonObject().put("userId", agent.id()).put("tier", 0))));
    assertThat(line.statusCode()).as(line.bodyAsString()).isEqualTo(201);
    assertThat(hub.send("PUT", "/api/v1/agents/me/state", agent.token(), new JsonObject().put("state", "available"))
        .statusCode()).isEqualTo(200);
    try (ChatClient ws = agent.connect()) {
      enqueue(admin, "ws-chat-1", "ws-line");

      JsonObject offer = ws.next(f -> "offer".equals(f.getString("type")));
      JsonObject accepted = ws.call("accept", new JsonObject().put("ticketId", "ws-chat-1"));
      JsonObject assigned = ws.next(f -> "assigned".equals(f.getString("type")));
      JsonObject unknown = ws.call("accept", new JsonObject().put("ticketId", "no-such-ticket"));

      assertThat(offer.getString("ticketId")).isEqualTo("ws-chat-1");
      assertThat(offer.getString("customer")).isEqualTo("Vera");
      assertThat(offer.getString("media")).isEqualTo("chat");
      assertThat(offer.containsKey("card")).as("the screen pop's place, null for an unknown customer").isTrue();
      assertThat(accepted.getString("type")).isEqualTo("ok");
      assertThat(assigned.getString("ticketId")).isEqualTo("ws-chat-1");
      assertThat(unknown.getString("type")).isEqualTo("error");
    }
  }

  @Test
  void supervisorShouldWatchTheLinesOverTheSameConnectionAndAnAgentMayNot() {
    Person boss = people.person("sup-boss", "supervisor");
    Person agent = person("sup-agent");
    String admin = hub.adminToken();
    var line = hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", "sup-line").put("strategy", "evenly")
        .put("members", new JsonArray().add(new JsonObject().put("userId", agent.id()).put("tier", 0))));
    assertThat(line.statusCode()).as(line.bodyAsString()).isEqualTo(201);
    try (ChatClient agentWs = agent.connect(); ChatClient bossWs = boss.connect()) {
      assertThat(agentWs.call("supervise", new JsonObject()).getString("error")).isEqualTo("FORBIDDEN");

      assertThat(bossWs.call("supervise", new JsonObject()).getString("type")).isEqualTo("ok");
      JsonObject snapshot = bossWs.next(f -> "supervisor".equals(f.getString("type"))).getJsonObject("frame");
      assertThat(snapshot.getString("type")).isEqualTo("snapshot");
      enqueue(admin, "sup-chat-1", "sup-line");
      JsonObject ticket = bossWs.next(f -> "supervisor".equals(f.getString("type"))
          && "ticket".equals(f.getJsonObject("frame").getString("type"))
          && "sup-chat-1".equals(f.getJsonObject("frame").getJsonObject("ticket").getString("ticketId")))
          .getJsonObject("frame");
      assertThat(ticket.getLong("seq")).isGreaterThan(snapshot.getLong("seq"));
      assertThat(ticket.getJsonObject("ticket").getString("lineId")).isEqualTo("sup-line");

      assertThat(bossWs.call("unsupervise", new JsonObject()).getString("type")).isEqualTo("ok");
      bossWs.pending();
      enqueue(admin, "sup-chat-2", "sup-line");
      long deadline = System.currentTimeMillis() + 10_000;
      while (!hub.get("/api/v1/supervisor/snapshot", admin).bodyAsString().contains("sup-chat-2")
          && System.currentTimeMillis() < deadline) {
        ChatClient.await(io.vertx.core.Future.<Void>future(p -> hub.clientVertx.setTimer(20, t -> p.complete())));
      }
      assertThat(bossWs.call("ping", new JsonObject()).getString("type")).isEqualTo("pong");
      assertThat(bossWs.pending()).as("nothing after unsupervise")
          .noneMatch(f -> "supervisor".equals(f.getString("type")));
    }
  }

  /** Enqueues a chat ticket, retrying while routing has not read a just-created line yet. */
  private static void enqueue(String admin, String ticketId, String lineId) {
    int status = 404;
    for (int i = 0; i < 100 && status == 404; i++) {
      status = hub.send("POST", "/api/v1/routing/tickets", admin, new JsonObject().put("ticketId", ticketId)
          .put("lineId", lineId).put("media", "chat").put("customer", "Vera")).statusCode();
    }
    assertThat(status).isEqualTo(201);
  }

  @Test
  void outsiderShouldBeRefusedAndNothingStored() {
    Person a = person("perm-a");
    Person b = person("perm-b");
    Person outsider = person("perm-x");
    long dialog = group(a, "Closed room", b);
    try (ChatClient xWs = outsider.connect()) {
      JsonObject refused = xWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "x1")
          .put("text", "let me in"));
      JsonObject history = xWs.call("history", new JsonObject().put("dialogId", dialog));

      assertThat(refused.getString("type")).isEqualTo("error");
      assertThat(refused.getString("error")).isEqualTo("FORBIDDEN");
      assertThat(history.getString("error")).isEqualTo("FORBIDDEN");
    }
    assertThat(hub.send("POST", "/api/v1/chat/dialogs/" + dialog + "/members", outsider.token(), new JsonObject())
        .statusCode()).as("a closed group is by invitation").isEqualTo(403);
    assertThat(hub.get("/api/v1/chat/dialogs/" + dialog + "/messages", a.token()).bodyAsJsonObject()
        .getJsonArray("items")).isEmpty();
  }

  @Test
  void badFramesShouldGetErrorFramesAndTheConnectionSurvive() {
    Person a = person("bad-a");
    try (ChatClient ws = a.connect()) {
      ws.send("not json");
      assertThat(ws.next().getString("error")).isEqualTo("BAD_REQUEST");
      ws.send(new JsonObject().put("type", "ping").encode());
      assertThat(ws.next().getString("message")).contains("version");
      assertThat(ws.call("dance", new JsonObject()).getString("message")).contains("unknown frame type");
      assertThat(ws.call("send", new JsonObject().put("dialogId", "seven")).getString("error"))
          .isEqualTo("BAD_REQUEST");
      assertThat(ws.call("send", new JsonObject().put("dialogId", 1).put("text", "x".repeat(4001)))
          .getString("message")).contains("4000");

      assertThat(ws.call("ping", new JsonObject()).getString("type")).as("still serving").isEqualTo("pong");
    }
    try (ChatClient ws = a.connect()) {
      ws.send("{\"v\":1,\"type\":\"send\",\"text\":\"" + "y".repeat(40_000) + "\"}");
      assertThat(ws.closeStatus()).as("oversized frame").isEqualTo((short) 1009);
    }
  }

  @Test
  void floodingShouldBeRateLimitedWithoutLosingTheConnection() {
    Person a = person("flood-a");
    try (ChatClient ws = a.connect()) {
      for (int i = 0; i < 90; i++) {
        ws.request("ping", new JsonObject());
      }
      List<JsonObject> answers = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        answers.add(ws.next());
      }

      assertThat(answers).filteredOn(f -> "RATE_LIMITED".equals(f.getString("error"))).hasSizeGreaterThan(10);
      assertThat(answers).filteredOn(f -> "pong".equals(f.getString("type"))).hasSizeGreaterThanOrEqualTo(60);
      // The bucket refills at 20 frames a second: after a second, frames pass again.
      ChatClient.await(io.vertx.core.Future.<Void>future(p -> hub.clientVertx.setTimer(1_000, t -> p.complete())));
      assertThat(ws.call("ping", new JsonObject()).getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void connectWithoutAValidTokenShouldBeRefusedWith401() throws Exception {
    CompletableFuture<?> attempt = sockets.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(hub.hub.httpPort()).setURI("/ws?access_token=forged")).toCompletionStage().toCompletableFuture();
    try {
      attempt.get(20, TimeUnit.SECONDS);
      throw new AssertionError("connected with a forged token");
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) e.getCause()).getStatus()).isEqualTo(401);
    }
  }

  @Test
  void messageAckedBeforeARestartShouldBeInTheHistoryAfterIt(@TempDir Path ownDir) {
    RunningHub first = RunningHub.start(ownDir, Map.of());
    long dialog;
    JsonObject ack;
    String annaPassword = "restart-anna-web";
    try {
      long anna = ChatPeople.createUser(first, "restart-anna", annaPassword);
      long boris = ChatPeople.createUser(first, "restart-boris", "restart-boris-web");
      String token = first.login("restart-anna", annaPassword);
      dialog = first.send("POST", "/api/v1/chat/dialogs", token, new JsonObject().put("kind", "direct")
          .put("userId", boris)).bodyAsJsonObject().getLong("id");
      try (ChatClient ws = ChatClient.connect(first.clientVertx.createWebSocketClient(), first.hub.httpPort(),
          token)) {
        ack = ws.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "before-restart")
            .put("text", "durable before acknowledged"));
      }
      assertThat(anna).isPositive();
    } finally {
      first.close();
    }
    RunningHub second = RunningHub.start(ownDir, Map.of());
    try {
      JsonArray history = second.get("/api/v1/chat/dialogs/" + dialog + "/messages",
          second.login("restart-boris", "restart-boris-web")).bodyAsJsonObject().getJsonArray("items");
      assertThat(history).singleElement().satisfies(m -> {
        assertThat(((JsonObject) m).getLong("seq")).isEqualTo(ack.getLong("seq"));
        assertThat(((JsonObject) m).getString("text")).isEqualTo("durable before acknowledged");
      });
    } finally {
      second.close();
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  static Person person(String login) {
    return people.person(login);
  }

  static long group(Person owner, String title, Person... members) {
    return people.group(owner, title, members);
  }

  static long direct(Person a, Person b) {
    return people.direct(a, b);
  }
}

package io.linehub.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.ExternalPost;
import io.linehub.api.chat.MembersChanged;
import io.linehub.api.chat.OpenlineDialog;
import io.linehub.api.chat.OpenlineDialogRequest;
import io.linehub.api.chat.SetMembers;
import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatPeople.Person;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat side of an open-line conversation, driven as openlines drives it — over the running
 * hub's event bus — with operators on real WebSockets.
 */
class ChatOpenlineTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static ChatPeople people;
  static EventBus bus;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    people = new ChatPeople(hub);
    bus = hub.hub.vertx().eventBus();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void customerConversationShouldReachTheAssignedOperatorWholeAndFollowATransfer() throws Exception {
    Person anna = people.person("ol-anna");
    Person boris = people.person("ol-boris");
    LinkedBlockingQueue<ChatMessage> posted = new LinkedBlockingQueue<>();
    var tap = bus.<ChatMessage>consumer(ChatAddresses.POSTED, m -> posted.add(m.body()));
    ChatClient.await(tap.completion());
    try (ChatClient annaWs = anna.connect(); ChatClient borisWs = boris.connect()) {
      OpenlineDialog opened = ask(ChatAddresses.OPENLINE_OPEN, new OpenlineDialogRequest("session-41", "Vera · Telegram"));
      OpenlineDialog again = ask(ChatAddresses.OPENLINE_OPEN, new OpenlineDialogRequest("session-41", "Vera · Telegram"));
      assertThat(opened.created()).isTrue();
      assertThat(again.created()).isFalse();
      assertThat(again.dialogId()).as("one dialog per session").isEqualTo(opened.dialogId());
      long dialog = opened.dialogId();

      ChatMessage first = ask(ChatAddresses.OPENLINE_POST, new ExternalPost(dialog, "external", "inbox-1",
          "Hello, my order has not arrived"));
      ChatMessage retried = ask(ChatAddresses.OPENLINE_POST, new ExternalPost(dialog, "external", "inbox-1",
          "Hello, my order has not arrived"));
      assertThat(first.kind()).isEqualTo("external");
      assertThat(first.authorId()).isNull();
      assertThat(retried.seq()).as("a retried processing step posts once").isEqualTo(first.seq());

      MembersChanged assigned = ask(ChatAddresses.OPENLINE_MEMBERS, new SetMembers(dialog, List.of(anna.id()),
          List.of(), "Operator ol-anna joined"));
      assertThat(assigned.joined()).containsExactly(anna.id());
      List<JsonObject> annaSees = annaWs.messages(dialog, 2);
      assertThat(annaSees).extracting(m -> m.getString("kind")).containsExactly("external", "system");
      assertThat(annaSees.get(0).getString("text")).isEqualTo("Hello, my order has not arrived");

      JsonObject reply = annaWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "a-1")
          .put("text", "Let me check, one moment"));
      assertThat(reply.getString("type")).isEqualTo("ack");
      ChatMessage heard = next(posted, m -> m.dialogId() == dialog && anna.id() == (m.authorId() == null ? -1
          : m.authorId()));
      assertThat(heard.text()).as("what openlines hears to send out").isEqualTo("Let me check, one moment");
      assertThat(hub.send("DELETE", "/api/v1/chat/dialogs/" + dialog + "/members/me", anna.token(), null)
          .statusCode()).as("handed on by transfer, not left").isEqualTo(409);

      MembersChanged transferred = ask(ChatAddresses.OPENLINE_MEMBERS, new SetMembers(dialog, List.of(boris.id()),
          List.of(anna.id()), "Transferred to ol-boris"));
      assertThat(transferred.joined()).containsExactly(boris.id());
      assertThat(transferred.left()).containsExactly(anna.id());
      assertThat(borisWs.messages(dialog, 4)).extracting(m -> m.getLong("seq")).containsExactly(1L, 2L, 3L, 4L);
      annaWs.next(f -> "dialog".equals(f.getString("type")) && f.getJsonArray("left").stream()
          .anyMatch(id -> ((Number) id).longValue() == anna.id()));
      assertThat(annaWs.call("send", new JsonObject().put("dialogId", dialog).put("text", "still here?"))
          .getString("error")).isEqualTo("FORBIDDEN");

      JsonObject listed = hub.get("/api/v1/chat/dialogs", boris.token()).bodyAsJsonObject().getJsonArray("items")
          .stream().map(JsonObject.class::cast).filter(d -> d.getLong("id") == dialog).findFirst().orElseThrow();
      assertThat(listed.getString("kind")).isEqualTo("openline");
      assertThat(listed.getString("externalRef")).isEqualTo("session-41");
      assertThat(listed.getString("title")).isEqualTo("Vera · Telegram");
    } finally {
      ChatClient.await(tap.unregister());
    }
  }

  @Test
  void badRequestsShouldFailWithTheirCodeAndStoreNothing() {
    Person anna = people.person("ol-bad-anna");
    long group = people.group(anna, "Not an open line");
    long dialog = this.<OpenlineDialog>ask(ChatAddresses.OPENLINE_OPEN,
        new OpenlineDialogRequest("session-bad", null)).dialogId();

    assertThatThrownBy(() -> ask(ChatAddresses.OPENLINE_POST, new ExternalPost(dialog, "text", "x", "hi")))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    assertThatThrownBy(() -> ask(ChatAddresses.OPENLINE_POST, new ExternalPost(dialog, "external", "x", " ")))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    assertThatThrownBy(() -> ask(ChatAddresses.OPENLINE_MEMBERS, new SetMembers(group, List.of(anna.id()),
        List.of(), null)))
        .as("a group's members are not openlines' to set")
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(404));
    assertThat(this.<OpenlineDialog>ask(ChatAddresses.OPENLINE_OPEN, new OpenlineDialogRequest("session-bad", null))
        .lastSeq()).as("nothing stored").isZero();
  }

  @SuppressWarnings("unchecked")
  private <T> T ask(String address, Object body) {
    return (T) ChatClient.await(bus.request(address, body).map(Message::body));
  }

  private static ChatMessage next(LinkedBlockingQueue<ChatMessage> queue,
      java.util.function.Predicate<ChatMessage> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      ChatMessage m = queue.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && wanted.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no such message posted");
  }
}

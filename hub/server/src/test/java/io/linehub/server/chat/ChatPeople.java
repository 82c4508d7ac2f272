package io.linehub.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Signed-in people of a running hub, for the chat tests: their accounts, sockets and dialogs. */
final class ChatPeople {

  final RunningHub hub;
  final WebSocketClient sockets;

  ChatPeople(RunningHub hub) {
    this.hub = hub;
    this.sockets = hub.clientVertx.createWebSocketClient();
  }

  record Person(ChatPeople people, long id, String token) {
    ChatClient connect() {
      return ChatClient.connect(people.sockets, people.hub.hub.httpPort(), token);
    }
  }

  /** A new agent account named {@code login}, signed in. */
  Person person(String login) {
    return person(login, "agent");
  }

  /** A new account with {@code role} (agent, supervisor, admin), signed in. */
  Person person(String login, String role) {
    long id = createUser(hub, login, login + "-web-pass", role);
    return new Person(this, id, hub.login(login, login + "-web-pass"));
  }

  static long createUser(RunningHub on, String login, String password) {
    return createUser(on, login, password, "agent");
  }

  static long createUser(RunningHub on, String login, String password, String role) {
    var created = on.send("POST", "/api/v1/users", on.adminToken(), new JsonObject().put("login", login)
        .put("displayName", login).put("role", role).put("password", password));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  /** A closed group owned by {@code owner} with {@code members} in it. */
  long group(Person owner, String title, Person... members) {
    JsonArray ids = new JsonArray();
    for (Person member : members) {
      ids.add(member.id());
    }
    return created(hub.send("POST", "/api/v1/chat/dialogs", owner.token(), new JsonObject().put("kind", "group")
        .put("title", title).put("members", ids)));
  }

  long direct(Person a, Person b) {
    return created(hub.send("POST", "/api/v1/chat/dialogs", a.token(), new JsonObject().put("kind", "direct")
        .put("userId", b.id())));
  }

  private static long created(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getLong("id");
  }
}

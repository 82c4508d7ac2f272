package io.linehub.server.openlines;

import static io.linehub.server.chat.ChatAttachmentTest.body;
import static io.linehub.server.chat.ChatAttachmentTest.padded;
import static io.linehub.server.chat.ChatAttachmentTest.png;
import static io.linehub.server.chat.ChatAttachmentTest.storedFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatAttachmentTest;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.openlines.TelegramLineTest.Operator;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files both ways in the website chat, against a running hub: a visitor's real multipart uploads
 * with their visitor token, their message over /site/ws, the operator's /ws, and downloads.
 */
@Timeout(120)
class SiteAttachmentTest {

  static final int MAX_BYTES = 100_000;

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String admin;
  static HttpClient http;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_CHAT_ATTACHMENT_MAX_BYTES", String.valueOf(MAX_BYTES)));
    admin = hub.adminToken();
    http = hub.clientVertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void visitorFileShouldReachTheOperatorAndTheOperatorsFileTheVisitor() {
    Operator olga = Operator.create(hub, "files-olga");
    TelegramLineTest.line(hub, admin, "files-line", olga);
    channel(hub, "files", "files-line");
    String vera = visitor(hub, "files", "Vera");
    String stranger = visitor(hub, "files", "Stranger");
    byte[] png = png();

    JsonObject uploaded = upload(hub, "files", vera, "receipt.png", "image/png", png);
    long id = uploaded.getLong("id");
    assertThat(uploaded.getString("contentType")).isEqualTo("image/png");
    assertThat(uploaded.getLong("size")).isEqualTo(png.length);

    try (ChatClient operator = olga.connect(hub); ChatClient visitorWs = connect(hub, "files", vera)) {
      JsonObject stolen;
      try (ChatClient strangerWs = connect(hub, "files", stranger)) {
        stolen = strangerWs.call("send", new JsonObject().put("clientId", "s-1")
            .put("attachments", new JsonArray().add(id)));
      }
      assertThat(stolen.getString("error")).as("someone else's upload: " + stolen.encode()).isEqualTo("BAD_REQUEST");

      JsonObject send = new JsonObject().put("clientId", "f-1").put("text", "my receipt")
          .put("attachments", new JsonArray().add(id));
      JsonObject ack = visitorWs.call("send", send);
      JsonObject again = visitorWs.call("send", send);
      assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
      assertThat(again.getBoolean("duplicate")).as("a resend after a lost ack: " + again.encode()).isTrue();
      JsonObject own = visitorWs.next(f -> "message".equals(f.getString("type"))).getJsonObject("message");
      JsonObject shownFile = own.getJsonArray("attachments").getJsonObject(0);
      assertThat(shownFile.getString("name")).isEqualTo("receipt.png");
      assertThat(shownFile.getString("url")).isEqualTo("/api/v1/site/files/attachments/" + id);

      JsonObject offer = operator.next(f -> "offer".equals(f.getString("type")));
      operator.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = operator.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      JsonObject seen = operator.messages(dialog, 1).get(0);
      assertThat(seen.getString("text")).isEqualTo("my receipt");
      assertThat(seen.getJsonArray("attachments")).as("once, though sent twice").hasSize(1);
      assertThat(seen.getJsonArray("attachments").getJsonObject(0).getLong("id")).isEqualTo(id);
      assertThat(hub.get("/api/v1/chat/attachments/" + id, olga.token()).body().getBytes()).isEqualTo(png);

      // Operator → visitor: an ordinary chat upload and send in the session's dialog.
      HttpResponse<Buffer> made = ChatClient.await(hub.client.post("/api/v1/chat/dialogs/" + dialog + "/attachments")
          .bearerTokenAuthentication(olga.token()).sendMultipartForm(MultipartForm.create().binaryFileUpload("file",
              "terms.txt", Buffer.buffer("read me".getBytes(StandardCharsets.UTF_8)), "text/plain")));
      assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
      long reply = made.bodyAsJsonObject().getLong("id");
      operator.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "o-1")
          .put("text", "our terms").put("attachments", new JsonArray().add(reply)));
      JsonObject fromOperator = visitorWs.next(f -> "message".equals(f.getString("type"))
          && "operator".equals(f.getJsonObject("message").getString("from"))).getJsonObject("message");
      JsonObject file = fromOperator.getJsonArray("attachments").getJsonObject(0);
      assertThat(file.getString("name")).isEqualTo("terms.txt");
      assertThat(file.getLong("size")).isEqualTo(7);

      HttpResponse<Buffer> download = hub.get(file.getString("url") + "?token=" + vera, null);
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.bodyAsString()).isEqualTo("read me");
      assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(download.getHeader("Content-Security-Policy")).contains("sandbox");
      assertThat(hub.get(shownFile.getString("url") + "?token=" + vera, null).body().getBytes()).isEqualTo(png);
      assertThat(hub.get(file.getString("url") + "?token=" + stranger, null).statusCode())
          .as("another visitor's conversation").isEqualTo(404);
      assertThat(hub.get(file.getString("url"), null).statusCode()).as("no token").isEqualTo(401);
      assertThat(hub.get("/api/v1/site/files/attachments/" + reply + "?token=v1.forgedforged.00", null).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void badVisitorUploadsShouldBeRefusedAndLeaveNothingBehind() {
    channel(hub, "files-bad", "files-bad-line");
    String token = visitor(hub, "files-bad", "Boris");
    String path = "/api/v1/site/files-bad/attachments";
    long before = storedFiles(dataDir);
    byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

    assertThat(ChatAttachmentTest.raw(http, hub, path, token, body("file", "big.png", "image/png",
        padded(png(), MAX_BYTES + 70_000)), false).statusCode()).as("over the limit").isEqualTo(413);
    assertThat(ChatAttachmentTest.raw(http, hub, path, token, body("file", "big.png", "image/png",
        padded(png(), MAX_BYTES + 1)), true).statusCode()).as("chunked, over the limit").isEqualTo(413);
    assertThat(ChatAttachmentTest.raw(http, hub, path, token, body("file", "cat.png", "image/png", html), false)
        .statusCode()).as("a page passed off as an image").isEqualTo(415);
    assertThat(ChatAttachmentTest.raw(http, hub, path, null, body("file", "a.png", "image/png", png()), false)
        .statusCode()).as("no token").isEqualTo(401);
    assertThat(ChatAttachmentTest.raw(http, hub, path, "v1.forgedforged.00", body("file", "a.png", "image/png",
        png()), false).statusCode()).as("a forged token").isEqualTo(401);
    assertThat(ChatAttachmentTest.raw(http, hub, "/api/v1/site/nope/attachments", token, body("file", "a.png",
        "image/png", png()), false).statusCode()).as("no such channel").isEqualTo(404);
    assertThat(storedFiles(dataDir)).as("nothing kept").isEqualTo(before);

    try (ChatClient ws = connect(hub, "files-bad", token)) {
      JsonObject unknown = ws.call("send", new JsonObject().put("clientId", "b-1")
          .put("attachments", new JsonArray().add(987654)));
      JsonObject empty = ws.call("send", new JsonObject().put("clientId", "b-2"));
      assertThat(unknown.getString("error")).as(unknown.encode()).isEqualTo("BAD_REQUEST");
      assertThat(empty.getString("error")).as("neither text nor files").isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  void visitorFileAcknowledgedBeforeARestartShouldBeServedAfterIt(@TempDir Path ownDir) {
    byte[] png = png();
    String token;
    String url;
    RunningHub first = RunningHub.start(ownDir, Map.of());
    try {
      first.send("POST", "/api/v1/lines", first.adminToken(), new JsonObject().put("id", "restart-line")
          .put("strategy", "evenly"));
      channel(first, "restart", "restart-line");
      token = visitor(first, "restart", "Rita");
      long id = upload(first, "restart", token, "scan.png", "image/png", png).getLong("id");
      try (ChatClient ws = connect(first, "restart", token)) {
        ws.call("send", new JsonObject().put("clientId", "r-1").put("attachments", new JsonArray().add(id)));
        url = ws.next(f -> "message".equals(f.getString("type"))).getJsonObject("message")
            .getJsonArray("attachments").getJsonObject(0).getString("url");
      }
    } finally {
      first.close();
    }
    RunningHub second = RunningHub.start(ownDir, Map.of());
    try {
      HttpResponse<Buffer> download = second.get(url + "?token=" + token, null);
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body().getBytes()).isEqualTo(png);
    } finally {
      second.close();
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  static void channel(RunningHub on, String id, String lineId) {
    if (!lineId.equals("files-line") && !lineId.equals("restart-line")) {
      on.send("POST", "/api/v1/lines", on.adminToken(), new JsonObject().put("id", lineId).put("strategy", "evenly"));
    }
    var created = on.send("POST", "/api/v1/openlines/channels", on.adminToken(), new JsonObject().put("id", id)
        .put("kind", "site").put("lineId", lineId).put("name", "Website"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  static String visitor(RunningHub on, String channel, String name) {
    var made = on.send("POST", "/api/v1/site/" + channel + "/visitors", null, new JsonObject().put("name", name));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(200);
    return made.bodyAsJsonObject().getString("token");
  }

  static JsonObject upload(RunningHub on, String channel, String token, String name, String type, byte[] content) {
    HttpResponse<Buffer> uploaded = ChatClient.await(on.client.post("/api/v1/site/" + channel + "/attachments")
        .bearerTokenAuthentication(token).sendMultipartForm(MultipartForm.create()
            .binaryFileUpload("file", name, Buffer.buffer(content), type)));
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
    return uploaded.bodyAsJsonObject();
  }

  static ChatClient connect(RunningHub on, String channel, String token) {
    return ChatClient.connect(on.clientVertx.createWebSocketClient(), on.hub.httpPort(), "/site/ws?channel="
        + channel + "&token=" + token + "&since=0", true);
  }
}

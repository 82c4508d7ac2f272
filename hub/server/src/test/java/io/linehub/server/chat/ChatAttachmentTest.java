package io.linehub.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatPeople.Person;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat attachments against a running hub: real multipart uploads over HTTP, files on disk under
 * the data dir, messages over real WebSockets, downloads with the members' tokens.
 */
public class ChatAttachmentTest {

  /** Small, so the oversize cases send little. */
  static final int MAX_BYTES = 100_000;

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static ChatPeople people;
  static HttpClient http;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of("LINEHUB_CHAT_ATTACHMENT_MAX_BYTES", String.valueOf(MAX_BYTES)));
    people = new ChatPeople(hub);
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
  void uploadedImageShouldTravelWithAMessageAndBeServedOnlyToMembers() {
    Person anna = people.person("att-anna");
    Person boris = people.person("att-boris");
    Person outsider = people.person("att-outsider");
    long dialog = people.group(anna, "Invoices", boris);
    byte[] png = png();

    HttpResponse<Buffer> uploaded = ChatClient.await(hub.client.post("/api/v1/chat/dialogs/" + dialog + "/attachments")
        .bearerTokenAuthentication(anna.token())
        .sendMultipartForm(MultipartForm.create().attribute("note", "ignored")
            .binaryFileUpload("file", "../../etc/счёт \"May\".png", Buffer.buffer(png), "image/png")));
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
    JsonObject attachment = uploaded.bodyAsJsonObject();
    long id = attachment.getLong("id");
    assertThat(attachment.getString("name")).as("path parts and quotes removed").isEqualTo("счёт May.png");
    assertThat(attachment.getString("contentType")).isEqualTo("image/png");
    assertThat(attachment.getLong("size")).isEqualTo(png.length);
    assertThat(hub.get("/api/v1/chat/attachments/" + id, boris.token()).statusCode())
        .as("not sent yet: only its uploader sees it").isEqualTo(403);
    assertThat(hub.get("/api/v1/chat/attachments/" + id, anna.token()).body().getBytes()).isEqualTo(png);

    try (ChatClient annaWs = anna.connect(); ChatClient borisWs = boris.connect()) {
      JsonObject ack = annaWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "inv-1")
          .put("text", "the May invoice").put("attachments", new JsonArray().add(id)));
      JsonObject resent = annaWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "inv-1")
          .put("text", "the May invoice").put("attachments", new JsonArray().add(id)));
      JsonObject message = borisWs.messages(dialog, 1).get(0);

      assertThat(ack.getString("type")).as(ack.encode()).isEqualTo("ack");
      assertThat(resent.getBoolean("duplicate")).as("a resend is stored once").isTrue();
      assertThat(resent.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(message.getJsonArray("attachments")).singleElement().satisfies(a -> {
        JsonObject file = (JsonObject) a;
        assertThat(file.getLong("id")).isEqualTo(id);
        assertThat(file.getString("url")).isEqualTo("/api/v1/chat/attachments/" + id);
        assertThat(file.getString("contentType")).isEqualTo("image/png");
      });

      JsonObject stolen = borisWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "b-1")
          .put("attachments", new JsonArray().add(id)));
      JsonObject reused = annaWs.call("send", new JsonObject().put("dialogId", dialog).put("clientId", "inv-2")
          .put("attachments", new JsonArray().add(id)));
      assertThat(stolen.getString("error")).as("someone else's upload").isEqualTo("BAD_REQUEST");
      assertThat(reused.getString("error")).as("an upload already sent").isEqualTo("BAD_REQUEST");
    }

    HttpResponse<Buffer> download = hub.get("/api/v1/chat/attachments/" + id, boris.token());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body().getBytes()).isEqualTo(png);
    assertThat(download.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(download.getHeader("Content-Disposition")).startsWith("inline; filename=\"")
        .contains("filename*=UTF-8''%D1%81%D1%87%D1%91%D1%82%20May.png");
    assertThat(hub.get("/api/v1/chat/attachments/" + id, outsider.token()).statusCode()).isEqualTo(403);
    assertThat(hub.get("/api/v1/chat/attachments/" + id, null).statusCode()).isEqualTo(401);
    JsonArray history = hub.get("/api/v1/chat/dialogs/" + dialog + "/messages", boris.token()).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(history).singleElement().satisfies(m -> assertThat(((JsonObject) m).getJsonArray("attachments")
        .getJsonObject(0).getString("name")).isEqualTo("счёт May.png"));
  }

  @Test
  void deletingTheMessageShouldDeleteItsFile() {
    Person anna = people.person("att-del-anna");
    Person boris = people.person("att-del-boris");
    long dialog = people.group(anna, "Scratch", boris);
    long id = upload(anna, dialog, "notes.txt", "text/plain", "call the client back".getBytes(StandardCharsets.UTF_8));
    long filesBefore = storedFiles();
    JsonObject sent = hub.send("POST", "/api/v1/chat/dialogs/" + dialog + "/messages", anna.token(),
        new JsonObject().put("attachments", new JsonArray().add(id))).bodyAsJsonObject();
    assertThat(sent.getString("text")).as("a message may be files alone").isEmpty();
    assertThat(hub.get("/api/v1/chat/attachments/" + id, boris.token()).bodyAsString())
        .isEqualTo("call the client back");

    var deleted = hub.send("DELETE", "/api/v1/chat/dialogs/" + dialog + "/messages/" + sent.getLong("seq"),
        anna.token(), null);

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject().getJsonArray("attachments")).isEmpty();
    assertThat(hub.get("/api/v1/chat/attachments/" + id, boris.token()).statusCode()).isEqualTo(404);
    long deadline = System.currentTimeMillis() + 10_000;
    while (storedFiles() != filesBefore - 1 && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    assertThat(storedFiles()).as("the file is gone from disk").isEqualTo(filesBefore - 1);
  }

  @Test
  void badUploadsShouldBeRefusedAndLeaveNothingBehind() {
    Person anna = people.person("att-bad-anna");
    Person outsider = people.person("att-bad-outsider");
    long dialog = people.group(anna, "Refusals");
    long filesBefore = storedFiles();
    byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
    String path = "/api/v1/chat/dialogs/" + dialog + "/attachments";

    assertThat(raw(path, anna.token(), body("file", "cat.png", "image/png", html), false).statusCode())
        .as("a page passed off as an image").isEqualTo(415);
    assertThat(raw(path, anna.token(), body("file", "run.exe", "application/x-msdownload", png()), false)
        .statusCode()).as("a type not accepted").isEqualTo(415);
    assertThat(raw(path, anna.token(), body("file", "big.png", "image/png", padded(png(), MAX_BYTES + 70_000)),
        false).statusCode()).as("Content-Length over the limit").isEqualTo(413);
    assertThat(raw(path, anna.token(), body("file", "big.png", "image/png", padded(png(), MAX_BYTES + 1)), true)
        .statusCode()).as("a chunked body over the limit").isEqualTo(413);
    assertThat(raw(path, anna.token(), body("other", "a.png", "image/png", png()), false).statusCode())
        .as("no part named file").isEqualTo(400);
    assertThat(raw(path, outsider.token(), body("file", "a.png", "image/png", png()), false).statusCode())
        .as("not a member").isEqualTo(403);
    assertThat(raw(path, null, body("file", "a.png", "image/png", png()), false).statusCode()).isEqualTo(401);
    assertThat(hub.send("POST", path, anna.token(), new JsonObject().put("file", "x")).statusCode())
        .as("not multipart").isEqualTo(415);

    assertThat(storedFiles()).as("no file kept").isEqualTo(filesBefore);
    long deadline = System.currentTimeMillis() + 5_000;
    while (incomingFiles() > 0 && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    assertThat(incomingFiles()).as("partial uploads deleted").isZero();
    assertThat(raw(path, anna.token(), body("file", "fine.png", null, png()), true).statusCode())
        .as("after all that, a chunked upload of a real image without a declared type passes").isEqualTo(201);
  }

  @Test
  void anUploadRefusedBeforeItsBodyShouldBeAnsweredAndItsConnectionClosed() {
    // A declared length over the limit is refused before the body is read; this body (8 MiB) is far
    // more than the sockets' buffers hold, so the client is still writing it after the answer. The
    // hub used to leave the request paused: the connection never closed, and a client finishing its
    // body before reading the answer waited for ever (the occasional 20 s timeouts of these tests).
    Person anna = people.person("att-linger-anna");
    String path = "/api/v1/chat/dialogs/" + people.group(anna, "Lingering") + "/attachments";
    Buffer huge = body("file", "huge.png", "image/png", padded(png(), 8 * 1024 * 1024));
    Promise<Void> closed = Promise.promise();

    HttpClientResponse refused = ChatClient.await(http.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("localhost").setPort(hub.hub.httpPort()).setURI(path))
        .compose(request -> {
          request.connection().closeHandler(ignored -> closed.tryComplete());
          request.putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
          request.putHeader("Authorization", "Bearer " + anna.token());
          return request.send(huge);
        })
        .compose(response -> response.body().map(ignored -> response)));

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.getHeader("Connection")).isEqualToIgnoringCase("close");
    ChatClient.await(closed.future());
  }

  @Test
  void fileAcknowledgedBeforeARestartShouldBeServedAfterIt(@TempDir Path ownDir) {
    byte[] png = png();
    RunningHub first = RunningHub.start(ownDir, Map.of());
    long id;
    String token;
    try {
      ChatPeople.createUser(first, "att-restart", "att-restart-web");
      token = first.login("att-restart", "att-restart-web");
      long dialog = first.send("POST", "/api/v1/chat/dialogs", token, new JsonObject().put("kind", "group")
          .put("title", "Before restart")).bodyAsJsonObject().getLong("id");
      HttpResponse<Buffer> uploaded = ChatClient.await(first.client.post("/api/v1/chat/dialogs/" + dialog
          + "/attachments").bearerTokenAuthentication(token).sendMultipartForm(MultipartForm.create()
          .binaryFileUpload("file", "scan.png", Buffer.buffer(png), "image/png")));
      id = uploaded.bodyAsJsonObject().getLong("id");
      assertThat(first.send("POST", "/api/v1/chat/dialogs/" + dialog + "/messages", token,
          new JsonObject().put("attachments", new JsonArray().add(id))).statusCode()).isEqualTo(201);
    } finally {
      first.close();
    }
    RunningHub second = RunningHub.start(ownDir, Map.of());
    try {
      HttpResponse<Buffer> download = second.get("/api/v1/chat/attachments/" + id,
          second.login("att-restart", "att-restart-web"));
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body().getBytes()).isEqualTo(png);
    } finally {
      second.close();
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  static long upload(Person who, long dialog, String name, String type, byte[] content) {
    HttpResponse<Buffer> uploaded = ChatClient.await(hub.client.post("/api/v1/chat/dialogs/" + dialog
        + "/attachments").bearerTokenAuthentication(who.token()).sendMultipartForm(MultipartForm.create()
        .binaryFileUpload("file", name, Buffer.buffer(content), type)));
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
    return uploaded.bodyAsJsonObject().getLong("id");
  }

  /** A real PNG, drawn and encoded by the JDK. */
  public static byte[] png() {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 2, 0xFF8800);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] padded(byte[] start, int size) {
    return java.util.Arrays.copyOf(start, size);
  }

  static final String BOUNDARY = "linehub-test-boundary-7MA4YWxk";

  /** One multipart/form-data part, written out by hand (type null: no Content-Type line). */
  public static Buffer body(String part, String fileName, String type, byte[] content) {
    return Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
            + fileName + "\"\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n")
        .appendBytes(content).appendString("\r\n--" + BOUNDARY + "--\r\n");
  }

  /** Sends {@code body} as it is, with a Content-Length or chunked; the response with its body read. */
  static HttpClientResponse raw(String path, String token, Buffer body, boolean chunked) {
    return raw(http, hub, path, token, body, chunked);
  }

  /** {@link #raw(String, String, Buffer, boolean)} to any hub, with any bearer token (a visitor's too). */
  public static HttpClientResponse raw(HttpClient http, RunningHub hub, String path, String token, Buffer body,
      boolean chunked) {
    return ChatClient.await(http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost")
            .setPort(hub.hub.httpPort()).setURI(path))
        .compose(request -> {
          request.putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
          if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
          }
          if (chunked) {
            request.setChunked(true);
            // In pieces, as a client streaming a file would.
            for (int at = 0; at < body.length(); at += 16 * 1024) {
              request.write(body.slice(at, Math.min(body.length(), at + 16 * 1024)));
            }
            // The hub may answer 413 and close before the last piece: the answer is what counts.
            request.end();
            return request.response();
          }
          return request.send(body);
        })
        .compose(response -> response.body().map(ignored -> response)
            .recover(ignored -> Future.succeededFuture(response))));
  }

  static long storedFiles() {
    return storedFiles(dataDir);
  }

  /** Files kept under a hub's data dir (not counting uploads in progress). */
  public static long storedFiles(Path dataDir) {
    try (Stream<Path> files = Files.walk(dataDir.resolve("attachments"))) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString()
          .equals(".incoming")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long incomingFiles() {
    try (Stream<Path> files = Files.list(dataDir.resolve("attachments").resolve(".incoming"))) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

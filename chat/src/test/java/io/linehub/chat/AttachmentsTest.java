package io.linehub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.chat.ChatAttachment;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachment checks, and files kept and swept against a real PostgreSQL and a real directory. */
class AttachmentsTest {

  static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

  @TempDir
  static Path dir;
  static Vertx vertx;
  static Pool pool;
  static PgChatStore store;
  static Attachments attachments;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("chat").pool(vertx, 4);
    store = new PgChatStore(pool);
    attachments = new Attachments(vertx, pool, new Attachments.Settings(dir, 1_000,
        Set.of("image/png", "text/plain", "application/pdf")));
    await(attachments.start());
  }

  @AfterAll
  static void stop() {
    attachments.stop();
    await(pool.close());
    await(vertx.close());
  }

  @Test
  void declaredTypeShouldStandOnlyWhenTheContentAgrees() {
    assertThat(Attachments.contentType("image/PNG; charset=x", PNG_HEAD)).isEqualTo("image/png");
    assertThat(Attachments.contentType("application/octet-stream", PNG_HEAD)).as("sniffed").isEqualTo("image/png");
    assertThat(Attachments.contentType(null, "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("application/pdf");
    assertThat(Attachments.contentType("text/plain", "plain words".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("text/plain");
    assertThat(Attachments.contentType("application/x-custom", new byte[] {1, 2, 3}))
        .as("a type without a known signature stands").isEqualTo("application/x-custom");
    assertRefused(() -> Attachments.contentType("image/png", "<svg onload=x>".getBytes(StandardCharsets.UTF_8)));
    assertRefused(() -> Attachments.contentType("image/jpeg", PNG_HEAD));
    assertRefused(() -> Attachments.contentType("text/plain", new byte[] {'M', 'Z', 0, 0}));
    assertRefused(() -> Attachments.contentType("", new byte[] {1, 2, 3}));
  }

  @Test
  void fileNameShouldLoseItsPathAndControlCharacters() {
    assertThat(Attachments.cleanName("C:\\Users\\me\\report.pdf")).isEqualTo("report.pdf");
    assertThat(Attachments.cleanName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(Attachments.cleanName("a\u0000b\r\n\"c\".txt")).isEqualTo("abc.txt");
    assertThat(Attachments.cleanName("..")).isEqualTo("file");
    assertThat(Attachments.cleanName(null)).isEqualTo("file");
    assertThat(Attachments.cleanName("x".repeat(300))).hasSize(Attachments.MAX_NAME);
    assertThat(AttachmentDownload.disposition("inline", "счёт \"1\".pdf"))
        .isEqualTo("inline; filename=\"____ _1_.pdf\"; filename*=UTF-8''%D1%81%D1%87%D1%91%D1%82%20%221%22.pdf");
  }

  @Test
  void keptFileShouldBeDurableAndLinkedOnlyByItsUploadersMessageInItsDialog() throws Exception {
    long dialog = await(store.group(1, "files", false, List.of(2L)));
    long other = await(store.group(1, "elsewhere", false, List.of()));
    ChatAttachment kept = await(attachments.keep(Attachments.Uploader.member(dialog, 1),
        incoming("hello".getBytes(StandardCharsets.UTF_8)),
        "text/plain", "hello.txt"));
    Attachments.Stored stored = await(attachments.readable(kept.id(), 1));
    assertThat(Files.readString(stored.file())).isEqualTo("hello");
    assertThat(stored.file()).startsWith(dir.resolve(String.valueOf(dialog)));
    assertThat(stored.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

    List<Future<PgChatStore.Posted>> refused = await(store.postMany(List.of(
        new PgChatStore.Draft(dialog, 2, "b", "", null, List.of(kept.id())),
        new PgChatStore.Draft(other, 1, "elsewhere", "", null, List.of(kept.id())))));
    List<Future<PgChatStore.Posted>> sent = await(store.postMany(List.of(
        new PgChatStore.Draft(dialog, 1, "a", "here", null, List.of(kept.id())))));

    assertThat(refused).allSatisfy(f -> assertThat(((LinehubException) f.cause()).code())
        .isEqualTo(ErrorCode.BAD_REQUEST));
    assertThat(sent.get(0).result().message().attachments()).containsExactly(kept);
    assertThat(await(store.after(dialog, 0, 10))).as("nothing of the refused messages stored").singleElement()
        .satisfies(m -> assertThat(m.attachments()).containsExactly(kept));
  }

  @Test
  void sweepShouldDeleteUnsentUploadsOnlyOnceTheyAreOld() throws Exception {
    long dialog = await(store.group(1, "sweep", false, List.of()));
    ChatAttachment unsent = await(attachments.keep(Attachments.Uploader.member(dialog, 1), incoming(PNG_HEAD),
        "image/png", "a.png"));
    Path file = await(attachments.readable(unsent.id(), 1)).file();

    await(attachments.sweep(Duration.ofHours(1)));
    assertThat(file).as("young uploads stay").exists();

    // Two hours later, as far as the database can tell.
    await(pool.preparedQuery("UPDATE chat.attachments SET created_at = created_at - interval '2 hours' WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(unsent.id())));
    int deleted = await(attachments.sweep(Duration.ofHours(1)));
    assertThat(deleted).isGreaterThanOrEqualTo(1);
    assertThat(file).doesNotExist();
    assertThatThrownBy(() -> await(attachments.readable(unsent.id(), 1))).hasMessageContaining("no attachment");
  }

  @Test
  void refusedFileShouldLeaveNothingOnDisk() throws Exception {
    long dialog = await(store.group(1, "refusals", false, List.of()));
    Path tooBig = incoming(new byte[1_001]);
    Path wrong = incoming("<html>".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> await(attachments.keep(Attachments.Uploader.member(dialog, 1), tooBig, "text/plain", "big.txt")))
        .hasMessageContaining("at most 1000 bytes");
    assertThatThrownBy(() -> await(attachments.keep(Attachments.Uploader.member(dialog, 1), wrong, "image/png", "x.png")))
        .hasMessageContaining("not image/png");
    assertThat(tooBig).doesNotExist();
    assertThat(wrong).doesNotExist();
  }

  private static Path incoming(byte[] content) throws Exception {
    Path file = attachments.incomingFile();
    Files.write(file, content);
    return file;
  }

  private static void assertRefused(Runnable check) {
    assertThatThrownBy(check::run).isInstanceOfSatisfying(LinehubException.class, e ->
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package io.linehub.chat;

import io.linehub.api.chat.AttachmentGuest;
import io.linehub.api.chat.ChatAttachment;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files sent in chat, under {@code <dataDir>/attachments}. An upload is streamed to
 * {@code .incoming/}, checked (size, an allowed type, a signature that matches the declared type),
 * fsynced and moved into {@code <dialogId>/<random name>}, and only then recorded in
 * {@code chat.attachments}: once the upload is answered, the file and its row survive a crash. The
 * name on disk is never the uploader's. A message links it (chat.post_many); the sweep deletes the
 * files of deleted messages and of uploads never sent. A guest's upload (a site visitor's) belongs
 * to no dialog until the message that carries it ({@code guests/<random name>} on disk).
 */
public final class Attachments {

  private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);

  /**
   * @param dir where the files live ({@code <dataDir>/attachments})
   * @param maxBytes the largest file accepted
   * @param types the media types accepted, lower case without parameters
   */
  public record Settings(Path dir, long maxBytes, Set<String> types) {

    public Settings {
      types = Set.copyOf(types);
    }
  }

  /** An attachment as stored, with where its file is. */
  record Stored(ChatAttachment attachment, Long dialogId, Long uploaderId, String sha256, Path file,
      Long messageId) {
  }

  /** Uploads never sent are swept after this long. */
  static final Duration UNSENT_KEPT = Duration.ofHours(24);
  /** How often the sweep runs. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
  /** Longest file name kept, in characters. */
  static final int MAX_NAME = 255;

  private final Vertx vertx;
  private final Pool pool;
  private final Settings settings;
  private long sweepTimer = -1;

  public Attachments(Vertx vertx, Pool pool, Settings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
  }

  Settings settings() {
    return settings;
  }

  /** Where an upload in progress is written: a fresh file under {@code .incoming/}. */
  Path incomingFile() {
    return settings.dir().resolve(".incoming").resolve(UUID.randomUUID().toString());
  }

  /**
   * Empties {@code .incoming/} (uploads cut off by a stop were never answered) and starts the
   * periodic sweep.
   */
  public Future<Void> start() {
    return vertx.<Void>executeBlocking(() -> {
      Path incoming = settings.dir().resolve(".incoming");
      Files.createDirectories(incoming);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      }
      return null;
    }).onSuccess(ignored -> sweepTimer = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweepNow()));
  }

  /** Runs the sweep now, in the background (after a message with files was deleted). */
  void sweepNow() {
    sweep(UNSENT_KEPT).onFailure(e -> LOG.warn("attachment sweep failed: {}", e.toString()));
  }

  public void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
  }

  /**
   * Who uploads, and where to: a member to their dialog ({@code dialogId}, {@code userId}), or a
   * guest ({@code ref}), whose upload joins a dialog when a message carries it.
   */
  record Uploader(Long dialogId, Long userId, String ref) {

    static Uploader member(long dialogId, long userId) {
      return new Uploader(dialogId, userId, null);
    }

    static Uploader guest(String ref) {
      return new Uploader(null, null, ref);
    }
  }

  /**
   * Keeps a completely received upload: checks it, makes it durable, moves it into place and
   * records it. Deletes {@code incoming} whatever happens.
   *
   * @param declaredType the part's Content-Type as the client sent it
   */
  Future<ChatAttachment> keep(Uploader uploader, Path incoming, String declaredType, String fileName) {
    String name = cleanName(fileName);
    String relative = (uploader.dialogId() != null ? uploader.dialogId().toString() : "guests") + "/"
        + UUID.randomUUID();
    Path target = settings.dir().resolve(relative);
    return vertx.<Checked>executeBlocking(() -> {
      try {
        Checked checked = check(incoming, declaredType);
        // Durable before answered: the file's bytes, then its new directory entry.
        try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Files.createDirectories(target.getParent());
        Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
          directory.force(true);
        }
        return checked;
      } finally {
        Files.deleteIfExists(incoming);
      }
    }, false).compose(checked -> pool.preparedQuery("""
            INSERT INTO chat.attachments (dialog_id, uploader_id, uploader_ref, name, content_type, size, sha256, path)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(Tuple.tuple().addValue(uploader.dialogId()).addValue(uploader.userId()).addValue(uploader.ref())
            .addValue(name).addValue(checked.type()).addValue(checked.size()).addValue(checked.sha256())
            .addValue(relative))
        .map(rows -> new ChatAttachment(rows.iterator().next().getLong(0), name, checked.type(), checked.size()))
        .onFailure(e -> vertx.executeBlocking(() -> Files.deleteIfExists(target), false)));
  }

  private static final String STORED = """
      SELECT a.id, a.name, a.content_type, a.size, a.dialog_id, a.uploader_id, a.uploader_ref, a.sha256, a.path,
             a.message_id""";

  /**
   * The attachment for {@code userId} to download: a member of its dialog may once it is sent, its
   * uploader also before. 404 when it does not exist or was deleted, 403 for anyone else.
   */
  Future<Stored> readable(long attachmentId, long userId) {
    return pool.preparedQuery(STORED + """
            , EXISTS (SELECT 1 FROM chat.members mb WHERE mb.dialog_id = a.dialog_id AND mb.user_id = $2) AS member
            FROM chat.attachments a WHERE a.id = $1 AND a.removed_at IS NULL""")
        .execute(Tuple.of(attachmentId, userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(LinehubException.notFound("no attachment " + attachmentId));
          }
          Row row = rows.iterator().next();
          Long uploader = row.getLong("uploader_id");
          boolean mayRead = row.getBoolean("member")
              && (row.getLong("message_id") != null || uploader != null && uploader == userId);
          if (!mayRead) {
            return Future.failedFuture(LinehubException.forbidden("attachment " + attachmentId
                + " is in a dialog you are not a member of"));
          }
          return Future.succeededFuture(stored(row));
        });
  }

  /**
   * The attachment for a guest to download: one sent in a dialog they may read, or their own upload
   * not sent yet. 404 for anything else, so a guest learns nothing of other people's files.
   */
  Future<Stored> readable(long attachmentId, AttachmentGuest guest) {
    return pool.preparedQuery(STORED + " FROM chat.attachments a WHERE a.id = $1 AND a.removed_at IS NULL")
        .execute(Tuple.of(attachmentId))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          boolean mayRead = row != null && (row.getLong("message_id") != null
              ? guest.dialogIds().contains(row.getLong("dialog_id"))
              : guest.uploaderRef().equals(row.getString("uploader_ref")));
          return mayRead ? Future.succeededFuture(stored(row))
              : Future.failedFuture(LinehubException.notFound("no attachment " + attachmentId));
        });
  }

  /** Of {@code ids}, those that are {@code uploaderRef}'s uploads not sent yet, in the order given. */
  Future<List<Long>> unsentOf(String uploaderRef, List<Long> ids) {
    return pool.preparedQuery("""
            SELECT id FROM chat.attachments
            WHERE id = ANY($1) AND uploader_ref = $2 AND message_id IS NULL AND removed_at IS NULL""")
        .execute(Tuple.of(ids.toArray(Long[]::new), uploaderRef))
        .map(rows -> {
          Set<Long> found = new java.util.HashSet<>();
          rows.forEach(row -> found.add(row.getLong(0)));
          return ids.stream().filter(found::contains).toList();
        });
  }

  private Stored stored(Row row) {
    return new Stored(new ChatAttachment(row.getLong("id"), row.getString("name"), row.getString("content_type"),
        row.getLong("size")), row.getLong("dialog_id"), row.getLong("uploader_id"), row.getString("sha256"),
        settings.dir().resolve(row.getString("path")), row.getLong("message_id"));
  }

  /**
   * Marks uploads older than {@code unsentAge} that no message carries, then deletes every marked
   * file and its row. Returns how many files it deleted.
   */
  public Future<Integer> sweep(Duration unsentAge) {
    return pool.preparedQuery("""
            UPDATE chat.attachments SET removed_at = now()
            WHERE message_id IS NULL AND removed_at IS NULL AND created_at < now() - $1::bigint * interval '1 second'""")
        .execute(Tuple.of(unsentAge.toSeconds()))
        .compose(ignored -> pool.query("SELECT id, path FROM chat.attachments WHERE removed_at IS NOT NULL"
            + " ORDER BY id LIMIT 1000").execute())
        .compose(rows -> {
          List<Long> ids = new ArrayList<>();
          List<Path> files = new ArrayList<>();
          rows.forEach(row -> {
            ids.add(row.getLong(0));
            files.add(settings.dir().resolve(row.getString(1)));
          });
          if (ids.isEmpty()) {
            return Future.succeededFuture(0);
          }
          return vertx.executeBlocking(() -> {
            for (Path file : files) {
              Files.deleteIfExists(file);
            }
            return null;
          }, false).compose(ignored -> pool.preparedQuery("DELETE FROM chat.attachments WHERE id = ANY($1)")
              .execute(Tuple.of(ids.toArray(Long[]::new)))).map(ids.size());
        });
  }

  /** What the check of a received file found. */
  private record Checked(String type, long size, String sha256) {
  }

  private Checked check(Path file, String declaredType) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      throw LinehubException.badRequest("file: empty");
    }
    if (size > settings.maxBytes()) {
      throw new LinehubException(ErrorCode.PAYLOAD_TOO_LARGE, "file: at most " + settings.maxBytes() + " bytes");
    }
    byte[] head = new byte[16];
    int headLength;
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      headLength = in.readNBytes(head, 0, head.length);
      sha256.update(head, 0, headLength);
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    String type = contentType(declaredType, java.util.Arrays.copyOf(head, headLength));
    if (!settings.types().contains(type)) {
      throw new LinehubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "file: " + type + " is not accepted here");
    }
    return new Checked(type, size, HexFormat.of().formatHex(sha256.digest()));
  }

  /**
   * The media type to store: the declared one (lower case, without parameters) when the content
   * agrees with it; for a generic or missing declaration, the type the signature shows. A file
   * whose signature contradicts its declared type is refused: a page cannot be passed off as an
   * image.
   */
  static String contentType(String declared, byte[] head) {
    String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
    String sniffed = Signatures.detect(head);
    if (type.isEmpty() || "application/octet-stream".equals(type)) {
      if (sniffed == null) {
        throw new LinehubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "file: send it with its Content-Type; its content has no signature we know");
      }
      return sniffed;
    }
    if (!Signatures.agrees(type, head)) {
      throw new LinehubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "file: its content is not " + type);
    }
    return type;
  }

  /** The uploader's file name without path parts or control characters, shortened; "file" when nothing is left. */
  static String cleanName(String raw) {
    String name = raw == null ? "" : raw;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    StringBuilder clean = new StringBuilder();
    name.codePoints().filter(c -> !Character.isISOControl(c) && c != '"').forEach(clean::appendCodePoint);
    String out = clean.toString().strip();
    if (out.isEmpty() || out.equals(".") || out.equals("..")) {
      return "file";
    }
    return out.length() > MAX_NAME ? out.substring(0, MAX_NAME) : out;
  }

  /** Deletes a file quietly (an upload that failed half-way). */
  void discard(Path file) {
    vertx.executeBlocking(() -> Files.deleteIfExists(file), false)
        .onFailure(e -> LOG.warn("cannot delete {}: {}", file, e.toString()));
  }
}

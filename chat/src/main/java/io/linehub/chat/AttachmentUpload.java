package io.linehub.chat;

import io.linehub.api.auth.Caller;
import io.linehub.api.chat.AttachmentGuests;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code POST /api/v1/chat/dialogs/{dialogId}/attachments}: a file as the {@code file} part of a
 * {@code multipart/form-data} body, streamed to disk (never held in memory) and answered 201 with
 * the attachment once it is durable. Mounted on the root router, ahead of {@code /api/v1}'s body
 * limit: the request stays paused until the bearer token and the membership are checked, so a
 * refused upload is not read at all. A Content-Length over the limit is refused before a byte is
 * read; a chunked body is refused as soon as the file passes it. The same code takes guests'
 * uploads (site visitors, {@link #forGuests}): only who uploads, and how that is checked, differ.
 */
final class AttachmentUpload implements ApiRoutes {

  static final String PATH = "/api/v1/chat/dialogs/:dialogId/attachments";
  /** Room for the multipart framing around the file (boundaries, part headers). */
  static final long MULTIPART_OVERHEAD = 64 * 1024;
  /**
   * A refused upload's body is read and dropped for at most this long and this much before the
   * connection is cut (a web server's "lingering close"): enough for a client that sends the body
   * before it reads the answer, and no more for one that keeps sending.
   */
  static final long DRAIN_MILLIS = 10_000;
  static final long DRAIN_BYTES = 16L * 1024 * 1024;

  private final String path;
  /** Who uploads, and where to; called with the request paused (a refusal reads no body). */
  private final Function<RoutingContext, Future<Attachments.Uploader>> gate;
  private final Attachments attachments;

  private AttachmentUpload(String path, Function<RoutingContext, Future<Attachments.Uploader>> gate,
      Attachments attachments) {
    this.path = path;
    this.gate = gate;
    this.attachments = attachments;
  }

  /** People's uploads to a dialog of theirs, with their bearer token: {@link #PATH}. */
  static AttachmentUpload forMembers(AuthenticationProvider tokens, PgChatStore store, Attachments attachments) {
    return new AttachmentUpload(PATH, ctx -> {
      long dialogId = Fields.idParam(ctx, "dialogId");
      return authenticate(tokens, ctx).compose(caller -> store.isMember(dialogId, caller.userId())
          .compose(member -> member ? Future.succeededFuture(Attachments.Uploader.member(dialogId, caller.userId()))
              : Future.failedFuture(LinehubException.forbidden("you are not a member of dialog " + dialogId))));
    }, attachments);
  }

  /** Guests' uploads (site visitors), on the path and with the credentials {@code guests} knows. */
  static AttachmentUpload forGuests(AttachmentGuests guests, Attachments attachments) {
    return new AttachmentUpload(guests.uploadPath(), ctx -> guests.identify(ctx)
        .map(guest -> Attachments.Uploader.guest(guest.uploaderRef())), attachments);
  }

  @Override
  public void mount(Router root) {
    root.post(path).handler(this::upload);
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    Future<Attachments.Uploader> uploader;
    try {
      checkFraming(request);
      uploader = gate.apply(ctx);
    } catch (LinehubException refused) {
      refuseUnread(ctx, refused);
      return;
    }
    uploader.onComplete(who -> {
      if (who.failed()) {
        refuseUnread(ctx, who.cause());
        return;
      }
      receive(ctx).compose(file -> attachments.keep(who.result(), file.path(), file.contentType(), file.name()))
          .onSuccess(attachment -> Replies.json(ctx, 201, ChatJson.attachment(attachment)))
          .onFailure(failure -> refuse(ctx, failure));
    });
  }

  /**
   * Refuses an upload before its body was read: answers, then reads the body and drops it (at most
   * {@link #DRAIN_MILLIS} and {@link #DRAIN_BYTES}) so the request ends and the server closes the
   * connection after the answer. Left paused, the request never ended and the server never closed
   * the connection (it waits for the request's end): a client still writing a body larger than the
   * sockets' buffers then waited for ever, and the connection stayed open. Closing at once instead,
   * with the body unread, makes the kernel reset the connection, which can destroy the answer
   * before the client reads it (a browser then shows "connection reset" instead of the 413).
   */
  private static void refuseUnread(RoutingContext ctx, Throwable failure) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    long[] dropped = new long[1];
    long cut = ctx.vertx().setTimer(DRAIN_MILLIS, fired -> connection.close());
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > DRAIN_BYTES) {
        ctx.vertx().cancelTimer(cut);
        connection.close();
      }
    });
    request.exceptionHandler(ignored -> ctx.vertx().cancelTimer(cut));
    request.endHandler(ended -> ctx.vertx().cancelTimer(cut));
    refuse(ctx, failure);
    request.resume();
  }

  private void checkFraming(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      throw new LinehubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the file as the part named file of a multipart/form-data body");
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return; // chunked: the limit is kept while the file streams in
    }
    long bytes;
    try {
      bytes = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw LinehubException.badRequest("Content-Length: not a number");
    }
    if (bytes > attachments.settings().maxBytes() + MULTIPART_OVERHEAD) {
      throw tooLarge();
    }
  }

  private LinehubException tooLarge() {
    return new LinehubException(ErrorCode.PAYLOAD_TOO_LARGE, "file: at most " + attachments.settings().maxBytes()
        + " bytes");
  }

  private static Future<Caller> authenticate(AuthenticationProvider tokens, RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(LinehubException.unauthorized("missing or invalid bearer token"));
    }
    return tokens.authenticate(new TokenCredentials(header.substring(7).trim()))
        .recover(invalid -> Future.failedFuture(LinehubException.unauthorized("missing or invalid bearer token")))
        .map(Caller::of);
  }

  /** A file received whole into {@code .incoming/}. */
  private record Received(Path path, String contentType, String name) {
  }

  /**
   * Reads the body: the part named {@code file} streams to disk with back-pressure and the size
   * limit kept as it comes (a chunked body has no length up front); other parts are dropped.
   */
  private Future<Received> receive(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Promise<Received> received = Promise.promise();
    Path incoming = attachments.incomingFile();
    Promise<Void> written = Promise.promise();
    boolean[] seen = new boolean[1];
    String[] meta = new String[2];
    request.setExpectMultipart(true);
    request.uploadHandler(upload -> {
      if (seen[0] || !"file".equals(upload.name())) {
        drop(upload);
        return;
      }
      seen[0] = true;
      meta[0] = upload.contentType();
      meta[1] = upload.filename();
      upload.pause();
      ctx.vertx().fileSystem().open(incoming.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
          .onFailure(written::tryFail)
          .onSuccess(file -> write(upload, file, written));
    });
    request.exceptionHandler(received::tryFail);
    request.end().onComplete(ended -> {
      if (ended.failed()) {
        received.tryFail(ended.cause());
      } else if (!seen[0]) {
        received.tryFail(LinehubException.badRequest("no part named file in the form"));
      } else {
        written.future().onComplete(done -> {
          if (done.succeeded()) {
            received.tryComplete(new Received(incoming, meta[0], meta[1]));
          } else {
            received.tryFail(done.cause());
          }
        });
      }
    });
    // Too large: answered at once, not after the rest of the body.
    written.future().onFailure(received::tryFail);
    request.resume();
    return received.future().onFailure(ignored -> attachments.discard(incoming));
  }

  private void write(HttpServerFileUpload upload, AsyncFile file, Promise<Void> written) {
    long max = attachments.settings().maxBytes();
    long[] size = new long[1];
    upload.handler(chunk -> {
      if (written.future().isComplete()) {
        return;
      }
      size[0] += chunk.length();
      if (size[0] > max) {
        file.close();
        written.tryFail(tooLarge());
        return;
      }
      file.write(chunk);
      if (file.writeQueueFull()) {
        upload.pause();
        file.drainHandler(ignored -> upload.resume());
      }
    });
    upload.exceptionHandler(failure -> {
      file.close();
      written.tryFail(failure);
    });
    upload.endHandler(ignored -> {
      if (!written.future().isComplete()) {
        file.close().onComplete(written);
      }
    });
    upload.resume();
  }

  private static void drop(HttpServerFileUpload upload) {
    upload.handler(ignored -> { });
  }

  /**
   * Answers a refusal; when the body was not read whole, the connection closes after the answer
   * (Vert.x closes it once the request has ended: see {@link #refuseUnread}).
   */
  private static void refuse(RoutingContext ctx, Throwable failure) {
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    ctx.fail(failure);
  }
}

package io.linehub.chat;

import io.linehub.api.chat.AttachmentGuests;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Sends an attachment's file, the same way whoever asks: an ETag of its content, private caching,
 * and headers that keep a browser from running an uploaded file as a page of Linehub's origin.
 * As a route it serves guests (site visitors, {@link AttachmentGuests}); people's downloads are
 * {@code GET /api/v1/chat/attachments/{id}} in {@link ChatApi}.
 */
final class AttachmentDownload implements ApiRoutes {

  /** Types a browser may show in place; everything else is offered as a download. */
  private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
      "application/pdf", "text/plain");

  private final AttachmentGuests guests;
  private final Attachments attachments;

  AttachmentDownload(AttachmentGuests guests, Attachments attachments) {
    this.guests = guests;
    this.attachments = attachments;
  }

  @Override
  public void mount(Router root) {
    root.get(guests.downloadPath()).handler(ctx -> {
      long id;
      try {
        id = Fields.idParam(ctx, "attachmentId");
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      guests.identify(ctx).compose(guest -> attachments.readable(id, guest))
          .onSuccess(stored -> send(ctx, stored))
          .onFailure(ctx::fail);
    });
  }

  static void send(RoutingContext ctx, Attachments.Stored stored) {
    var a = stored.attachment();
    String etag = "\"" + stored.sha256() + "\"";
    var response = ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "private, max-age=86400")
        // The file is the uploader's: never let a browser run it as a page of this origin.
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
      return;
    }
    String type = a.contentType().startsWith("text/") ? a.contentType() + "; charset=utf-8" : a.contentType();
    response.putHeader("Content-Type", type)
        .putHeader("Content-Disposition", disposition(INLINE.contains(a.contentType()) || a.contentType()
            .startsWith("audio/") || a.contentType().startsWith("video/") ? "inline" : "attachment", a.name()))
        .sendFile(stored.file().toString())
        .onFailure(ctx::fail);
  }

  /** Content-Disposition with an ASCII fallback name and the exact name in RFC 5987 form. */
  static String disposition(String kind, String name) {
    String ascii = name.replaceAll("[^\\x20-\\x7E]|[\\\\\"]", "_");
    String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}

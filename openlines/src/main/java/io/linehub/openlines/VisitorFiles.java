package io.linehub.openlines;

import io.linehub.api.chat.AttachmentGuest;
import io.linehub.api.chat.AttachmentGuests;
import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.GuestUploads;
import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Site visitors' files (docs/site-chat-protocol.md §4). Chat keeps them, with its own limits and
 * checks; this says who a visitor is — their token, as {@code Authorization: Bearer} or
 * {@code ?token=} (a link cannot carry a header) — whose uploads are theirs (their customer key, so
 * a verified site user's on every browser) and which dialogs' files they may fetch: their own
 * sessions'.
 */
final class VisitorFiles implements AttachmentGuests {

  static final String UPLOAD_PATH = "/api/v1/site/:channelId/attachments";
  static final String DOWNLOAD_PATH = UPLOAD_PATH + "/:attachmentId";

  private final Vertx vertx;
  private final SiteApi site;
  private final SessionStore sessions;

  VisitorFiles(Vertx vertx, SiteApi site, SessionStore sessions) {
    this.vertx = vertx;
    this.site = site;
    this.sessions = sessions;
  }

  /** Where the widget fetches an attachment of the conversation (with the token in a header). */
  static String url(String channelId, long attachmentId) {
    return "/api/v1/site/" + channelId + "/attachments/" + attachmentId;
  }

  @Override
  public String uploadPath() {
    return UPLOAD_PATH;
  }

  @Override
  public String downloadPath() {
    return DOWNLOAD_PATH;
  }

  @Override
  public Future<AttachmentGuest> identify(RoutingContext ctx) {
    String channelId = ctx.pathParam("channelId");
    String token = token(ctx);
    if (token == null) {
      return Future.failedFuture(LinehubException.unauthorized("a visitor token is required"));
    }
    return site.visited(channelId, token).map(SiteApi.Visited::visitor)
        .compose(visitor -> sessions.dialogsOf(channelId, visitor.customerKey())
            .map(dialogs -> new AttachmentGuest(visitor.uploaderRef(), dialogs)));
  }

  /**
   * Checks the files a visitor's message names: each must be their own upload, not sent before.
   * A resend of a stored message passes (its files are sent by then, in that very message).
   */
  Future<Void> checkSendable(Channel channel, Visitors.Visitor visitor, String clientId, List<Long> ids,
      Engine engine) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return engine.visitorResent(channel, visitor, clientId).compose(resent -> resent ? Future.<Void>succeededFuture()
        : vertx.eventBus().<GuestUploads>request(ChatAddresses.GUEST_UPLOADS,
                new GuestUploads(visitor.uploaderRef(), ids), new DeliveryOptions().setSendTimeout(10_000))
            .recover(e -> Future.failedFuture(LinehubException.from(e)))
            .compose(reply -> reply.body().attachmentIds().size() == ids.size() ? Future.<Void>succeededFuture()
                : Future.failedFuture(LinehubException.badRequest(
                    "attachments: each must be a file you uploaded here and have not sent yet"))));
  }

  private static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    String query = ctx.request().getParam("token");
    return query == null || query.isBlank() ? null : query;
  }
}

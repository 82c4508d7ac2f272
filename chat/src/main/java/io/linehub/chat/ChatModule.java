package io.linehub.chat;

import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.OpenSockets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.sqlclient.Pool;

/**
 * chat as the hub sees it: built with the shared pool and the token checker, it offers the REST
 * routes, the {@code /ws} WebSocket (mounted on the root router) and this node's fan-out, which
 * {@link #start()} subscribes to the chat events.
 */
public final class ChatModule {

  private final Chat chat;
  private final ChatFanout fanout;
  private final ChatApi api;
  private final ChatSocket socket;
  private final Attachments attachments;
  private final AttachmentUpload upload;
  private final ChatBus bus;

  /** @param open the node's open sockets, closed when their token stops being good */
  public ChatModule(Vertx vertx, Pool pool, AuthenticationProvider tokens, OpenSockets open,
      Attachments.Settings files) {
    this.attachments = new Attachments(vertx, pool, files);
    this.chat = new Chat(vertx, new PgChatStore(pool), attachments);
    this.fanout = new ChatFanout(vertx);
    this.api = new ChatApi(chat, fanout, attachments);
    this.socket = new ChatSocket(tokens, chat, fanout, open);
    this.upload = AttachmentUpload.forMembers(tokens, chat.store(), attachments);
    this.bus = new ChatBus(vertx, chat, attachments);
  }

  public Chat chat() {
    return chat;
  }

  /** REST under {@code /api/v1}. */
  public ApiRoutes routes() {
    return api;
  }

  /**
   * What mounts on the root router, authenticating itself: the WebSocket, and the attachment
   * upload (which must not pass through {@code /api/v1}'s in-memory body limit).
   */
  public java.util.List<ApiRoutes> rootRoutes() {
    return java.util.List.of(socket, upload);
  }

  /**
   * The guests' attachment routes, on the root router: uploads and downloads for people without a
   * Linehub account (site visitors), who {@code guests} identifies; same store, limits and checks.
   */
  public java.util.List<ApiRoutes> guestRoutes(io.linehub.api.chat.AttachmentGuests guests) {
    return java.util.List.of(AttachmentUpload.forGuests(guests, attachments), new AttachmentDownload(guests, attachments));
  }

  public Attachments attachments() {
    return attachments;
  }

  public Future<Void> start() {
    return attachments.start().compose(ignored -> fanout.start()).compose(ignored -> bus.start());
  }

  public Future<Void> stop() {
    attachments.stop();
    return bus.stop().compose(ignored -> fanout.stop());
  }

  /** Chat connections open on this node. */
  public int connections() {
    return fanout.connections();
  }
}

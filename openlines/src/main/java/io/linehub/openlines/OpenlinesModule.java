package io.linehub.openlines;

import io.linehub.api.web.ApiRoutes;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.email.EmailConnector;
import io.linehub.openlines.meta.MessengerConnector;
import io.linehub.openlines.meta.WhatsAppConnector;
import io.linehub.openlines.site.SiteConnector;
import io.linehub.openlines.telegram.TelegramConnector;
import io.linehub.openlines.viber.ViberConnector;
import io.linehub.openlines.vk.VkConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * openlines as the hub sees it: built with the shared pool, it offers the REST routes, the
 * provider webhooks (root router) and the engine that {@link #start()} runs.
 */
public final class OpenlinesModule {

  /** The connectors Linehub ships, and each provider's API base URL when a channel names none. */
  static final List<Connector> CONNECTORS = List.of(new TelegramConnector(), new VkConnector(),
      new WhatsAppConnector(), new MessengerConnector(), new ViberConnector(), new SiteConnector(),
      new EmailConnector());
  static final Map<String, String> BASE_URLS = Map.of(
      TelegramConnector.KIND, TelegramConnector.DEFAULT_BASE_URL,
      VkConnector.KIND, VkConnector.DEFAULT_BASE_URL,
      WhatsAppConnector.KIND, WhatsAppConnector.DEFAULT_BASE_URL,
      MessengerConnector.KIND, MessengerConnector.DEFAULT_BASE_URL,
      ViberConnector.KIND, ViberConnector.DEFAULT_BASE_URL,
      // no provider: the visitors' socket is Linehub's own
      SiteConnector.KIND, "http://localhost",
      // mail goes over IMAP and SMTP, configured in the channel's settings
      EmailConnector.KIND, "http://localhost");

  private final Engine engine;
  private final OpenlinesApi api;
  private final Webhooks webhooks;
  private final SiteApi site;
  private final VisitorSocket visitors;
  private final CallbacksNow callbacks;
  private final VisitorFiles visitorFiles;

  /**
   * @param process whether this node works the inbox and the outbox; false makes an ingest-only
   *     node that commits webhooks and leaves them to the nodes that process
   */
  public OpenlinesModule(Vertx vertx, Pool pool, boolean process) {
    ChannelStore channels = new ChannelStore(pool);
    SessionStore sessions = new SessionStore(pool);
    LineSettings.Store lines = new LineSettings.Store(pool);
    this.engine = new Engine(vertx, channels, new Inbox(pool), sessions, new Outbox(pool), lines,
        new io.linehub.openlines.email.MailStore(pool), CONNECTORS,
        Clock.systemUTC(), process);
    this.api = new OpenlinesApi(channels, sessions, lines, engine, BASE_URLS);
    this.webhooks = new Webhooks(channels, engine);
    Visitors visitorStore = new Visitors(pool);
    this.callbacks = new CallbacksNow(vertx);
    this.site = new SiteApi(channels, visitorStore, callbacks);
    this.visitorFiles = new VisitorFiles(vertx, site, sessions);
    this.visitors = new VisitorSocket(vertx, site, engine, visitorFiles);
  }

  /** The site chat widget's public REST (visitor tokens), under {@code /api/v1} without a token. */
  public ApiRoutes siteRoutes() {
    return site;
  }

  /** The website visitors' WebSocket, on the root router. */
  public ApiRoutes visitorSocket() {
    return visitors;
  }

  /** Who site visitors are, for chat's guest attachment routes (their uploads and downloads). */
  public io.linehub.api.chat.AttachmentGuests visitorFiles() {
    return visitorFiles;
  }

  /** Visitor connections open on this node. */
  public int visitorConnections() {
    return visitors.connections();
  }

  /** REST under {@code /api/v1}. */
  public ApiRoutes routes() {
    return api;
  }

  /** The providers' webhooks, on the root router. */
  public ApiRoutes webhooks() {
    return webhooks;
  }

  public Future<Void> start() {
    return visitors.start().compose(ignored -> callbacks.start()).compose(ignored -> engine.start());
  }

  public Future<Void> stop() {
    return engine.stop().compose(ignored -> callbacks.stop()).compose(ignored -> visitors.stop());
  }

  public long webhooksStored() {
    return engine.webhooksStored();
  }

  public long repliesSent() {
    return engine.repliesSent();
  }

  public long repliesFailed() {
    return engine.repliesFailed();
  }
}

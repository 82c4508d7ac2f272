package io.linehub.server;

import io.linehub.api.bus.Contracts;
import io.linehub.api.web.OpenSockets;
import io.linehub.chat.Attachments;
import io.linehub.chat.ChatModule;
import io.linehub.openlines.OpenlinesModule;
import io.linehub.crm.CrmModule;
import io.linehub.crm.CrmSettings;
import io.linehub.server.auth.Accounts;
import io.linehub.server.auth.AuthApi;
import io.linehub.server.auth.PasswordHasher;
import io.linehub.server.auth.PgUserStore;
import io.linehub.server.auth.User;
import io.linehub.server.auth.SigningKeys;
import io.linehub.server.auth.UsersApi;
import io.linehub.server.config.LinehubConfig;
import io.linehub.server.db.Database;
import io.linehub.server.http.ApiRouter;
import io.linehub.server.http.HttpVerticle;
import io.linehub.server.lines.LineCatalog;
import io.linehub.server.lines.LineStore;
import io.linehub.server.lines.LinesApi;
import io.linehub.server.lines.LinesBootstrap;
import io.linehub.server.lines.PgLineStore;
import io.linehub.server.ops.HubMetrics;
import io.linehub.server.routing.PgClaimStore;
import io.linehub.server.sip.PgSipAccounts;
import io.linehub.server.sip.PgTrunkStore;
import io.linehub.server.calls.CallStore;
import io.linehub.server.calls.CallsApi;
import io.linehub.server.calls.LiveCalls;
import io.linehub.server.sip.ClickToCallApi;
import io.linehub.server.sip.SipPasswordApi;
import io.linehub.server.sip.TrunksApi;
import io.linehub.sip.TrunkDirectory;
import io.linehub.sip.TrunkStatus;
import io.linehub.sip.SipSettings;
import io.linehub.sip.SipVerticle;
import io.linehub.server.routing.RoutingApi;
import io.linehub.server.routing.RoutingVerticle;
import io.linehub.server.ops.OpsApi;
import io.linehub.server.ops.Readiness;
import io.linehub.server.supervisor.SupervisorApi;
import io.linehub.server.supervisor.SupervisorSocket;
import io.linehub.server.supervisor.SupervisorVerticle;
import io.linehub.server.reports.PgReports;
import io.linehub.server.reports.ReportsApi;
import io.linehub.server.reports.RoutingJournal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.linehub.server.auth.TokenGate;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every collaborator from the validated config, deploys the
 * verticles and stops them in reverse order. Only this class and {@link Main} wire modules.
 */
public final class Hub {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  /** Module schemas in migration order; each module owns {@code classpath:db/<schema>}. */
  static final List<String> SCHEMAS = List.of("hub", "crm", "chat", "openlines");

  private final Vertx vertx;
  private final LinehubConfig config;
  private final Readiness readiness;
  private final AtomicInteger httpPort = new AtomicInteger();
  private Database database;
  private CrmModule crm;
  private LineStore lines;
  private final LineCatalog catalog = new LineCatalog();
  private final LiveCalls liveCalls = new LiveCalls();
  private final AtomicInteger sipPort = new AtomicInteger();
  private volatile SipVerticle sipVerticle;
  private ChatModule chat;
  /** The signed-in users' sockets on this node, closed when their token stops being good. */
  private OpenSockets openSockets;
  private OpenlinesModule openlines;
  private PgSipAccounts sipAccounts;
  private final TrunkDirectory trunkDirectory = new TrunkDirectory();
  private final TrunkStatus trunkStatus = new TrunkStatus();
  private TrunksApi trunks;
  private Optional<String> generatedAdminPassword = Optional.empty();

  private Hub(Vertx vertx, LinehubConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.readiness = new Readiness(vertx);
  }

  /** Starts a whole Linehub; the future fails with the first reason startup could not finish. */
  public static Future<Hub> start(LinehubConfig config) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Contracts.registerCodecs(vertx);
    Hub hub = new Hub(vertx, config);
    // A promise without a context: after a failed start the stop closes Vert.x, and a future bound
    // to one of its event loops would never deliver the failure to the caller.
    io.vertx.core.Promise<Hub> started = io.vertx.core.Promise.promise();
    hub.wire(registry).onComplete(ar -> {
      if (ar.succeeded()) {
        started.complete(hub);
      } else {
        hub.stop().onComplete(stopped -> started.fail(ar.cause()));
      }
    });
    return started.future();
  }

  private Future<Void> wire(PrometheusMeterRegistry registry) {
    return Database.start(vertx, config, SCHEMAS)
        .compose(db -> {
          database = db;
          // Both read files (the key, libphonenumber's metadata): a worker, not the event loop.
          return vertx.executeBlocking(() -> {
            crm = new CrmModule(vertx, database.pool(),
                new CrmSettings(config.crm().defaultRegion(), config.crm().defaultPolicy()));
            return SigningKeys.jwt(vertx, config.dataDir());
          }, false);
        })
        .compose(signed -> {
          var users = new PgUserStore(database.pool());
          // Every check of a token (REST, sockets, uploads) also asks whether the user still stands.
          TokenGate jwt = new TokenGate(vertx, signed, users);
          // Modules that show staff by name (the site widget's operator) ask for it over the bus.
          vertx.eventBus().<Long>consumer(io.linehub.api.users.UserAddresses.DISPLAY_NAME, m ->
              io.linehub.api.bus.BusReplies.reply(m, users.byId(m.body())
                  .map(user -> user.map(User::displayName).orElse(null))));
          lines = new PgLineStore(database.pool());
          sipAccounts = new PgSipAccounts(database.sipPool(), config.sip().realm());
          trunks = new TrunksApi(vertx, new PgTrunkStore(database.pool()), trunkDirectory, trunkStatus);
          var accounts = new Accounts(vertx, users, new PasswordHasher(), jwt, config.tokenTtl(),
              new HubMetrics(registry));
          openSockets = new OpenSockets(vertx, jwt);
          return jwt.start().compose(ignored -> openSockets.start())
              .compose(ignored -> accounts.bootstrapAdmin(config.adminPassword()))
              .onSuccess(password -> generatedAdminPassword = password)
              .compose(ignored -> config.linesFile()
                  .map(file -> LinesBootstrap.run(vertx, lines, file).<Void>mapEmpty())
                  .orElse(Future.succeededFuture()))
              .compose(ignored -> deploy("crm-link", new CrmVerticle(crm), 1))
              .compose(ignored -> {
                chat = new ChatModule(vertx, database.pool(), jwt, openSockets, new Attachments.Settings(
                    config.dataDir().resolve("attachments"), config.chat().attachmentMaxBytes(),
                    config.chat().attachmentTypes()));
                io.micrometer.core.instrument.Gauge.builder("linehub.chat.connections", chat, ChatModule::connections)
                    .description("Chat WebSocket connections open on this node").register(registry);
                return deploy("chat", new ChatVerticle(chat), 1);
              })
              // Listeners of routing's events first, so they see what routing publishes as it starts.
              .compose(ignored -> deploy("supervisor", new SupervisorVerticle(Clock.systemUTC(), catalog::get), 1))
              .compose(ignored -> deploy("journal", new RoutingJournal(database.pool()), 1))
              // Before sip-bridge: the store must see every call's first event.
              .compose(ignored -> deploy("calls", new CallStore(database.pool(), liveCalls), 1))
              .compose(ignored -> deploy("routing", new RoutingVerticle(new StoredLines(lines), catalog,
                  new PgClaimStore(database.pool()), registry), 1))
              // After chat and routing: the engine posts into dialogs and enqueues sessions.
              .compose(ignored -> {
                openlines = new OpenlinesModule(vertx, database.pool(), config.openlines().process());
                io.micrometer.core.instrument.FunctionCounter.builder("linehub.openlines.webhooks.stored", openlines,
                    OpenlinesModule::webhooksStored).description("Provider webhooks committed to the inbox")
                    .register(registry);
                io.micrometer.core.instrument.FunctionCounter.builder("linehub.openlines.replies.sent", openlines,
                    OpenlinesModule::repliesSent).description("Operators' replies accepted by the provider")
                    .register(registry);
                io.micrometer.core.instrument.FunctionCounter.builder("linehub.openlines.replies.failed", openlines,
                    OpenlinesModule::repliesFailed).description("Operators' replies the provider refused for good")
                    .register(registry);
                io.micrometer.core.instrument.Gauge.builder("linehub.openlines.visitor.connections", openlines,
                    OpenlinesModule::visitorConnections).description("Website visitors' chat sockets open on this node")
                    .register(registry);
                return deploy("openlines", new OpenlinesVerticle(openlines), 1);
              })
              .compose(ignored -> trunks.reload())
              // After routing: the registrar's registration changes are routing's input.
              .compose(ignored -> deploy("sip", sip(registry), 1))
              .compose(ignored -> deployHttp(jwt, accounts, users, registry));
        });
  }

  /** The SIP verticle, with gauges of what it holds: a leak shows as a climbing count. */
  private SipVerticle sip(PrometheusMeterRegistry registry) {
    var sip = new SipVerticle(SipSettings.of(config.sip().host(), config.sip().port(), config.sip().advertisedHost(),
        config.sip().realm(), config.sip().keepAlive(), config.sip().overloadLag()), sipAccounts,
        new io.linehub.server.sip.PgSipBindings(database.sipPool()), trunkDirectory, trunkStatus, catalog.sipLines(),
        Clock.systemUTC(), sipPort);
    sipVerticle = sip;
    io.micrometer.core.instrument.Gauge.builder("linehub.sip.calls.live", sip, SipVerticle::liveCalls)
        .description("Calls the B2BUA holds now").register(registry);
    io.micrometer.core.instrument.Gauge.builder("linehub.sip.legs.live", sip, SipVerticle::liveLegs)
        .description("Call legs (dialogs) the B2BUA holds now").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("linehub.sip.calls.refused.overload", sip,
        SipVerticle::refusedForOverload)
        .description("New calls answered 503 because the B2BUA was behind (sip.overloadLagMs)").register(registry);
    String transactions = "SIP transactions the stack holds, finished ones waiting out their timers (32 s on UDP) "
        + "included";
    io.micrometer.core.instrument.Gauge.builder("linehub.sip.transactions.live", sip, SipVerticle::serverTransactions)
        .tag("side", "server").description(transactions).register(registry);
    io.micrometer.core.instrument.Gauge.builder("linehub.sip.transactions.live", sip, SipVerticle::clientTransactions)
        .tag("side", "client").description(transactions).register(registry);
    String dropped = "UDP datagrams dropped: longer than the largest SIP message taken (16 KiB), or the SIP stack "
        + "failed on them";
    io.micrometer.core.instrument.FunctionCounter.builder("linehub.sip.datagrams.dropped", sip,
        SipVerticle::oversizedDatagrams).tag("reason", "oversized").description(dropped).register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("linehub.sip.datagrams.dropped", sip,
        SipVerticle::failedDatagrams).tag("reason", "failed").description(dropped).register(registry);
    return sip;
  }

  private Future<Void> deployHttp(JWTAuth jwt, Accounts accounts, PgUserStore users, PrometheusMeterRegistry registry) {
    var router = new ApiRouter(vertx, jwt, new AuthApi(accounts),
        new OpsApi(readiness, timeout -> database.ping(timeout), registry),
        List.of(new UsersApi(accounts, users), crm.routes(), chat.routes(), openlines.routes(), openlines.siteRoutes(), new SupervisorApi(), new RoutingApi(vertx),
            new LinesApi(lines, vertx.eventBus(), Clock.systemUTC()), new SipPasswordApi(users, sipAccounts), trunks,
            new ClickToCallApi(vertx), new CallsApi(database.pool(), liveCalls),
            new ReportsApi(new PgReports(database.pool(), Clock.systemUTC()), Clock.systemUTC())),
        config.http().bodyLimitBytes(), java.util.stream.Stream.concat(java.util.stream.Stream.of(new SupervisorSocket(jwt, openSockets), openlines.webhooks(),
            openlines.visitorSocket(), new io.linehub.widget.WebPages()),
            java.util.stream.Stream.concat(chat.rootRoutes().stream(),
                // Site visitors' files: chat keeps them, openlines says who a visitor is.
                chat.guestRoutes(openlines.visitorFiles()).stream())).toList());
    var options = new HttpServerOptions()
        .setHost(config.http().host())
        .setPort(config.http().port())
        .setMaxFormAttributeSize(8192)
        .setCompressionSupported(true);
    return vertx.deployVerticle(() -> new HttpVerticle(options, router::build, config.shutdownTimeout(), httpPort),
            new DeploymentOptions().setInstances(config.http().instances()))
        .onSuccess(id -> readiness.deployed("http", id))
        .onSuccess(id -> LOG.info("HTTP listening on {}:{} ({} event loops)", config.http().host(), httpPort.get(),
            config.http().instances()))
        .mapEmpty();
  }

  private Future<Void> deploy(String name, io.vertx.core.Deployable verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> readiness.deployed(name, id))
        .mapEmpty();
  }

  /** Stops accepting, lets in-flight work finish, closes the pool, stops PostgreSQL, closes Vert.x. */
  public Future<Void> stop() {
    readiness.stopping();
    // Reverse deployment order: HTTP stops accepting and drains before the modules it calls go.
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : readiness.deploymentIdsNewestFirst()) {
      undeployed = undeployed.compose(ignored -> vertx.undeploy(id)
          .recover(failure -> {
            LOG.warn("Undeploy failed [deployment: {}]", id, failure);
            return Future.succeededFuture();
          }));
    }
    return undeployed
        .eventually(() -> database == null ? Future.succeededFuture() : database.close())
        .eventually(vertx::close)
        .onComplete(ar -> LOG.info("Linehub stopped"));
  }

  public int httpPort() {
    return httpPort.get();
  }

  /** The SIP port in use (UDP and TCP). */
  /** The SIP verticle once deployed (null before), for diagnostics and tests. */
  public SipVerticle sipVerticle() {
    return sipVerticle;
  }

  public int sipPort() {
    return sipPort.get();
  }

  /** The shared database pool (for tests and diagnostics). */
  public io.vertx.sqlclient.Pool pool() {
    return database.pool();
  }

  /** The lines as stored; routing reads them from here and rereads one on {@code hub.lines.changed}. */
  public LineStore lines() {
    return lines;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }
}

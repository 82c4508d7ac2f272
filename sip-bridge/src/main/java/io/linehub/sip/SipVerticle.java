package io.linehub.sip;

import gov.nist.javax.sip.message.SIPMessage;
import io.linehub.api.routing.RoutingAddresses;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.text.ParseException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP endpoint of the hub: JAIN-SIP on UDP and TCP, and the stack's only {@link SipListener}.
 * JAIN-SIP calls back on its own threads; every event hops onto this verticle's context at once,
 * so the registrar's state is confined there and nothing of ours runs on a stack thread. The stack
 * itself is created and stopped on a worker: it binds sockets and starts threads.
 */
public final class SipVerticle extends VerticleBase implements SipListener {

  private static final Logger LOG = LoggerFactory.getLogger(SipVerticle.class);
  static final String ALLOW = "REGISTER, OPTIONS, INVITE, ACK, BYE, CANCEL, INFO, UPDATE, REFER, NOTIFY";

  private final SipSettings settings;
  private final SipAccounts accounts;
  private final TrunkDirectory trunks;
  private final TrunkStatus trunkStatus;
  private TrunkRegistrations registrations;
  private final LineLookup lines;
  private final Clock clock;
  private final AtomicInteger boundPort;
  /** The B2BUA's own event loop (see start) and what was registered on it. */
  private EventLoopGroup loop;
  private final java.util.List<MessageConsumer<?>> consumers = new java.util.ArrayList<>();
  private long probes = -1;
  private volatile SipStack stack;
  private SipProvider provider;
  private Registrar registrar;
  private SipFactories factories;
  private Bindings bindings;
  private final SipBindingStore bindingStore;
  private KeepAlive keepAlive;
  private volatile Calls calls;
  private final Overload overload;
  /** INVITEs from unknown sources in the log: the first, then one a minute (scanners send thousands). */
  private final LogThrottle unknownSources = new LogThrottle(java.time.Duration.ofMinutes(1));
  /** New calls refused for overload, for the metrics (written on the context, read from any thread). */
  private volatile long refusedForOverload;

  /** {@code boundPort} receives the port in use (the configured one, or a free one for port 0). */
  public SipVerticle(SipSettings settings, SipAccounts accounts, SipBindingStore bindingStore, TrunkDirectory trunks,
      TrunkStatus trunkStatus, LineLookup lines, Clock clock, AtomicInteger boundPort) {
    this.bindingStore = bindingStore;
    this.trunkStatus = trunkStatus;
    this.settings = settings;
    this.overload = new Overload(settings.overloadLag());
    this.accounts = accounts;
    this.trunks = trunks;
    this.lines = lines;
    this.clock = clock;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    // The B2BUA gets an event loop of its own. It is the busiest code of the hub (about 60% of a core
    // at 750 calls/s); on a loop Vert.x hands out in turn it shared a thread with the CRM's
    // screen-pop lookups and the call records, whose answers waited behind SIP work: routing gave up
    // on 17,000-29,000 of 45,000 cards at 750 calls/s (docs/sip.md, Threads; the hub also gives our
    // stores a pool of their own). A worker context instead collapsed once under the same load.
    // Vert.x's blocked-thread checker watches its thread like Vert.x's own loops.
    loop = new MultiThreadIoEventLoopGroup(1, LoopThreads.watched(vertx, "linehub-sip-b2bua"),
        NioIoHandler.newFactory());
    context = ((VertxInternal) vertx).contextBuilder().withThreadingModel(ThreadingModel.EVENT_LOOP)
        .withEventLoop(loop.next()).build();
    Promise<Void> started = Promise.promise();
    context.runOnContext(ignored -> begin().onComplete(started));
    return started.future().onFailure(failure -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
  }

  /** The start, on the B2BUA's own context: consumers and timers belong to it. */
  private Future<Void> begin() {
    bindings = new Bindings(vertx, bindingStore, changed -> vertx.eventBus().publish(
        RoutingAddresses.REGISTRATION_CHANGED, changed));
    // The phones registered before a restart are reachable at once, before the stack takes requests.
    var now = clock.instant();
    Future<Void> restored = bindingStore.live(now)
        .map(kept -> {
          bindings.restore(kept, now);
          if (!kept.isEmpty()) {
            LOG.info("Restored {} registered contacts", kept.size());
          }
          return (Void) null;
        })
        .otherwise(e -> {
          LOG.warn("Registrations kept before the restart not read, phones are known as they register: {}",
              e.toString());
          return null;
        });
    return restored.compose(ignored -> vertx.executeBlocking(this::open, false)).compose(port -> {
      boundPort.set(port);
      registrar = new Registrar(settings, accounts, new Digest(clock), new FailedLogins(clock), bindings, factories,
          clock);
      keepAlive = new KeepAlive(settings, factories, provider, port);
      calls = new Calls(vertx, provider, factories, bindings, lines, trunks, settings, port, clock);
      registrations = new TrunkRegistrations(vertx, provider, factories, settings, port, trunkStatus, clock);
      registrations.reconcile(trunks.all());
      probes = vertx.setPeriodic(settings.keepAlive().toMillis(), id -> keepAlive.probeAll(bindings.all()));
      LOG.info("SIP listening on {}:{} (UDP, TCP), realm {}", settings.host(), port, settings.realm());
      var bus = vertx.eventBus();
      consumers.addAll(java.util.List.of(
          bus.<io.linehub.api.routing.Offered>consumer(RoutingAddresses.OFFERED, m -> calls.offered(m.body())),
          bus.<io.linehub.api.routing.OfferWithdrawn>consumer(RoutingAddresses.OFFER_WITHDRAWN,
              m -> calls.withdrawn(m.body())),
          bus.<io.linehub.api.routing.FellBack>consumer(RoutingAddresses.FELL_BACK, m -> calls.fellBack(m.body())),
          bus.localConsumer(io.linehub.api.sip.SipAddresses.TRUNKS_CHANGED,
              m -> registrations.reconcile(trunks.all())),
          bus.<io.linehub.api.sip.Originate>localConsumer(io.linehub.api.sip.SipAddresses.ORIGINATE,
              m -> io.linehub.api.bus.BusReplies.reply(m, calls.originate(m.body()))),
          bus.<io.linehub.api.sip.TransferCall>localConsumer(io.linehub.api.sip.SipAddresses.TRANSFER,
              m -> io.linehub.api.bus.BusReplies.reply(m, calls.transfer(m.body()))),
          bus.<io.linehub.api.sip.HoldCall>localConsumer(io.linehub.api.sip.SipAddresses.HOLD,
              m -> io.linehub.api.bus.BusReplies.reply(m, calls.hold(m.body())))));
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).<Void>mapEmpty();
    });
  }

  /**
   * On the B2BUA's context: what it registered goes (its context is not the deployment's, so
   * undeploying would not do it), the stack stops on a worker, then the loop.
   */
  @Override
  public Future<?> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(ignored -> {
      if (registrations != null) {
        // Best effort: the un-REGISTERs leave before the stack stops; nobody waits for the answers.
        registrations.stopAll();
      }
      vertx.cancelTimer(probes);
      Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
          .transform(ignoredToo -> vertx.executeBlocking(() -> {
            if (stack != null) {
              provider.removeSipListener(this);
              stack.stop();
            }
            return null;
          }, false))
          .<Void>mapEmpty()
          .onComplete(stopped);
    });
    return stopped.future().andThen(ignored -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
  }

  private int open() throws Exception {
    int port = settings.port() == 0 ? freePort() : settings.port();
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    stack = factory.createSipStack(StackProperties.of(port));
    ListeningPoint udp = listen(port, ListeningPoint.UDP);
    ListeningPoint tcp = listen(port, ListeningPoint.TCP);
    provider = stack.createSipProvider(udp);
    provider.addListeningPoint(tcp);
    provider.addSipListener(this);
    factories = new SipFactories(factory.createMessageFactory(), factory.createHeaderFactory(),
        factory.createAddressFactory());
    return port;
  }

  /** A listening point, or a startup failure that names the address (sip.host / sip.port). */
  private ListeningPoint listen(int port, String transport) throws IOException {
    try {
      return stack.createListeningPoint(settings.host(), port, transport);
    } catch (Exception e) {
      stack.stop();
      stack = null;
      throw new IOException("SIP cannot listen on " + settings.host() + ":" + port + "/" + transport
          + " (sip.host, sip.port): " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
  }

  /** A port free for both UDP and TCP right now. */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port)) {
          return port;
        } catch (IOException taken) {
          // the UDP side is in use: try another
        }
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }

  @Override
  public void processRequest(RequestEvent event) {
    hop(() -> handle(event));
  }

  /** Runs a message's handling on the B2BUA's context, telling the overload guard how long it waited. */
  private void hop(Runnable handling) {
    long handedAt = System.nanoTime();
    context.runOnContext(ignored -> {
      long now = System.nanoTime();
      overload.observe(now - handedAt, now);
      handling.run();
    });
  }

  private void handle(RequestEvent event) {
    Request request = event.getRequest();
    try {
      switch (request.getMethod()) {
        case Request.REGISTER -> registrar.register(request, source(request))
            .onSuccess(response -> {
              if (response.getStatusCode() >= 400) {
                answer(event, response); // a challenge or a refusal: nothing kept (see answer())
              } else {
                send(event, response);
              }
            })
            .onFailure(e -> {
              LOG.error("REGISTER failed [call-id: {}]", callId(request), e);
              reply(event, Response.SERVER_INTERNAL_ERROR);
            });
        case Request.OPTIONS -> reply(event, Response.OK);
        case Request.ACK -> {
          // Acknowledges a final response of ours; nothing to do.
        }
        case Request.INVITE -> {
          if (((javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME)).getTag() != null) {
            inDialog(event, calls.inDialog(event));
          } else {
            invite(event);
          }
        }
        case Request.INFO, Request.UPDATE -> inDialog(event, calls.inDialog(event));
        case Request.REFER -> inDialog(event, calls.refer(event));
        case Request.NOTIFY -> reply(event, Response.OK);
        case Request.BYE -> {
          if (!calls.bye(event)) {
            reply(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          }
        }
        case Request.CANCEL -> {
          if (!calls.cancel(event)) {
            reply(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          }
        }
        // RFC 3261 §8.2.1: a method we know but do not serve is 405 with Allow; one we do not know, 501.
        case Request.SUBSCRIBE, Request.MESSAGE, Request.PUBLISH, Request.PRACK -> reply(event,
            Response.METHOD_NOT_ALLOWED);
        default -> reply(event, Response.NOT_IMPLEMENTED);
      }
    } catch (Exception e) {
      LOG.warn("Request refused [method: {}, call-id: {}]: {}", request.getMethod(), callId(request), e.toString());
      reply(event, Response.BAD_REQUEST);
    }
  }

  /**
   * Calls come from a trunk or from an agent's registered phone; anything else is refused with 403
   * before it costs more. The rest is the B2BUA's ({@link Calls}).
   */
  private void invite(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    if (!overload.admitNewCall()) {
      refuseForOverload(event);
      return;
    }
    String source = source(request);
    String extension = Registrar.extensionOf((javax.sip.header.FromHeader) request.getHeader(
        javax.sip.header.FromHeader.NAME));
    // A phone calling as an extension registered from this very address is an agent (a PBX and the
    // phones may share an address behind one NAT); otherwise the trunk, otherwise nobody we know.
    boolean agent = extension != null && bindings.hasHost(extension, source);
    if (!agent && trunks.bySource(source).isPresent()) {
      calls.invite(event);
      return;
    }
    if (!agent) {
      if (unknownSources.count()) {
        LOG.info("INVITE from an unknown source refused [source: {}, call-id: {}; refused in the last minute: {}]",
            source, callId(request), unknownSources.reported());
      }
      answer(event, factories.messages().createResponse(Response.FORBIDDEN, request));
      return;
    }
    // An agent's phone: it proves who it is like for REGISTER before it may ring anyone.
    registrar.authenticate(request, source, extension).onComplete(ar -> {
      try {
        if (ar.failed()) {
          reply(event, Response.SERVER_INTERNAL_ERROR);
        } else if (ar.result().refusal() != null) {
          answer(event, ar.result().refusal());
        } else {
          calls.fromAgent(event, ar.result().account());
        }
      } catch (Exception e) {
        LOG.warn("Call from an agent refused [call-id: {}]: {}", callId(request), e.toString());
        reply(event, Response.SERVER_INTERNAL_ERROR);
      }
    });
  }

  /**
   * 503 with Retry-After, sent statelessly: a refused call must cost no transaction, no dialog and
   * no timers, or shedding would add the load it is meant to remove. A retransmitted INVITE gets
   * another 503; the caller's ACK for it matches nothing and is dropped by the stack.
   */
  private void refuseForOverload(RequestEvent event) {
    refusedForOverload = overload.refused();
    if (overload.refused() % 1000 == 1) {
      LOG.warn("Overloaded: new calls refused with 503 [refused so far: {}, sip.overloadLagMs: {}]",
          overload.refused(), settings.overloadLag().toMillis());
    }
    try {
      Response busy = factories.messages().createResponse(Response.SERVICE_UNAVAILABLE, event.getRequest());
      busy.addHeader(factories.headers().createRetryAfterHeader(5));
      answer(event, busy);
    } catch (Exception e) {
      LOG.debug("503 not sent [call-id: {}]: {}", callId(event.getRequest()), e.toString());
    }
  }

  /**
   * Sends an answer that leaves nothing to follow up (a refusal, a challenge, OPTIONS) statelessly
   * when the stack made no transaction for the request: nothing is kept for Timer J or H (32 s on
   * UDP) after it. Whatever the Internet's SIP scanners send — OPTIONS and INVITEs from unknown
   * addresses, REGISTERs guessing passwords — costs the stack nothing after the answer, and cannot
   * fill its transaction table (past 80% of {@code MAX_SERVER_TRANSACTIONS} the stack drops
   * requests at random, real phones' included). A retransmitted request gets the same answer again;
   * the ACK to a refused INVITE matches nothing and is ignored. Challenges' nonces are stateless, so
   * a second one for a retransmission does no harm. Over TCP the answer goes back on the caller's
   * connection all the same.
   */
  private void answer(RequestEvent event, Response response) {
    if (event.getServerTransaction() != null) {
      send(event, response); // the stack's own (an in-dialog request): answered through it
      return;
    }
    try {
      var to = (javax.sip.header.ToHeader) response.getHeader(javax.sip.header.ToHeader.NAME);
      if (to != null && to.getTag() == null) {
        // RFC 3261 §8.2.6.2: a final response carries a To tag, or the caller's ACK cannot match it.
        to.setTag(Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
      }
      provider.sendResponse(response);
    } catch (ParseException | SipException e) {
      LOG.debug("Answer not sent [status: {}, call-id: {}]: {}", response.getStatusCode(),
          callId(event.getRequest()), e.toString());
    }
  }

  /** An in-dialog request for a call this node does not have: 481 (RFC 3261 §12.2.2). */
  private void inDialog(RequestEvent event, boolean handled) {
    if (!handled) {
      reply(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    }
  }

  private void reply(RequestEvent event, int status) {
    try {
      Response response = factories.messages().createResponse(status, event.getRequest());
      if (status == Response.METHOD_NOT_ALLOWED || status == Response.NOT_IMPLEMENTED || status == Response.OK) {
        response.addHeader(factories.headers().createAllowHeader(ALLOW));
      }
      answer(event, response);
    } catch (ParseException e) {
      LOG.warn("Cannot build a {} response: {}", status, e.toString());
    }
  }

  private void send(RequestEvent event, Response response) {
    try {
      ServerTransaction tx = event.getServerTransaction();
      if (tx == null) {
        tx = provider.getNewServerTransaction(event.getRequest());
      }
      tx.sendResponse(response);
    } catch (TransactionAlreadyExistsException retransmission) {
      // The stack answers a retransmitted request from its transaction; nothing to add.
    } catch (javax.sip.TransactionUnavailableException incomplete) {
      // A request too incomplete for a transaction (e.g. SUBSCRIBE without Contact) is answered statelessly.
      try {
        provider.sendResponse(response);
      } catch (SipException e) {
        LOG.warn("Response not sent [status: {}, call-id: {}]: {}", response.getStatusCode(),
            callId(event.getRequest()), e.toString());
      }
    } catch (SipException | InvalidArgumentException e) {
      LOG.warn("Response not sent [status: {}, call-id: {}]: {}", response.getStatusCode(),
          callId(event.getRequest()), e.toString());
    }
  }

  private static String source(Request request) {
    InetAddress address = request instanceof SIPMessage message ? message.getRemoteAddress() : null;
    return address == null ? "unknown" : address.getHostAddress();
  }

  private static String callId(Request request) {
    var header = (javax.sip.header.CallIdHeader) request.getHeader(javax.sip.header.CallIdHeader.NAME);
    return header == null ? null : header.getCallId();
  }

  @Override
  public void processResponse(ResponseEvent event) {
    // Keep-alive probes need nothing (any answer means the phone is there); transactions waiting for
    // their answer get it; call legs go to the B2BUA.
    if (event.getClientTransaction() != null
        && event.getClientTransaction().getApplicationData() instanceof Awaiting awaiting) {
      if (event.getResponse().getStatusCode() >= 200) {
        context.runOnContext(ignored -> awaiting.response(event.getResponse()));
      }
      return;
    }
    hop(() -> calls.response(event));
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (!event.isServerTransaction() && event.getClientTransaction() != null
        && event.getClientTransaction().getApplicationData() instanceof Awaiting awaiting) {
      context.runOnContext(ignored -> awaiting.timeout());
      return;
    }
    if (!event.isServerTransaction() && event.getClientTransaction() != null
        && event.getClientTransaction().getApplicationData() instanceof Leg leg) {
      context.runOnContext(ignored -> calls.timedOut(leg));
      return;
    }
    if (!event.isServerTransaction() && event.getClientTransaction() != null
        && event.getClientTransaction().getApplicationData() instanceof KeepAlive.Probe probe) {
      context.runOnContext(ignored -> {
        LOG.info("Phone stopped answering, contact dropped [extension: {}, contact: {}]", probe.extension(),
            probe.contact());
        bindings.drop(probe.extension(), probe.contact());
      });
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.debug("SIP I/O error [peer: {}:{}]", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {
  }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    context.runOnContext(ignored -> calls.dialogTerminated(event.getDialog()));
  }

  /** Calls in progress, for the metrics (read from any thread; a momentary figure). */
  public int liveCalls() {
    Calls current = calls;
    return current == null ? 0 : current.live();
  }

  /** Runs {@code task} on the B2BUA's context after the events already handed to it (diagnostics, tests). */
  public void runOnContext(Runnable task) {
    context.runOnContext(ignored -> task.run());
  }

  /** New calls answered 503 because the B2BUA was behind, for the metrics. */
  public long refusedForOverload() {
    return refusedForOverload;
  }

  /** Server transactions the stack holds, finished ones waiting out their timers included (metrics). */
  public int serverTransactions() {
    var transactions = transactionStack();
    return transactions == null ? 0 : transactions.getServerTransactionTableSize();
  }

  /** Client transactions the stack holds (metrics). */
  public int clientTransactions() {
    var transactions = transactionStack();
    return transactions == null ? 0 : transactions.getClientTransactionTableSize();
  }

  /** UDP datagrams dropped for being longer than the largest message taken, for the metrics. */
  public long oversizedDatagrams() {
    InlineUdpProcessor.Drops drops = datagramDrops();
    return drops == null ? 0 : drops.oversized.get();
  }

  /** UDP datagrams dropped because the stack's code failed on them, for the metrics. */
  public long failedDatagrams() {
    InlineUdpProcessor.Drops drops = datagramDrops();
    return drops == null ? 0 : drops.failed.get();
  }

  private InlineUdpProcessor.Drops datagramDrops() {
    var transactions = transactionStack();
    return transactions != null && transactions.getMessageProcessorFactory() instanceof InlineUdpProcessor.Factory udp
        ? udp.drops() : null;
  }

  /** The stack's implementation, for the figures JAIN-SIP's interface does not give; null before start. */
  private gov.nist.javax.sip.stack.SIPTransactionStack transactionStack() {
    return stack instanceof gov.nist.javax.sip.stack.SIPTransactionStack transactions ? transactions : null;
  }

  /** Legs (dialogs) held by live calls, for the metrics and the soak benchmark. */
  public int liveLegs() {
    Calls current = calls;
    return current == null ? 0 : current.liveLegs();
  }
}

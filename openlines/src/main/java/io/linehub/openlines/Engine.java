package io.linehub.openlines;

import io.linehub.api.chat.ChatAddresses;
import io.linehub.api.chat.ChatMessage;
import io.linehub.api.chat.DeliveryStatus;
import io.linehub.api.chat.ExternalPost;
import io.linehub.api.chat.HistoryPage;
import io.linehub.api.chat.HistoryRequest;
import io.linehub.api.chat.OpenlineDialog;
import io.linehub.api.chat.OpenlineDialogRequest;
import io.linehub.api.chat.SetMembers;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CompleteActivity;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.Outcome;
import io.linehub.api.error.LinehubException;
import io.linehub.api.routing.Assigned;
import io.linehub.api.routing.FellBack;
import io.linehub.api.routing.Finish;
import io.linehub.api.routing.FinishReason;
import io.linehub.api.routing.Media;
import io.linehub.api.routing.RouteRequest;
import io.linehub.api.routing.RoutingAddresses;
import io.linehub.openlines.connector.Connector;
import io.linehub.openlines.connector.InboundEvent;
import io.linehub.openlines.email.MailStore;
import io.linehub.openlines.site.SiteConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-line engine: it works the inbox (sessions, the chat dialog, the CRM, routing), puts
 * operators' replies into the outbox and sends them through the channel's connector. Every step
 * is idempotent, so a row processed twice (a crash half-way, a lease that ran out) changes nothing
 * the second time. Runs on the context of the verticle that starts it.
 */
final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final DeliveryOptions BUS = new DeliveryOptions().setSendTimeout(10_000);
  /** How often the inbox and outbox are looked at when nothing kicked them. */
  static final long POLL_MS = 1_000;
  /** Published when a site chat session gets its dialog: {channelId, customerKey, dialogId}. */
  static final String SITE_DIALOG = "openlines.site.dialog";
  /** How often sessions silent past their line's auto-close time are looked for. */
  static final long SILENCE_CHECK_MS = 60_000;

  private final Vertx vertx;
  private final ChannelStore channels;
  private final Inbox inbox;
  private final SessionStore sessions;
  private final Outbox outbox;
  private final Sender sender;
  private final LineSettings.Store lines;
  private final MailStore mail;
  private final Mailboxes mailboxes;
  /**
   * Whether a dialog is a session's (a dialog never changes kind), remembered so that people's own
   * chat messages — most of chat's traffic — cost openlines no query. Bounded; on the engine's context.
   */
  private final Map<Long, Boolean> openlineDialogs = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
      return size() > 100_000;
    }
  };
  /** Per dialog, the last operator message being queued: the next one waits for it. */
  private final Map<Long, Future<Void>> forwarding = new HashMap<>();
  private final Map<String, Connector> connectors;
  private final InboxWork inboxWork;
  private final Clock clock;
  private final boolean process;
  private final AtomicLong webhooksStored = new AtomicLong();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long timer = -1;
  private long silenceTimer = -1;
  /** The engine's own context, from {@link #start()}: work arriving on other threads hops onto it. */
  private volatile io.vertx.core.Context context;
  private boolean stopped;

  Engine(Vertx vertx, ChannelStore channels, Inbox inbox, SessionStore sessions, Outbox outbox,
      LineSettings.Store lines, MailStore mail, List<Connector> connectors, Clock clock, boolean process) {
    this.vertx = vertx;
    this.channels = channels;
    this.inbox = inbox;
    this.sessions = sessions;
    this.outbox = outbox;
    this.lines = lines;
    this.mail = mail;
    this.mailboxes = new Mailboxes(mail, this::store);

    this.connectors = new HashMap<>();
    connectors.forEach(c -> this.connectors.put(c.kind(), c));
    this.clock = clock;
    this.process = process;
    this.sender = new Sender(vertx, channels, outbox, mail, this.connectors);
    this.inboxWork = new InboxWork(inbox, sessions, channels, clock, this::process);
  }

  Connector connector(String kind) {
    Connector connector = connectors.get(kind);
    if (connector == null) {
      throw LinehubException.badRequest("kind: one of " + new java.util.TreeSet<>(connectors.keySet()));
    }
    return connector;
  }

  java.util.Set<String> kinds() {
    return connectors.keySet();
  }

  long webhooksStored() {
    return webhooksStored.get();
  }

  long repliesSent() {
    return sender.repliesSent();
  }

  long repliesFailed() {
    return sender.repliesFailed();
  }

  Future<Void> start() {
    context = vertx.getOrCreateContext();
    if (!process) {
      LOG.info("openlines.process is false: this node takes webhooks in and leaves them to the processing nodes");
      return Future.succeededFuture();
    }
    inbox.onStored(rows -> onEngine(() -> inboxWork.handedOver(rows)));
    sender.start();
    var bus = vertx.eventBus();
    consumers.add(bus.<ChatMessage>consumer(ChatAddresses.POSTED, m -> posted(m.body())));
    consumers.add(bus.<Assigned>consumer(RoutingAddresses.ASSIGNED, m -> assigned(m.body())));
    consumers.add(bus.<FellBack>consumer(RoutingAddresses.FELL_BACK, m -> fellBack(m.body())));
    timer = vertx.setPeriodic(POLL_MS, id -> {
      inboxWork.kick();
      kickOutbox();
    });
    silenceTimer = vertx.setPeriodic(SILENCE_CHECK_MS, id -> closeSilent());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(ignored -> catchUp())
        .compose(ignored -> channelsChanged())
        .onSuccess(ignored -> {
          inboxWork.kick();
          kickOutbox();
        }).mapEmpty();
  }

  Future<Void> stop() {
    stopped = true;
    inboxWork.stop();
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (silenceTimer >= 0) {
      vertx.cancelTimer(silenceTimer);
    }
    sender.stop();
    mailboxes.stopAll();
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  // ---- intake ------------------------------------------------------------------------------

  /** A verified webhook's events, committed; the caller answers the provider after this. */
  Future<Integer> store(String channelId, List<InboundEvent> events, Buffer payload) {
    // A processing node is handed what it stored (Inbox.onStored); others' rows are polled for.
    return inbox.store(channelId, events, payload).onSuccess(stored -> webhooksStored.incrementAndGet());
  }

  /**
   * A site visitor's message: stored in the inbox like a webhook's event (idempotent on the
   * visitor's client id), then processed like any other customer message. Completes after the commit.
   *
   * @return 1 when stored, 0 when the same client id was stored before
   */
  Future<Integer> visitorWrote(io.linehub.openlines.Channel channel, Visitors.Visitor visitor, String clientId,
      String text, List<Long> attachments, String frame) {
    InboundEvent.Message message = new InboundEvent.Message("site:" + visitor.visitorId() + ":" + clientId,
        visitor.customerKey(), visitor.name(), text, visitor.identities(), clock.instant(), attachments);
    return store(channel.id(), List.of(message), Buffer.buffer(frame));
  }

  /** Whether the visitor's message with this client id is stored already (a resend after a lost ack). */
  Future<Boolean> visitorResent(io.linehub.openlines.Channel channel, Visitors.Visitor visitor, String clientId) {
    return inbox.has(channel.id(), "site:" + visitor.visitorId() + ":" + clientId);
  }

  /**
   * Starts the mailbox reader of every enabled e-mail channel and stops those of channels changed or
   * switched off; the channels API calls it after each change.
   */
  Future<Void> channelsChanged() {
    return onEngine(this::channelsChangedHere);
  }

  private Future<Void> channelsChangedHere() {
    if (!process || stopped) {
      return Future.succeededFuture();
    }
    sender.forgetRates();
    return channels.all().map(all -> {
      mailboxes.reconcile(all);
      return null;
    });
  }

  /** @param counted the session the batch's upsert already counted this message on, or null */
  Future<Void> process(Inbox.Row0 row, SessionStore.Continued counted) {
    return channels.get(row.channelId()).compose(channel -> {
      if (row.event() instanceof InboundEvent.Message message) {
        return counted != null ? converse(row.id(), channel, message, counted)
            : customerWrote(row.id(), channel, message);
      }
      InboundEvent.Status status = (InboundEvent.Status) row.event();
      return outbox.reported(channel.id(), status.providerMessageId(), status.status(), status.reason())
          .map(changed -> {
            announce(changed);
            return (Void) null;
          });
    });
  }

  private Future<Void> customerWrote(long inboxId, io.linehub.openlines.Channel channel,
      InboundEvent.Message message) {
    Instant at = message.sentAt() == null ? clock.instant() : message.sentAt();
    Integer rating = message.attachments().isEmpty() ? CustomerTexts.rating(message.text()) : null;
    if (rating != null) {
      return sessions.awaitingRating(channel.id(), message.customerKey()).compose(rated -> rated == null
          ? converse(inboxId, channel, message, at)
          : postCustomer(CustomerPost.of(rated.dialogId(), inboxId, channel.id(), message))
              .compose(posted -> sessions.rate(rated.id(), rating)));
    }
    return converse(inboxId, channel, message, at);
  }

  private Future<Void> converse(long inboxId, io.linehub.openlines.Channel channel, InboundEvent.Message message,
      Instant at) {
    return sessions.continueOrOpen(channel.id(), channel.config().lineId(), message.customerKey(), message.customerName(),
            message.identities(), inboxId, at)
        .compose(continued -> converse(inboxId, channel, message, continued));
  }

  /** The message, counted on its session: into the session's dialog, and a new session to routing. */
  private Future<Void> converse(long inboxId, io.linehub.openlines.Channel channel, InboundEvent.Message message,
      SessionStore.Continued continued) {
    Instant at = message.sentAt() == null ? clock.instant() : message.sentAt();
    return dialogOf(continued.session(), channel)
        .compose(dialogId -> postCustomer(CustomerPost.of(dialogId, inboxId, channel.id(), message)))
        .compose(ignored -> "new".equals(continued.session().status())
            ? route(continued.session(), channel, message, at) : Future.succeededFuture());
  }

  /** Into the dialog; files chat refuses (sent meanwhile, swept) are left out rather than retried for ever. */
  private Future<ChatMessage> postCustomer(ExternalPost post) {
    return this.<ChatMessage>ask(ChatAddresses.OPENLINE_POST, post).recover(e -> post.attachments().isEmpty()
        || ((LinehubException) e).code() != io.linehub.api.error.ErrorCode.BAD_REQUEST ? Future.failedFuture(e)
        : ask(ChatAddresses.OPENLINE_POST, CustomerPost.withoutFiles(post)));
  }

  /** The session's chat dialog, opened on its first message. */
  private Future<Long> dialogOf(Session session, io.linehub.openlines.Channel channel) {
    if (session.dialogId() != null) {
      return Future.succeededFuture(session.dialogId());
    }
    String title = (session.customerName() == null ? "Customer" : session.customerName()) + " · " + channel.name();
    return this.<OpenlineDialog>ask(ChatAddresses.OPENLINE_OPEN, new OpenlineDialogRequest("openline-session-"
            + session.id(), title))
        .compose(dialog -> sessions.setDialog(session.id(), dialog.dialogId()).map(dialog.dialogId()))
        .onSuccess(dialogId -> openlineDialogs.put(dialogId, true))
        .onSuccess(dialogId -> {
          if (SiteConnector.KIND.equals(channel.config().kind())) {
            // The visitor's sockets follow the new session's dialog from its first message.
            vertx.eventBus().publish(SITE_DIALOG, new io.vertx.core.json.JsonObject().put("channelId", channel.id())
                .put("customerKey", session.customerKey()).put("dialogId", dialogId));
          }
        });
  }

  /**
   * A new session: linked in the CRM (a new customer becomes a lead with the channel as source) and
   * handed to routing, which offers it to an operator of the line.
   */
  private Future<Void> route(Session session, io.linehub.openlines.Channel channel, InboundEvent.Message message,
      Instant at) {
    Channel crmChannel = CustomerTexts.crmChannel(channel.config().kind());
    Interaction interaction = new Interaction("openline-session-" + session.id(), crmChannel, Direction.INBOUND,
        Outcome.RECEIVED, message.identities(), message.customerName(), null, channel.config().lineId(), null, at,
        null, null, "Open line: " + channel.name(), message.text(), null, null);
    return this.<LinkResult>ask(CrmAddresses.LINK, interaction)
        .compose(linked -> sessions.setCrm(session.id(), linked.entity(), linked.activityId()).map(linked))
        .compose(linked -> ask(RoutingAddresses.ENQUEUE, new RouteRequest(session.ticketId(),
            channel.config().lineId(), Media.CHAT, crmChannel, message.customerName(), message.identities(),
            linked.responsibleUserId())))
        .compose(ignored -> sessions.enqueued(session.id()))
        .compose(ignored -> lines.get(channel.config().lineId()))
        .compose(settings -> settings.greeting() == null ? Future.succeededFuture()
            : autoReply(session.id(), settings.greeting(), "greeting"));
  }

  /**
   * Says something to the customer on the line's behalf: a system message in the dialog (so the
   * operator sees it) and the same text through the outbox. Idempotent on {@code key} per session.
   */
  private Future<Void> autoReply(long sessionId, String text, String key) {
    return sessions.get(sessionId).compose(session -> session.dialogId() == null ? Future.succeededFuture()
        : this.<ChatMessage>ask(ChatAddresses.OPENLINE_POST, new ExternalPost(session.dialogId(), "system",
                "auto-" + session.id() + "-" + key, text))
            .compose(note -> sessions.queueAuto(session, note.id(), note.seq(), text))
            .map(queued -> {
              if (queued != null) {
                kickOutbox();
              }
              return null;
            }));
  }

  /** Routing gave up on a session's ticket: the line's fallback message (out of hours, nobody free) goes out. */
  private void fellBack(FellBack fellBack) {
    long sessionId = Session.fromTicket(fellBack.ticketId());
    String message = fellBack.fallback() == null ? null : fellBack.fallback().message();
    if (sessionId < 0 || message == null || message.isBlank()) {
      return;
    }
    autoReply(sessionId, message, "fallback-" + fellBack.lineId() + "-" + fellBack.reason().name().toLowerCase(Locale.ROOT))
        .onFailure(e -> LOG.warn("Session {}'s fallback reply not sent: {}", sessionId, e.getMessage()));
  }

  // ---- routing and chat events -------------------------------------------------------------

  /** Routing gave the session to an operator: they become the dialog's member (a transfer drops the one before). */
  private void assigned(Assigned assigned) {
    long sessionId = Session.fromTicket(assigned.ticketId());
    if (sessionId < 0) {
      return;
    }
    sessions.assign(sessionId, assigned.agentId())
        .compose(before -> before.dialogId() == null ? Future.succeededFuture()
            : ask(ChatAddresses.OPENLINE_MEMBERS, new SetMembers(before.dialogId(), List.of(assigned.agentId()),
                before.operatorId() == null || before.operatorId() == assigned.agentId() ? List.of()
                    : List.of(before.operatorId()), "An operator joined the conversation")))
        .onFailure(e -> LOG.warn("Session {} could not take its operator {}: {}", sessionId, assigned.agentId(),
            e.getMessage()));
  }

  /**
   * An operator's message in an open-line dialog goes to the outbox — one after the other per
   * dialog, so the outbox holds a dialog's replies in the order they were written (the events come
   * in seq order; the lookups and inserts for them must not overtake each other).
   */
  private void posted(ChatMessage message) {
    if (message.authorId() == null || !"text".equals(message.kind())) {
      return;
    }
    long dialogId = message.dialogId();
    if (Boolean.FALSE.equals(openlineDialogs.get(dialogId))) {
      return; // people's own chat: nothing for a customer
    }
    Future<Void> queued = forwarding.getOrDefault(dialogId, Future.succeededFuture())
        .transform(ignored -> sessions.byDialog(dialogId)
            .compose(session -> {
              openlineDialogs.put(dialogId, session != null);
              return session == null || !session.open() ? Future.succeededFuture() : forward(session, message);
            })
            .onFailure(e -> LOG.warn("Reply {} of dialog {} not queued yet: {}", message.seq(), dialogId,
                e.getMessage())));
    forwarding.put(dialogId, queued);
    queued.onComplete(ignored -> forwarding.remove(dialogId, queued));
  }

  private Future<Void> forward(Session session, ChatMessage message) {
    String text = message.text();
    if (!message.attachments().isEmpty()) {
      text = (text == null || text.isEmpty() ? "" : text + "\n") + String.join("\n", message.attachments().stream()
          .map(a -> "[file] " + a.name()).toList());
    }
    return sessions.operatorWrote(session, message.id(), message.seq(), text, message.createdAt())
        .onSuccess(outboxId -> {
          if (outboxId != null && session.firstResponseAt() == null && session.crmActivityId() != null) {
            // The session's activity was open until answered: it is answered now.
            ask(CrmAddresses.COMPLETE_ACTIVITY, new CompleteActivity(session.crmActivityId(), "answered by operator "
                + message.authorId())).onFailure(e -> LOG.warn("Session {}'s CRM activity not completed: {}",
                session.id(), e.getMessage()));
          }
          if (outboxId != null) {
            vertx.eventBus().publish(ChatAddresses.DELIVERY, new DeliveryStatus(message.dialogId(), message.seq(),
                "pending", null));
            kickOutbox();
          }
        }).mapEmpty();
  }

  /**
   * After a restart: operators' messages committed in chat while this node could not hear them
   * (between chat's commit and the outbox row) are read from chat and queued now.
   */
  private Future<Void> catchUp() {
    return sessions.openWithDialog().compose(open -> {
      Future<Void> chain = Future.succeededFuture();
      for (Session session : open) {
        if (session.operatorId() == null && "waiting".equals(session.status())) {
          // Routing keeps its queue in memory: a session still waiting for an operator is queued again.
          chain = chain.compose(ignored -> requeue(session));
        }
        chain = chain.compose(ignored -> this.<HistoryPage>ask(ChatAddresses.HISTORY,
                new HistoryRequest(session.dialogId(), session.forwardedSeq(), 500))
            .compose(page -> {
              Future<Void> each = Future.succeededFuture();
              for (ChatMessage message : page.messages()) {
                if (message.authorId() != null && "text".equals(message.kind())) {
                  each = each.compose(done -> forward(session, message));
                }
              }
              return each;
            }));
      }
      return chain;
    }).recover(e -> {
      LOG.warn("Catching up on operators' replies failed: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Void> requeue(Session session) {
    return channels.get(session.channelId()).compose(channel -> ask(RoutingAddresses.ENQUEUE,
            new RouteRequest(session.ticketId(), session.lineId(), Media.CHAT, CustomerTexts.crmChannel(channel.config().kind()),
                session.customerName(), List.of(), null)))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Session {} could not be queued again: {}", session.id(), e.getMessage());
          return Future.succeededFuture();
        });
  }

  // ---- the outbox (sent by the Sender) ----------------------------------------------------------

  void kickOutbox() {
    onEngine(() -> {
      if (process && !stopped) {
        sender.kick();
      }
    });
  }

  /** A site visitor's socket showed an operator's message. */
  void siteDelivered(String channelId, long chatMessageId) {
    onEngine(() -> sender.siteDelivered(channelId, chatMessageId));
  }

  /** A site visitor read the conversation up to {@code seq}. */
  void visitorRead(long dialogId, long seq) {
    onEngine(() -> sender.visitorRead(dialogId, seq));
  }

  /** The customer's most recent session on the channel (open or not), or null. */
  Future<Session> latestSession(String channelId, String customerKey) {
    return sessions.latest(channelId, customerKey);
  }

  private void announce(Outbox.Changed changed) {
    sender.announce(changed);
  }

  // ---- closing ------------------------------------------------------------------------------

  /**
   * Closes a session (or marks it spam): routing frees the operator, the dialog gets a note, the
   * line's rating request goes to the customer (not for spam), and the transcript is attached to
   * the customer's CRM record.
   */
  Future<Session> close(long sessionId, String status, String reason) {
    return onEngine(() -> closeHere(sessionId, status, reason));
  }

  private Future<Session> closeHere(long sessionId, String status, String reason) {
    return sessions.close(sessionId, status, reason).compose(session -> {
      Future<Object> finish = ask(RoutingAddresses.FINISH, new Finish(session.ticketId(),
          session.operatorId() == null ? FinishReason.CUSTOMER_LEFT : FinishReason.COMPLETED));
      return finish.recover(e -> Future.succeededFuture())
          .compose(ignored -> session.dialogId() == null ? Future.succeededFuture()
              : ask(ChatAddresses.OPENLINE_POST, new ExternalPost(session.dialogId(), "system", "closed-" + session.id(),
                  "spam".equals(status) ? "Marked as spam" : "Conversation closed")))
          .compose(ignored -> "spam".equals(status) ? Future.succeededFuture() : lines.get(session.lineId())
              .compose(settings -> settings.ratingRequest() == null ? Future.succeededFuture()
                  : autoReply(session.id(), settings.ratingRequest(), "rating")
                      .compose(sent -> sessions.ratingRequested(session.id()))))
          .compose(ignored -> transcript(session).recover(e -> {
            LOG.warn("Session {}'s transcript not attached in the CRM: {}", session.id(), e.getMessage());
            return Future.succeededFuture();
          }))
          .map(session);
    });
  }

  /** The conversation as text, attached to the customer's CRM record as a done activity. */
  private Future<Void> transcript(Session session) {
    if (session.dialogId() == null) {
      return Future.succeededFuture();
    }
    return this.<HistoryPage>ask(ChatAddresses.HISTORY, new HistoryRequest(session.dialogId(), 0, 500))
        .compose(page -> channels.get(session.channelId()).compose(channel -> {
          StringBuilder text = new StringBuilder();
          for (ChatMessage m : page.messages()) {
            String who = "external".equals(m.kind()) ? (session.customerName() == null ? "Customer"
                : session.customerName()) : "system".equals(m.kind()) ? "—" : "Operator " + m.authorId();
            text.append('[').append(m.createdAt()).append("] ").append(who).append(": ")
                .append(m.text() == null ? "(deleted)" : m.text()).append('\n');
          }
          Interaction transcript = new Interaction("openline-session-" + session.id() + "-transcript",
              CustomerTexts.crmChannel(channel.config().kind()), Direction.OUTBOUND, Outcome.SENT, session.identities(),
              session.customerName(),
              session.operatorId(), session.lineId(), null, session.openedAt(), clock.instant(), null,
              "Open line conversation: " + channel.name(), text.toString(), null, LinkPolicy.ACTIVITY_ONLY);
          return ask(CrmAddresses.LINK, transcript).mapEmpty();
        }));
  }

  /** Sessions waiting for the customer longer than their line allows are closed. */
  private void closeSilent() {
    sessions.silent().onSuccess(ids -> ids.forEach(id -> closeHere(id, "closed", "no reply from the customer")
        .onFailure(e -> LOG.debug("Silent session {} not closed: {}", id, e.getMessage()))));
  }

  /** Hands the session to another line: the current ticket ends, a new one is queued there. */
  Future<Session> transferToLine(long sessionId, String lineId) {
    return onEngine(() -> sessions.get(sessionId).compose(before -> ask(RoutingAddresses.FINISH, new Finish(before.ticketId(),
            FinishReason.COMPLETED)).recover(e -> Future.succeededFuture())
        .compose(ignored -> sessions.movedTo(sessionId, lineId))
        .compose(moved -> channels.get(moved.channelId())
            .compose(channel -> ask(RoutingAddresses.ENQUEUE, new RouteRequest(moved.ticketId(), lineId, Media.CHAT,
                CustomerTexts.crmChannel(channel.config().kind()), moved.customerName(), List.of(), null)))
            .compose(ignored -> moved.dialogId() == null ? Future.succeededFuture()
                : ask(ChatAddresses.OPENLINE_POST, new ExternalPost(moved.dialogId(), "system",
                    "transfer-" + moved.id() + "-" + moved.transfers(), "Transferred to line " + lineId)))
            .map(moved))));
  }

  /**
   * Hands the session to another operator directly: the ticket ends for the one before (freeing
   * their capacity) and the new operator becomes the dialog's member in their place.
   */
  Future<Session> transferToOperator(long sessionId, long operatorId) {
    return onEngine(() -> sessions.get(sessionId).compose(before -> {
      if (!before.open()) {
        return Future.failedFuture(LinehubException.conflict("session " + sessionId + " is " + before.status()));
      }
      return ask(RoutingAddresses.FINISH, new Finish(before.ticketId(), FinishReason.COMPLETED))
          .recover(e -> Future.succeededFuture())
          .compose(ignored -> sessions.assign(sessionId, operatorId))
          .compose(previous -> previous.dialogId() == null ? Future.succeededFuture()
              : ask(ChatAddresses.OPENLINE_MEMBERS, new SetMembers(previous.dialogId(), List.of(operatorId),
                  previous.operatorId() == null || previous.operatorId() == operatorId ? List.of()
                      : List.of(previous.operatorId()), "Transferred to another operator")))
          .compose(ignored -> sessions.get(sessionId));
    }));
  }

  /** On the engine's context (its state is not shared between threads); the answer on the caller's. */
  private <T> Future<T> onEngine(java.util.function.Supplier<Future<T>> work) {
    return io.linehub.api.bus.Contexts.call(context, work);
  }

  private void onEngine(Runnable work) {
    io.linehub.api.bus.Contexts.run(context, work);
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> ask(String address, Object body) {
    return vertx.eventBus().request(address, body, BUS).map(m -> (T) ((Message<Object>) m).body())
        .recover(e -> Future.failedFuture(LinehubException.from(e)));
  }
}

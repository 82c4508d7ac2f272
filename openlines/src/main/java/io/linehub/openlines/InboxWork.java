package io.linehub.openlines;

import io.linehub.openlines.connector.InboundEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the inbox for the {@link Engine}: the rows this node stored are handed over at once
 * ({@link Inbox#onStored}), other rows (of ingest-only nodes, of nodes that died, to retry, a
 * backlog) are taken from the database with a lease. One customer's rows are worked one after the
 * other, in order, across batches; different customers side by side; at most
 * {@link #INBOX_IN_FLIGHT} rows at once. Each batch's customers have their first message counted
 * on their sessions in one statement, and rows worked are marked done together. On the engine's
 * context, not thread-safe.
 */
final class InboxWork {

  private static final Logger LOG = LoggerFactory.getLogger(InboxWork.class);
  /** Rows taken at once; their customers are processed side by side. */
  static final int BATCH = 200;
  /**
   * Inbox rows being worked at most. Rows are taken whenever there is room, one take at a time,
   * not batch after batch: a message stored while others are being worked is taken at once, not
   * after the slowest customer of an earlier batch.
   */
  static final int INBOX_IN_FLIGHT = 2 * BATCH;

  private final Inbox inbox;
  private final SessionStore sessions;
  private final ChannelStore channels;
  private final Clock clock;
  /** Works one row: the message counted on its session by the batch's upsert, or null. */
  private final BiFunction<Inbox.Row0, SessionStore.Continued, Future<Void>> process;
  /**
   * Rows this node stored and was handed at once (leased to it, see {@link Inbox#onStored}), with
   * when they came: worked before anything is taken from the database. Bounded: past
   * {@link #FRESH_MAX} rows, or once a row has waited half its lease, they are left to be taken
   * from the database when the lease runs out.
   */
  private final java.util.ArrayDeque<Fresh> fresh = new java.util.ArrayDeque<>();

  /** A row handed over, and when (System.nanoTime()). */
  private record Fresh(Inbox.Row0 row, long since) {
  }

  static final int FRESH_MAX = 20_000;
  /** Inbox rows taken and not yet finished (at most {@link #INBOX_IN_FLIGHT}). */
  private int inboxInFlight;
  /** A take is in flight: the next waits for it (they would only compete for the same rows). */
  private boolean taking;
  private boolean inboxAgain;
  /**
   * Each customer's first message of a batch is counted on their session (continued or opened) in
   * one statement with the others arriving meanwhile: rows are handed over a few at a time, and a
   * statement for each few would cost the database more than the rows themselves.
   */
  private final io.linehub.api.batch.GroupCommit<SessionStore.Arrival, SessionStore.Continued> upserts;
  /** Rows worked are marked done together; nothing waits for it (their lease covers the gap). */
  private final io.linehub.api.batch.GroupCommit<Long, Void> doneRows;
  /** Per customer, their rows being worked: a later batch's rows of theirs wait for these. */
  private final Map<String, Future<Void>> customerChains = new HashMap<>();
  private boolean stopped;

  InboxWork(Inbox inbox, SessionStore sessions, ChannelStore channels, Clock clock,
      BiFunction<Inbox.Row0, SessionStore.Continued, Future<Void>> process) {
    this.inbox = inbox;
    this.sessions = sessions;
    this.channels = channels;
    this.clock = clock;
    this.process = process;
    this.upserts = new io.linehub.api.batch.GroupCommit<>(arrivals -> sessions.continueOrOpenMany(arrivals)
        .map(byCustomer -> arrivals.stream().map(a -> byCustomer.get(a.channelId() + "\n" + a.customerKey()))
            .toList()), 1, 500, true);
    this.doneRows = new io.linehub.api.batch.GroupCommit<>(ids -> inbox.done(ids)
        .map(ignored -> java.util.Collections.<Void>nCopies(ids.size(), null)), 1, 1000, false);
  }

  void stop() {
    stopped = true;
    fresh.clear();
  }

  /** Rows this node just stored, leased to it. */
  void handedOver(List<Inbox.Row0> rows) {
    if (stopped) {
      return;
    }
    if (fresh.size() + rows.size() > FRESH_MAX) {
      LOG.debug("{} stored rows left to be taken from the database after their lease", rows.size());
      return;
    }
    long now = System.nanoTime();
    for (Inbox.Row0 row : rows) {
      fresh.add(new Fresh(row, now));
    }
    workFresh();
  }

  /** Works the rows handed over, as many as there is room for. */
  private void workFresh() {
    int room = Math.min(BATCH, INBOX_IN_FLIGHT - inboxInFlight);
    if (!stopped && room > 0 && !fresh.isEmpty()) {
      long stale = System.nanoTime() - java.util.concurrent.TimeUnit.SECONDS.toNanos(Inbox.FRESH_LEASE_SECONDS) / 2;
      List<Inbox.Row0> rows = new ArrayList<>(Math.min(room, fresh.size()));
      while (rows.size() < room && !fresh.isEmpty()) {
        Fresh next = fresh.poll();
        if (next.since() - stale > 0) {
          rows.add(next.row());
        } // else: its lease runs out soon, the database will give it to a taker
      }
      inboxInFlight += rows.size();
      if (!rows.isEmpty()) {
        processAll(rows);
      }
    }
  }

  /**
   * Works the rows handed over, then takes from the database what there is room for: rows of
   * ingest-only nodes, of nodes that died, rows to retry, and a backlog. Called by the poll timer
   * and at start; on the engine's context.
   */
  void kick() {
    if (stopped) {
      return;
    }
    workFresh();
    int room = Math.min(BATCH, INBOX_IN_FLIGHT - inboxInFlight);
    if (!fresh.isEmpty() || taking || room <= 0) {
      inboxAgain = true;
      return;
    }
    taking = true;
    inboxAgain = false;
    inbox.take(room).onComplete(ar -> {
      taking = false;
      if (ar.failed()) {
        LOG.warn("Inbox not taken: {}", ar.cause().toString());
        return;
      }
      List<Inbox.Row0> rows = ar.result();
      inboxInFlight += rows.size();
      if (!rows.isEmpty()) {
        processAll(rows);
      }
      if (rows.size() == room || inboxAgain) {
        kick();
      }
    });
  }

  /** A row is finished (done, or failed and left for later): its room goes to the next ones. */
  private void rowFinished() {
    inboxInFlight--;
    workFresh();
    if (inboxAgain) {
      kick();
    }
  }

  /**
   * Processes a batch: one customer's rows one after the other (their messages keep their order),
   * different customers side by side; the rows done are marked together.
   */
  private void processAll(List<Inbox.Row0> rows) {
    Map<String, List<Inbox.Row0>> byCustomer = new java.util.LinkedHashMap<>();
    for (Inbox.Row0 row : rows) {
      byCustomer.computeIfAbsent(orderKey(row), k -> new ArrayList<>()).add(row);
    }
    // Each customer's first message counts on its session in one statement with the others of the
    // moment (one commit instead of one per customer); the others, and rating answers, one by one.
    Map<String, Future<SessionStore.Continued>> counted = new HashMap<>();
    for (Map.Entry<String, List<Inbox.Row0>> entry : byCustomer.entrySet()) {
      if (customerChains.containsKey(entry.getKey())) {
        continue; // rows of theirs are still being worked: this one is counted after them, in order
      }
      Inbox.Row0 first = entry.getValue().get(0);
      io.linehub.openlines.Channel channel = channels.cached(first.channelId());
      if (first.event() instanceof InboundEvent.Message m && channel != null && CustomerTexts.rating(m.text()) == null) {
        counted.put(entry.getKey(), upserts.submit(new SessionStore.Arrival(channel.id(), channel.config().lineId(),
                m.customerKey(), m.customerName(), m.identities(), first.id(),
                m.sentAt() == null ? clock.instant() : m.sentAt()))
            .recover(e -> {
              LOG.warn("Session of inbox row {} not upserted with others, alone instead: {}", first.id(), e.getMessage());
              return Future.succeededFuture(null);
            }));
      }
    }
    // The chains are in place before anything else can run on this context (later rows of the same
    // customer line up behind these), each starting once its customer's session is counted.
    for (Map.Entry<String, List<Inbox.Row0>> entry : byCustomer.entrySet()) {
      String key = entry.getKey();
      List<Inbox.Row0> group = entry.getValue();
      Future<SessionStore.Continued> session = counted.getOrDefault(key, Future.succeededFuture());
      // After the customer's rows of an earlier batch still being worked.
      Future<Void> chain = customerChains.getOrDefault(key, Future.succeededFuture())
          .transform(ignored -> session.<Void>mapEmpty());
      for (int i = 0; i < group.size(); i++) {
        Inbox.Row0 row = group.get(i);
        boolean first = i == 0;
        chain = chain.transform(ignored -> process.apply(row, first ? session.result() : null)
            .map(ok -> {
              doneRows.submit(row.id()).onFailure(e -> LOG.warn("Inbox row {} not marked done (it will be seen "
                  + "again, and change nothing): {}", row.id(), e.getMessage()));
              return (Void) null;
            })
            .recover(failure -> {
              LOG.warn("Inbox row {} of channel {} failed (attempt {}): {}", row.id(), row.channelId(),
                  row.attempts(), failure.getMessage());
              return inbox.failed(row.id(), row.attempts(), String.valueOf(failure.getMessage()));
            })
            .onComplete(ignored2 -> rowFinished()));
      }
      Future<Void> whole = chain;
      customerChains.put(key, whole);
      whole.onComplete(ignored -> customerChains.remove(key, whole));
    }
  }

  /** Rows with the same key are processed in order: a customer's messages, or the reports on one reply. */
  private static String orderKey(Inbox.Row0 row) {
    if (row.event() instanceof InboundEvent.Message message) {
      return row.channelId() + "\nm\n" + message.customerKey();
    }
    return row.channelId() + "\ns\n" + ((InboundEvent.Status) row.event()).providerMessageId();
  }
}

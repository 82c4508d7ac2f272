package io.linehub.server.calls;

import io.linehub.api.sip.CallEnded;
import io.linehub.api.sip.CallEvent;
import io.linehub.api.sip.CallEventType;
import io.linehub.api.sip.SipAddresses;
import io.linehub.server.reports.JournalBatcher;
import io.linehub.server.reports.PgJournal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the calls: the live view ({@link LiveCalls}) from every {@code sip.call.event}, and the call
 * detail records in {@code hub.calls} / {@code hub.call_legs} — a row when a call starts, completed
 * with its legs when it ends. Rows go in batches (at {@value #BATCH_ROWS} or every
 * {@value #FLUSH_MS} ms) so a thousand calls a second cost the database a few statements, not
 * thousands. Deploy one per node, before sip-bridge; local consumers: each node stores its own
 * calls. On start, calls a previous run left live are closed as failed (single node: the calls
 * ended with the process that held them).
 */
public final class CallStore extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CallStore.class);
  static final int BATCH_ROWS = 200;
  static final long FLUSH_MS = 250;
  static final int MAX_PENDING = 20_000;

  private final Pool pool;
  private final LiveCalls live;
  private JournalBatcher<PgCalls.Write> writes;
  private MessageConsumer<CallEvent> events;
  private MessageConsumer<CallEnded> ends;
  private long timer = -1;

  public CallStore(Pool pool, LiveCalls live) {
    this.pool = pool;
    this.live = live;
  }

  @Override
  public Future<?> start() {
    PgCalls store = new PgCalls(pool);
    writes = new JournalBatcher<>("calls", BATCH_ROWS, MAX_PENDING, store::write, PgJournal::refused);
    return store.closeLeftovers().compose(closed -> {
      if (closed > 0) {
        LOG.warn("Closed {} calls the previous run left live, as failed", closed);
      }
      events = vertx.eventBus().localConsumer(SipAddresses.CALL_EVENT, message -> {
        CallEvent event = message.body();
        live.apply(event);
        if (event.type() == CallEventType.STARTED) {
          writes.add(new PgCalls.Started(event));
        }
      });
      ends = vertx.eventBus().localConsumer(SipAddresses.CALL_ENDED, message -> {
        live.remove(message.body().callId());
        writes.add(new PgCalls.Ended(message.body()));
      });
      timer = vertx.setPeriodic(FLUSH_MS, id -> writes.flush());
      return Future.all(events.completion(), ends.completion());
    });
  }

  /** Stops listening, then writes what is still pending. */
  @Override
  public Future<?> stop() {
    if (writes == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    Future<Void> unregistered = Future.all(events == null ? Future.succeededFuture() : events.unregister(),
        ends == null ? Future.succeededFuture() : ends.unregister()).mapEmpty();
    return unregistered.eventually(() -> writes.drain());
  }
}

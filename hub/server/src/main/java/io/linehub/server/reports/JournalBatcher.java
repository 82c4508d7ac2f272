package io.linehub.server.reports;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects rows and writes them in batches, one batch in flight at a time so rows reach the
 * database in the order they came. A full batch is written at once, the rest on {@link #flush()}
 * (the journal's timer). Rows that piled up behind a slow write go in one larger batch (up to
 * {@value #CATCH_UP} batches' worth): with one write in flight, a fixed batch size capped the
 * journal at a batch per write's latency, and under a busy database the call records fell behind
 * and were dropped at 700 calls/s though the database was up. A failed write keeps its rows for
 * the next attempt; when the database is away long enough for {@code capacity} rows to pile up,
 * new rows are dropped with an error: this is reporting data and must not take the hub's memory
 * with it. Not thread-safe: one event loop.
 */
public final class JournalBatcher<T> {

  private static final Logger LOG = LoggerFactory.getLogger(JournalBatcher.class);
  /** A warning per failed attempt would be four a second while the database is down. */
  private static final int WARN_EVERY = 40;
  private static final long WRITE_TIMEOUT_SECONDS = 30;
  /** The largest write, in batches: rows waiting behind a slow write go together. */
  static final int CATCH_UP = 10;

  private final String name;
  private final int batchSize;
  private final int capacity;
  private final Function<List<T>, Future<Void>> writer;
  private final Predicate<Throwable> refused;
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private boolean writing;
  /** After a failed write only the timer retries: rows arriving meanwhile must not hammer a database that is down. */
  private boolean backingOff;
  private Future<Void> current = Future.succeededFuture();
  private long failures;
  private long dropped;

  /**
   * @param writer writes one batch; its future fails when nothing of the batch was written
   * @param refused failures the database will repeat for this batch whatever happens (bad data):
   *     the batch is dropped instead of retried forever
   */
  public JournalBatcher(String name, int batchSize, int capacity, Function<List<T>, Future<Void>> writer,
      Predicate<Throwable> refused) {
    this.name = name;
    this.batchSize = batchSize;
    this.capacity = capacity;
    this.writer = writer;
    this.refused = refused;
  }

  /** Queues a row; false (and an error log, once per outage) when {@code capacity} rows already wait. */
  public boolean add(T row) {
    if (pending.size() >= capacity) {
      if (dropped++ == 0) {
        LOG.error("Journal full, dropping rows until the database takes writes again [journal: {}, pending: {}]",
            name, pending.size());
      }
      return false;
    }
    pending.add(row);
    if (pending.size() >= batchSize && !backingOff) {
      write();
    }
    return true;
  }

  public int pending() {
    return pending.size();
  }

  /**
   * Writes the oldest batch unless a write is in flight (then its future is returned); after a
   * success the next full batch follows at once. Completes when this write has finished. The
   * journal's timer calls it; it is also the retry after a failure.
   */
  public Future<Void> flush() {
    backingOff = false;
    return write();
  }

  private Future<Void> write() {
    if (writing) {
      return current;
    }
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    int rows = Math.min(batchSize * CATCH_UP, pending.size());
    List<T> batch = new ArrayList<>(rows);
    Iterator<T> oldest = pending.iterator();
    while (batch.size() < rows && oldest.hasNext()) {
      batch.add(oldest.next());
    }
    writing = true;
    Promise<Void> done = Promise.promise();
    current = done.future();
    Future<Void> write;
    try {
      write = writer.apply(batch).timeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      write = Future.failedFuture(e);
    }
    write.onComplete(ar -> {
      writing = false;
      if (ar.succeeded()) {
        written(batch.size());
      } else {
        failed(batch.size(), ar.cause());
      }
      done.handle(ar);
      if (ar.succeeded() && pending.size() >= batchSize) {
        write();
      }
    });
    return current;
  }

  /** Writes everything pending (for stop); rows a failed write could not save are logged as lost. */
  public Future<Void> drain() {
    Future<Void> previous = writing ? current : Future.succeededFuture();
    return previous.transform(ignored -> {
      if (pending.isEmpty()) {
        return Future.succeededFuture();
      }
      return flush().transform(ar -> {
        if (ar.failed() && !pending.isEmpty()) {
          LOG.error("Journal rows lost on stop: the database refused the last flush [journal: {}, rows: {}]",
              name, pending.size());
          pending.clear();
          return Future.succeededFuture();
        }
        return drain();
      });
    });
  }

  private void written(int rows) {
    removeOldest(rows);
    if (failures > 0) {
      LOG.info("Journal writes again after {} failed attempts [journal: {}]", failures, name);
      failures = 0;
    }
    if (dropped > 0 && pending.size() < capacity) {
      LOG.error("Journal dropped {} rows while the database was unavailable [journal: {}]", dropped, name);
      dropped = 0;
    }
  }

  private void failed(int rows, Throwable cause) {
    if (refused.test(cause)) {
      removeOldest(rows);
      LOG.error("Journal batch dropped: the database refuses its rows [journal: {}, rows: {}]", name, rows, cause);
      return;
    }
    backingOff = true;
    if (failures++ % WARN_EVERY == 0) {
      LOG.warn("Journal flush failed, will retry [journal: {}, pending: {}, attempt: {}]", name, pending.size(),
          failures, cause);
    }
  }

  private void removeOldest(int rows) {
    for (int i = 0; i < rows; i++) {
      pending.poll();
    }
  }
}

package io.linehub.api.batch;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Opportunistic batching of database writes (group commit): at most {@code maxInFlight} calls at a
 * time; what arrives meanwhile waits and goes in the next call, up to {@code maxBatch} items per
 * call. An idle node sends each item alone at once (batching adds no wait); a busy one amortises
 * the per-call cost (round trip, statement, transaction, WAL flush) over many items, and every item
 * is still answered only after its call has committed. When {@code retryAlone} is set a failed batch
 * is retried item by item, so one bad item never fails its neighbours. Thread-safe: items arrive
 * from several event loops; each result is delivered on the context that submitted it.
 *
 * @param <I> an item to write
 * @param <R> what the write answers for one item
 */
public final class GroupCommit<I, R> {

  private record Pending<I, R>(I item, Context context, Promise<R> promise) {
  }

  private final Function<List<I>, Future<List<R>>> writer;
  private final int maxInFlight;
  private final int maxBatch;
  private final boolean retryAlone;
  private final ArrayDeque<Pending<I, R>> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param writer writes a batch in one call and answers one result per item, in order; its
   *     future fails when the batch as a whole failed
   */
  public GroupCommit(Function<List<I>, Future<List<R>>> writer, int maxInFlight, int maxBatch, boolean retryAlone) {
    if (maxInFlight < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("maxInFlight and maxBatch must be positive");
    }
    this.writer = writer;
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
    this.retryAlone = retryAlone;
  }

  /** Completes on the caller's context once the item's batch has been written, or has failed. */
  public Future<R> submit(I item) {
    Promise<R> promise = Promise.promise();
    synchronized (this) {
      queue.add(new Pending<>(item, Vertx.currentContext(), promise));
    }
    drain();
    return promise.future();
  }

  /** Items waiting for a call (not those in flight). */
  public synchronized int waiting() {
    return queue.size();
  }

  private void drain() {
    while (true) {
      List<Pending<I, R>> batch;
      synchronized (this) {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        inFlight++;
        batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        while (batch.size() < maxBatch && !queue.isEmpty()) {
          batch.add(queue.poll());
        }
      }
      send(batch);
    }
  }

  private void send(List<Pending<I, R>> batch) {
    write(batch.stream().map(Pending::item).toList()).onComplete(ar -> {
      synchronized (this) {
        inFlight--;
      }
      if (ar.succeeded() && ar.result().size() != batch.size()) {
        IllegalStateException wrong = new IllegalStateException(
            "a batch of " + batch.size() + " was answered with " + ar.result().size() + " results");
        batch.forEach(pending -> deliver(pending, Future.failedFuture(wrong)));
      } else if (ar.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          deliver(batch.get(i), Future.succeededFuture(ar.result().get(i)));
        }
      } else if (batch.size() == 1 || !retryAlone) {
        batch.forEach(pending -> deliver(pending, Future.failedFuture(ar.cause())));
      } else {
        for (Pending<I, R> pending : batch) {
          write(List.of(pending.item())).map(results -> results.get(0)).onComplete(alone -> deliver(pending, alone));
        }
      }
      drain();
    });
  }

  private Future<List<R>> write(List<I> items) {
    try {
      return writer.apply(items);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static <R> void deliver(Pending<?, R> pending, AsyncResult<R> result) {
    if (pending.context() == null) {
      pending.promise().handle(result);
    } else {
      pending.context().runOnContext(v -> pending.promise().handle(result));
    }
  }
}

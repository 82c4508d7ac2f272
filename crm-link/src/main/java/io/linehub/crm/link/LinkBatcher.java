package io.linehub.crm.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Opportunistic batching of links: at most {@code maxInFlight} calls to the database at a time;
 * what arrives meanwhile waits and goes in the next call, up to {@code maxBatch} per call. An idle
 * node sends each link alone at once (no added latency); a busy one amortises the per-call cost
 * (protocol, transaction, commit) over many links. A failed batch is retried link by link, so one
 * bad interaction never fails its neighbours. Thread-safe: links arrive from several event loops;
 * each result is delivered on the context that asked.
 */
final class LinkBatcher {

  private record Pending(LinkStore.Item item, Context context, Promise<LinkStore.Linking> promise) {
  }

  private final Pool pool;
  private final LinkStore store;
  private final int maxInFlight;
  private final int maxBatch;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  LinkBatcher(Pool pool, LinkStore store, int maxInFlight, int maxBatch) {
    this.pool = pool;
    this.store = store;
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  Future<LinkStore.Linking> submit(LinkStore.Item item) {
    Promise<LinkStore.Linking> promise = Promise.promise();
    synchronized (this) {
      queue.add(new Pending(item, Vertx.currentContext(), promise));
    }
    drain();
    return promise.future();
  }

  private void drain() {
    while (true) {
      List<Pending> batch;
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

  private void send(List<Pending> batch) {
    store.link(pool, batch.stream().map(Pending::item).toList()).onComplete(ar -> {
      synchronized (this) {
        inFlight--;
      }
      if (ar.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          deliver(batch.get(i), Future.succeededFuture(ar.result().get(i)));
        }
      } else if (batch.size() == 1) {
        deliver(batch.get(0), Future.failedFuture(ar.cause()));
      } else {
        for (Pending pending : batch) {
          store.link(pool, List.of(pending.item())).map(results -> results.get(0))
              .onComplete(alone -> deliver(pending, alone));
        }
      }
      drain();
    });
  }

  private static void deliver(Pending pending, io.vertx.core.AsyncResult<LinkStore.Linking> result) {
    if (pending.context() == null) {
      pending.promise().handle(result);
    } else {
      pending.context().runOnContext(v -> pending.promise().handle(result));
    }
  }
}

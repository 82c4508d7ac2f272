package io.linehub.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Group commit for chat sends: the messages sent while earlier ones are being stored go to the
 * database together, in one transaction ({@link PgChatStore#postMany}), so one WAL flush serves
 * many messages; every one is still acknowledged only after that commit. A message arriving while
 * the database is idle is stored at once, alone: batching adds no wait. Thread-safe: sends come
 * from every connection's event loop.
 */
final class SendBatcher {

  /** Messages stored in one transaction at most. */
  static final int MAX_BATCH = 256;
  /** Transactions in flight at once (they lock dialogs in the same order, so they cannot deadlock). */
  static final int MAX_IN_FLIGHT = 2;

  private record Pending(PgChatStore.Draft draft, Promise<PgChatStore.Posted> promise) {
  }

  private final PgChatStore store;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  SendBatcher(PgChatStore store) {
    this.store = store;
  }

  /** Completes (on the thread that stored the batch) once the message is committed or refused. */
  Future<PgChatStore.Posted> post(PgChatStore.Draft draft) {
    Promise<PgChatStore.Posted> promise = Promise.promise();
    synchronized (this) {
      queue.add(new Pending(draft, promise));
    }
    drain();
    return promise.future();
  }

  private void drain() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      if (inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) {
        return;
      }
      while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(queue.poll());
      }
      inFlight++;
    }
    store.postMany(batch.stream().map(Pending::draft).toList()).onComplete(ar -> {
      synchronized (this) {
        inFlight--;
      }
      for (int i = 0; i < batch.size(); i++) {
        if (ar.succeeded()) {
          ar.result().get(i).onComplete(batch.get(i).promise());
        } else {
          batch.get(i).promise().fail(ar.cause());
        }
      }
      drain();
    });
  }
}

package io.linehub.api.supervisor;

import io.linehub.api.error.LinehubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The supervisor live view for one watcher, gap-free: it subscribes to the deltas before asking
 * for the snapshot and holds them until the snapshot is out, then passes on only those newer than
 * it — no gap, no repeat. Every frame goes to {@code sink} in seq order. Used by the wallboard's
 * own socket and by the supervisor frames of {@code /ws}; runs on the caller's context.
 */
public final class LiveFeed {

  /** How long the snapshot may take before the feed fails. */
  public static final long SNAPSHOT_TIMEOUT_MS = 5_000;

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final DeliveryOptions SNAPSHOT_REQUEST =
      new DeliveryOptions().setLocalOnly(true).setSendTimeout(SNAPSHOT_TIMEOUT_MS);

  private final Vertx vertx;
  private final Consumer<JsonObject> sink;
  /** This feed's watcher id: the live model renders deltas only while some watcher is in. */
  private final String id = java.util.UUID.randomUUID().toString();
  private boolean watching;
  private MessageConsumer<JsonObject> deltas;
  /** Deltas that arrived before the snapshot; null once it is sent. */
  private List<JsonObject> held = new ArrayList<>();
  private long lastSeq = -1;
  private boolean stopped;

  public LiveFeed(Vertx vertx, Consumer<JsonObject> sink) {
    this.vertx = vertx;
    this.sink = sink;
  }

  /** Succeeds once the snapshot went to the sink; fails when the live model does not answer. */
  public Future<Void> start() {
    deltas = vertx.eventBus().localConsumer(SupervisorAddresses.DELTA, delta -> onDelta(delta.body()));
    return deltas.completion()
        .compose(registered -> {
          if (stopped) {
            return Future.failedFuture(new IllegalStateException("the live feed was stopped"));
          }
          watching = true;
          return snapshot(vertx, id);
        })
        .map(snapshot -> {
          onSnapshot(snapshot);
          return (Void) null;
        })
        .onFailure(failure -> stop());
  }

  /** The current snapshot frame of this node's live model. */
  public static Future<JsonObject> snapshot(Vertx vertx) {
    return snapshot(vertx, null);
  }

  private static Future<JsonObject> snapshot(Vertx vertx, String watcher) {
    return vertx.eventBus()
        .<JsonObject>request(SupervisorAddresses.SNAPSHOT, watcher, SNAPSHOT_REQUEST)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(LinehubException.from(failure)));
  }

  public void stop() {
    stopped = true;
    held = null;
    if (watching) {
      watching = false;
      vertx.eventBus().send(SupervisorAddresses.UNWATCH, id, LOCAL);
    }
    if (deltas != null) {
      deltas.unregister();
      deltas = null;
    }
  }

  private void onSnapshot(JsonObject snapshot) {
    if (stopped) {
      return;
    }
    lastSeq = snapshot.getLong("seq");
    sink.accept(snapshot);
    List<JsonObject> pending = held;
    held = null;
    pending.sort(Comparator.comparingLong(frame -> frame.getLong("seq")));
    pending.forEach(this::forward);
  }

  private void onDelta(JsonObject delta) {
    if (stopped) {
      return;
    }
    if (held != null) {
      held.add(delta);
    } else {
      forward(delta);
    }
  }

  private void forward(JsonObject delta) {
    long seq = delta.getLong("seq");
    if (seq > lastSeq) {
      lastSeq = seq;
      sink.accept(delta);
    }
  }
}

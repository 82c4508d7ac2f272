package io.linehub.crm.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.EntityRef;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LinkBatcherTest {

  private final Vertx vertx = TestVertx.create();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Holds every call open until released; fails any batch that holds the poisoned item. */
  private static final class FakeStore implements LinkStore {
    final List<List<Item>> calls = new CopyOnWriteArrayList<>();
    final List<Promise<List<Linking>>> open = new CopyOnWriteArrayList<>();
    Item poisoned;

    @Override
    public Future<List<Linking>> link(SqlClient client, List<Item> items) {
      calls.add(items);
      Promise<List<Linking>> promise = Promise.promise();
      if (items.contains(poisoned)) {
        return Future.failedFuture(new IllegalStateException("constraint violated"));
      }
      List<Linking> results = new ArrayList<>();
      for (Item item : items) {
        results.add(new Linking(new EntityRef(EntityRef.EntityType.LEAD, item.keys()[0]), true, item.keys()[0],
            false, null));
      }
      open.add(promise);
      return promise.future().map(results);
    }

    void releaseAll() {
      open.forEach(p -> p.tryComplete(List.of()));
    }

    @Override
    public Future<Void> lock(SqlConnection tx, Long[] keys) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Lookup> lookup(SqlConnection tx, List<NormalIdentity> identities) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> addCommunications(SqlConnection tx, EntityRef entity, List<NormalIdentity> identities) {
      throw new UnsupportedOperationException();
    }
  }

  private static LinkStore.Item item(long id) {
    return new LinkStore.Item(new Long[] {id}, List.of(), LinkPolicy.CREATE_LEAD,
        new NewCustomer("t", null, io.linehub.api.crm.Channel.PHONE, null), null);
  }

  @Test
  void submitShouldBatchWhatArrivesWhileCallsAreInFlightAndKeepOrder() {
    var store = new FakeStore();
    var batcher = new LinkBatcher(null, store, 1, 3);
    List<Future<LinkStore.Linking>> results = new ArrayList<>();
    for (long id = 1; id <= 5; id++) {
      results.add(batcher.submit(item(id)));
    }
    assertThat(store.calls).hasSize(1).first().asList().hasSize(1);

    store.releaseAll();
    store.releaseAll();
    store.releaseAll();

    assertThat(store.calls.stream().map(List::size)).containsExactly(1, 3, 1);
    for (int i = 0; i < 5; i++) {
      assertThat(results.get(i).result().activityId()).isEqualTo(i + 1L);
    }
  }

  @Test
  void submitShouldFailOnlyTheBadItemWhenItsBatchFails() {
    var store = new FakeStore();
    var batcher = new LinkBatcher(null, store, 1, 10);
    var first = batcher.submit(item(1));
    var good = batcher.submit(item(2));
    store.poisoned = item(3);
    var bad = batcher.submit(store.poisoned);
    var alsoGood = batcher.submit(item(4));

    store.releaseAll();
    store.releaseAll();

    assertThat(first.result().activityId()).isEqualTo(1L);
    assertThat(good.result().activityId()).isEqualTo(2L);
    assertThat(alsoGood.result().activityId()).isEqualTo(4L);
    assertThat(bad.failed()).isTrue();
    assertThat(bad.cause()).hasMessage("constraint violated");
  }
}

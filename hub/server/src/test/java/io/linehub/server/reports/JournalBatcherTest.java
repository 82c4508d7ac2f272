package io.linehub.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batching rules without a database: the writer is a function that records or fails batches. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JournalBatcherTest {

  private static final RuntimeException DOWN = new IllegalStateException("connection refused");
  private static final RuntimeException BAD_DATA = new IllegalArgumentException("refused for good");

  private final List<List<Integer>> written = new ArrayList<>();
  private final List<Promise<Void>> writes = new ArrayList<>();
  private boolean failing;

  @Test
  void addShouldWriteFullBatchesAtOnceAndKeepRestForFlushWhenRowsExceedBatchSize() {
    var batcher = batcher(3, 100, this::recordNow);
    IntStream.range(0, 7).forEach(batcher::add);

    assertThat(written).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5));
    assertThat(batcher.pending()).isEqualTo(1);
    batcher.flush();
    assertThat(written).last().isEqualTo(List.of(6));
    assertThat(batcher.pending()).isZero();
  }

  @Test
  void flushShouldKeepOneWriteInFlightAndFollowWithNextFullBatchWhenItSucceeds() {
    var batcher = batcher(2, 100, this::recordLater);
    IntStream.range(0, 5).forEach(batcher::add);

    assertThat(writes).hasSize(1);
    assertThat(written).containsExactly(List.of(0, 1));
    writes.get(0).complete();
    // what waited behind the write goes in one catch-up batch
    assertThat(written).containsExactly(List.of(0, 1), List.of(2, 3, 4));
    writes.get(1).complete();
    assertThat(writes).hasSize(2);
    assertThat(batcher.pending()).isZero();
  }

  @Test
  void rowsPilingUpBehindASlowWriteShouldGoInBatchesOfAtMostTenTimesTheBatchSize() {
    var batcher = batcher(2, 1_000, this::recordLater);
    IntStream.range(0, 45).forEach(batcher::add);

    assertThat(written).containsExactly(List.of(0, 1));
    writes.get(0).complete();
    writes.get(1).complete();
    writes.get(2).complete();
    writes.get(3).complete();

    assertThat(written).extracting(List::size).containsExactly(2, 20, 20, 3);
    assertThat(written.get(1)).first().isEqualTo(2);
    assertThat(written.get(3)).containsExactly(42, 43, 44);
    assertThat(batcher.pending()).isZero();
  }

  @Test
  void flushShouldRetrySameRowsInOrderWhenWriteFailed() {
    failing = true;
    var batcher = batcher(10, 100, this::recordNow);
    batcher.add(1);
    batcher.add(2);

    assertThat(batcher.flush().failed()).isTrue();
    assertThat(batcher.pending()).isEqualTo(2);
    failing = false;
    batcher.add(3);
    assertThat(batcher.flush().succeeded()).isTrue();

    assertThat(written).last().isEqualTo(List.of(1, 2, 3));
    assertThat(batcher.pending()).isZero();
  }

  @Test
  void addShouldLeaveRetryToTimerWhenLastWriteFailed() {
    failing = true;
    var batcher = batcher(2, 100, this::recordNow);
    IntStream.range(0, 2).forEach(batcher::add);
    assertThat(written).hasSize(1);

    IntStream.range(2, 9).forEach(batcher::add);
    assertThat(written).hasSize(1);

    failing = false;
    batcher.flush();
    // the retry takes everything that waited, in order, in one catch-up batch
    assertThat(written).containsExactly(List.of(0, 1), List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    assertThat(batcher.pending()).isZero();
  }

  @Test
  void addShouldDropNewRowsWhenCapacityIsReachedWhileDatabaseIsDown() {
    failing = true;
    var batcher = batcher(4, 10, this::recordNow);

    List<Boolean> accepted = IntStream.range(0, 13).mapToObj(batcher::add).toList();

    assertThat(accepted.stream().filter(a -> a).count()).isEqualTo(10);
    assertThat(accepted.subList(10, 13)).containsOnly(false);
    failing = false;
    batcher.drain();
    assertThat(written.stream().flatMap(List::stream).distinct().toList())
        .containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
    assertThat(batcher.add(99)).isTrue();
  }

  @Test
  void flushShouldDropBatchWhenDatabaseRefusesItsData() {
    var batcher = new JournalBatcher<Integer>("test", 2, 100, rows -> Future.failedFuture(BAD_DATA),
        failure -> failure == BAD_DATA);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);

    assertThat(batcher.pending()).isEqualTo(1);
  }

  @Test
  void drainShouldWaitForWriteInFlightAndWriteEverythingWhenStopping() {
    var batcher = batcher(2, 100, this::recordLater);
    IntStream.range(0, 5).forEach(batcher::add);

    Future<Void> drained = batcher.drain();
    while (!drained.isComplete()) {
      writes.get(writes.size() - 1).complete();
    }

    assertThat(written).containsExactly(List.of(0, 1), List.of(2, 3, 4));
    assertThat(batcher.pending()).isZero();
  }

  private JournalBatcher<Integer> batcher(int batchSize, int capacity,
      java.util.function.Function<List<Integer>, Future<Void>> writer) {
    return new JournalBatcher<>("test", batchSize, capacity, writer, failure -> failure == BAD_DATA);
  }

  private Future<Void> recordNow(List<Integer> batch) {
    written.add(List.copyOf(batch));
    return failing ? Future.failedFuture(DOWN) : Future.succeededFuture();
  }

  private Future<Void> recordLater(List<Integer> batch) {
    written.add(List.copyOf(batch));
    Promise<Void> promise = Promise.promise();
    writes.add(promise);
    return promise.future();
  }
}

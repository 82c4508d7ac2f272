package io.linehub.api.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  /** Holds every call open until released; fails any batch that holds the poisoned item. */
  private static final class FakeWriter {
    final List<List<Integer>> calls = new ArrayList<>();
    final List<Promise<Void>> open = new ArrayList<>();
    Integer poisoned;

    Future<List<String>> write(List<Integer> items) {
      calls.add(items);
      if (items.contains(poisoned)) {
        return Future.failedFuture(new IllegalStateException("constraint violated"));
      }
      Promise<Void> promise = Promise.promise();
      open.add(promise);
      return promise.future().map(v -> items.stream().map(i -> "stored " + i).toList());
    }

    /** Completes the calls open now (not those they start). */
    void release() {
      List<Promise<Void>> now = new ArrayList<>(open);
      open.clear();
      now.forEach(Promise::complete);
    }
  }

  @Test
  void submitShouldWriteAloneWhenIdleAndBatchWhatArrivesWhileACallIsInFlight() {
    var writer = new FakeWriter();
    var batcher = new GroupCommit<Integer, String>(writer::write, 1, 3, false);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      results.add(batcher.submit(i));
    }
    assertThat(writer.calls).containsExactly(List.of(1));
    assertThat(batcher.waiting()).isEqualTo(4);

    writer.release();
    assertThat(writer.calls).containsExactly(List.of(1), List.of(2, 3, 4));
    assertThat(results.get(1).isComplete()).isFalse();
    writer.release();
    writer.release();

    assertThat(writer.calls).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5));
    for (int i = 0; i < 5; i++) {
      assertThat(results.get(i).result()).isEqualTo("stored " + (i + 1));
    }
  }

  @Test
  void submitShouldKeepAsManyCallsInFlightAsAllowed() {
    var writer = new FakeWriter();
    var batcher = new GroupCommit<Integer, String>(writer::write, 2, 10, false);
    batcher.submit(1);
    batcher.submit(2);
    batcher.submit(3);
    batcher.submit(4);
    assertThat(writer.calls).containsExactly(List.of(1), List.of(2));
    writer.release();
    assertThat(writer.calls).containsExactly(List.of(1), List.of(2), List.of(3, 4));
  }

  @Test
  void aFailedBatchShouldBeRetriedItemByItemSoOnlyTheBadItemFails() {
    var writer = new FakeWriter();
    var batcher = new GroupCommit<Integer, String>(writer::write, 1, 10, true);
    var first = batcher.submit(1);
    var good = batcher.submit(2);
    writer.poisoned = 3;
    var bad = batcher.submit(3);
    var alsoGood = batcher.submit(4);

    writer.release();
    writer.release();

    assertThat(writer.calls).containsExactly(List.of(1), List.of(2, 3, 4), List.of(2), List.of(3), List.of(4));
    assertThat(first.result()).isEqualTo("stored 1");
    assertThat(good.result()).isEqualTo("stored 2");
    assertThat(alsoGood.result()).isEqualTo("stored 4");
    assertThat(bad.cause()).hasMessage("constraint violated");
  }

  @Test
  void withoutRetryAFailedBatchShouldFailEveryItemAndTheNextBatchGoOn() {
    var writer = new FakeWriter();
    var batcher = new GroupCommit<Integer, String>(writer::write, 1, 10, false);
    var first = batcher.submit(1);
    writer.poisoned = 3;
    var second = batcher.submit(2);
    var third = batcher.submit(3);
    writer.release();
    assertThat(second.cause()).hasMessage("constraint violated");
    assertThat(third.cause()).hasMessage("constraint violated");
    assertThat(first.result()).isEqualTo("stored 1");

    var fourth = batcher.submit(4);
    writer.release();
    assertThat(fourth.result()).isEqualTo("stored 4");
  }

  @Test
  void aWriterAnsweringTheWrongNumberOfResultsShouldFailTheBatchNotMisdeliver() {
    var batcher = new GroupCommit<Integer, String>(items -> Future.succeededFuture(List.of("x", "y")), 1, 10, false);
    var throwing = new GroupCommit<Integer, String>(items -> {
      throw new IllegalStateException("writer threw");
    }, 1, 10, false);
    assertThat(batcher.submit(1).cause()).hasMessage("a batch of 1 was answered with 2 results");
    assertThat(throwing.submit(1).cause()).hasMessage("writer threw");
    assertThatThrownBy(() -> new GroupCommit<Integer, String>(items -> null, 0, 1, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

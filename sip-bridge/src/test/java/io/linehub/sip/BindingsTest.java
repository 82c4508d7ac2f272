package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.routing.RegistrationChanged;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BindingsTest {

  private final Vertx vertx = TestVertx.create();
  private final List<RegistrationChanged> changes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void extensionShouldStayRegisteredWhileAnyOfItsContactsIsBound() {
    onContext(() -> {
      Bindings bindings = new Bindings(vertx, changes::add);
      bindings.bind(7, "101", "sip:101@10.0.0.1:5060", Duration.ofMinutes(5), Instant.now());
      bindings.bind(7, "101", "sip:101@10.0.0.2:5062", Duration.ofMinutes(5), Instant.now());
      bindings.bind(7, "101", "sip:101@10.0.0.1:5060", Duration.ZERO, Instant.now());
      assertThat(bindings.contacts("101")).extracting(Bindings.Binding::contact)
          .containsExactly("sip:101@10.0.0.2:5062");
      bindings.drop("101", "sip:101@10.0.0.2:5062");
      return null;
    });

    assertThat(changes).containsExactly(new RegistrationChanged(7, true), new RegistrationChanged(7, false));
  }

  @Test
  void contactShouldExpireOnItsOwnAndUnregisterTheAgentWithTheLast() {
    Bindings bindings = onContext(() -> {
      Bindings b = new Bindings(vertx, changes::add);
      b.bind(8, "102", "sip:102@10.0.0.3:5060", Duration.ofMillis(300), Instant.now());
      return b;
    });
    Promise<Void> gone = Promise.promise();
    vertx.setPeriodic(20, id -> {
      if (changes.contains(new RegistrationChanged(8, false))) {
        vertx.cancelTimer(id);
        gone.tryComplete();
      }
    });
    await(gone.future().timeout(5, TimeUnit.SECONDS));

    assertThat(onContext(() -> bindings.contacts("102"))).isEmpty();
  }

  @Test
  void wildcardShouldRemoveEveryContact() {
    onContext(() -> {
      Bindings bindings = new Bindings(vertx, changes::add);
      bindings.bind(9, "103", "sip:103@10.0.0.4:5060", Duration.ofMinutes(5), Instant.now());
      bindings.bind(9, "103", "sip:103@10.0.0.5:5060", Duration.ofMinutes(5), Instant.now());
      assertThat(bindings.hasHost("103", "10.0.0.5")).isTrue();
      assertThat(bindings.hasHost("104", "10.0.0.5")).as("another extension").isFalse();
      bindings.unbindAll("103");
      assertThat(bindings.hasHost("103", "10.0.0.5")).isFalse();
      return null;
    });

    assertThat(changes).containsExactly(new RegistrationChanged(9, true), new RegistrationChanged(9, false));
  }

  private <T> T onContext(java.util.concurrent.Callable<T> work) {
    Promise<T> done = Promise.promise();
    vertx.runOnContext(ignored -> {
      try {
        done.complete(work.call());
      } catch (Throwable e) {
        done.fail(e);
      }
    });
    return await(done.future());
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}

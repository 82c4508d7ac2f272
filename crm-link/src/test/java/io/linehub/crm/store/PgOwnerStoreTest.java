package io.linehub.crm.store;

import static io.linehub.crm.Await.failure;
import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.IdentityType;
import io.linehub.crm.link.NormalIdentity;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The screen-pop lookup's own rules; the cards themselves are covered through the bus in CrmModuleTest. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PgOwnerStoreTest {

  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("crm").pool(vertx, 2);
  }

  @AfterAll
  static void stop() {
    result(pool.close());
    result(vertx.close());
  }

  @Test
  void aLookupThatWaitedPastTheLimitShouldFailWithoutAQueryAndAFreshOneBeAnswered() {
    AtomicLong now = new AtomicLong();
    // Each reading of the clock moves it on by a bit more than the limit: the lookup is asked at
    // one reading and its batch is built at the next, as if it had queued behind a slow database.
    PgOwnerStore late = new PgOwnerStore(pool, () -> now.getAndAdd(PgOwnerStore.STALE_NANOS + 1));
    List<NormalIdentity> customer = List.of(new NormalIdentity(IdentityType.PHONE, "+74951234567"));

    assertThat(failure(late.card(customer))).hasMessageContaining("waited too long");

    PgOwnerStore prompt = new PgOwnerStore(pool, () -> 42L);
    assertThat(result(prompt.card(customer))).as("an unknown number: no card").isNull();
  }

  @Test
  void aLookupShouldBeQueriedOnlyWhileItsAskerStillWaits() {
    AtomicLong now = new AtomicLong();
    long step = TimeUnit.MILLISECONDS.toNanos(300);
    // The lookup's batch is built 300 ms after it was asked: too late for an asker waiting 200 ms,
    // in time for one waiting 500 ms and for one that did not say (the store's own limit).
    PgOwnerStore queued = new PgOwnerStore(pool, () -> now.getAndAdd(step));
    List<NormalIdentity> customer = List.of(new NormalIdentity(IdentityType.PHONE, "+74951234568"));

    assertThat(failure(queued.card(customer, 200))).hasMessageContaining("waited too long");
    assertThat(result(queued.card(customer, 500))).as("still waited for: queried, an unknown number").isNull();
    assertThat(result(queued.card(customer))).isNull();
  }
}

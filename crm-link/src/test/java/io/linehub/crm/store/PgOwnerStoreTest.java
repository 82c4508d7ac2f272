package io.linehub.crm.store;

import static io.linehub.crm.Await.failure;
import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.IdentityType;
import io.linehub.api.crm.CustomerCard;
import io.linehub.crm.link.NormalIdentity;
import io.linehub.testkit.PlanCounter;
import io.linehub.testkit.TestDatabase;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
  private static TestDatabase database;
  private static Pool pool;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    database = TestPostgres.freshDatabase("crm");
    pool = database.pool(vertx, 2);
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

  @Test
  void theCardQueryShouldBePlannedOncePerConnectionNotOnEveryLookup() {
    // Statements over unnest() of an array parameter: PostgreSQL's custom plan counts the elements,
    // its generic plan guesses ten, so unless told otherwise it re-plans them on every execution
    // (0.3-0.6 ms each, a quarter of the database's time per call in the SIP benchmark).
    Pool one = database.pool(vertx, 1);
    try {
      result(PlanCounter.track(one));
      long lead = result(one.preparedQuery("INSERT INTO crm.leads (title, source) VALUES ('Caller', 'phone') RETURNING id")
          .execute().map(rows -> rows.iterator().next().getLong(0)));
      result(one.preparedQuery("INSERT INTO crm.communications (entity_type, entity_id, type, value) "
          + "VALUES ('lead', $1, 'phone', '+74951110000')").execute(Tuple.of(lead)));
      // A CRM of some size (on a near-empty table the generic plan looks cheap enough by itself).
      result(one.preparedQuery("""
          INSERT INTO crm.communications (entity_type, entity_id, type, value)
          SELECT 'lead', $1, 'phone', '+7495' || (2000000 + g) FROM generate_series(1, 20000) g""")
          .execute(Tuple.of(lead)));
      result(one.query("ANALYZE crm.communications").execute());
      PgOwnerStore store = new PgOwnerStore(one);
      List<NormalIdentity> customer = List.of(new NormalIdentity(IdentityType.PHONE, "+74951110000"));
      PlanCounter.Counts owners = result(PlanCounter.count(one, "FROM crm.communications c"));
      PlanCounter.Counts cards = result(PlanCounter.count(one, "WITH lookups AS"));

      for (int i = 0; i < 12; i++) {
        CustomerCard card = result(store.card(customer));
        assertThat(card.entityId()).isEqualTo(lead);
      }

      PlanCounter.Counts ownerRuns = result(PlanCounter.count(one, "FROM crm.communications c")).minus(owners);
      PlanCounter.Counts cardRuns = result(PlanCounter.count(one, "WITH lookups AS")).minus(cards);
      assertThat(ownerRuns.calls()).as("identity_owners' query ran for every lookup").isEqualTo(12);
      assertThat(ownerRuns.plans()).as("identity_owners' query planned").isLessThanOrEqualTo(1);
      assertThat(cardRuns.calls()).as("the card query ran for every lookup").isEqualTo(12);
      assertThat(cardRuns.plans()).as("the card query planned").isLessThanOrEqualTo(1);
    } finally {
      result(one.close());
    }
  }
}

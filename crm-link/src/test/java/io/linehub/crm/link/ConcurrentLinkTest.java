package io.linehub.crm.link;

import static io.linehub.crm.Await.count;
import static io.linehub.crm.Await.newPhone;
import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.LinkResult;
import io.linehub.crm.CrmModule;
import io.linehub.crm.CrmSettings;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentLinkTest {


  private static Vertx vertx;
  private static Pool pool;
  private static Linker linker;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    var db = TestPostgres.freshDatabase("crm");
    // as the hub configures it: prepared statements cached per connection
    pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(16))
        .connectingTo(new PgConnectOptions(db.options()).setCachePreparedStatements(true))
        .using(vertx)
        .build();
    linker = new CrmModule(vertx, pool, CrmSettings.defaults()).linker();
  }

  @AfterAll
  static void stop() {
    result(pool.close());
    result(vertx.close());
  }

  @Test
  void concurrentLinksShouldCreateOneLeadWhenSameNewNumberCallsFiftyTimes() {
    String phone = newPhone();
    var links = new ArrayList<Future<LinkResult>>();
    for (int i = 0; i < 50; i++) {
      // alternate spellings of the one number: the locks are on the normalised identity
      String spelled = i % 2 == 0 ? phone : "8" + phone.substring(2);
      links.add(linker.link(Interactions.call(spelled).externalId("same-number-" + i).build()));
    }
    List<LinkResult> results = result(Future.all(links)).list();

    assertThat(results).extracting(LinkResult::entity).containsOnly(results.get(0).entity());
    assertThat(results).filteredOn(LinkResult::created).hasSize(1);
    assertThat(count(pool, "SELECT count(*) FROM crm.communications WHERE value = $1", phone)).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM crm.leads l JOIN crm.communications c ON c.entity_type = 'lead'"
        + " AND c.entity_id = l.id WHERE c.value = $1", phone)).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM crm.activities WHERE external_id LIKE 'same-number-%'"))
        .isEqualTo(50);
  }

  @Test
  void concurrentLinksShouldCreateOneLeadPerCustomerWhenNumbersAndEmailsInterleave() {
    int customers = 5;
    var phones = new ArrayList<String>();
    for (int c = 0; c < customers; c++) {
      phones.add(newPhone());
    }
    var links = new ArrayList<Future<LinkResult>>();
    for (int i = 0; i < 100; i++) {
      int c = i % customers;
      var interaction = i % 3 == 0
          ? Interactions.message(Channel.EMAIL, Identity.email("mix" + c + "@example.ru"), Identity.phone(phones.get(c)))
          : Interactions.call(phones.get(c));
      links.add(linker.link(interaction.externalId("mix-" + i).build()));
    }
    // the same external id raced ten times: one activity
    for (int i = 0; i < 10; i++) {
      links.add(linker.link(Interactions.call(phones.get(0)).externalId("mix-raced").build()));
    }
    List<LinkResult> results = result(Future.all(links)).list();

    assertThat(results).filteredOn(LinkResult::created).hasSize(customers);
    assertThat(results.stream().map(LinkResult::entity).distinct()).hasSize(customers);
    assertThat(count(pool, "SELECT count(*) FROM crm.communications WHERE value = ANY($1)",
        (Object) phones.toArray(String[]::new))).isEqualTo(customers);
    assertThat(count(pool, "SELECT count(*) FROM crm.activities WHERE external_id LIKE 'mix-%'")).isEqualTo(101);
    assertThat(results.subList(100, 110)).filteredOn(LinkResult::replayed).hasSize(9);
  }

  @Test
  void burstShouldLinkEveryInteractionOnceWhenThousandsArriveTogether() {
    // Far more links than the batcher lets into the pool at once: they share batched calls, and
    // each still lands once, on the one lead of its number.
    int total = 4000;
    var phones = new ArrayList<String>();
    for (int c = 0; c < 400; c++) {
      phones.add(newPhone());
    }
    var links = new ArrayList<Future<LinkResult>>();
    for (int i = 0; i < total; i++) {
      links.add(linker.link(Interactions.call(phones.get(i % phones.size())).externalId("burst-" + i).build()));
    }
    result(Future.all(links));

    assertThat(count(pool, "SELECT count(*) FROM crm.activities WHERE external_id LIKE 'burst-%'")).isEqualTo(total);
    assertThat(count(pool, "SELECT count(DISTINCT entity_id) FROM crm.activities WHERE external_id LIKE 'burst-%'"))
        .isEqualTo(phones.size());
    for (int i = 0; i < total; i++) {
      LinkResult link = links.get(i).result();
      assertThat(link.replayed()).isFalse();
      assertThat(links.get(i % phones.size()).result().entity()).isEqualTo(link.entity());
    }
    assertThat(links.stream().filter(f -> f.result().created()).count()).isEqualTo(phones.size());
  }
}

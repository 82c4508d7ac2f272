package io.linehub.crm;

import static io.linehub.crm.Await.count;
import static io.linehub.crm.Await.failure;
import static io.linehub.crm.Await.newPhone;
import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.OwnerQuery;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrmModuleTest {

  private static Vertx vertx;
  private static Pool pool;
  private static CrmModule module;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("crm").pool(vertx, 4);
    module = new CrmModule(vertx, pool, CrmSettings.defaults());
    result(module.registerConsumers());
  }

  @AfterAll
  static void stop() {
    result(module.close());
    result(pool.close());
    result(vertx.close());
  }

  @Test
  void migrationsShouldCreateEveryTableWhenDatabaseStartsEmpty() {
    assertThat(count(pool, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'crm'"
        + " AND table_name = ANY($1)", (Object) new String[] {"contacts", "companies", "leads", "deals",
            "communications", "activities", "recordings", "external_calls"})).isEqualTo(8);
  }

  @Test
  void linkRequestShouldReplyLinkResultWhenInteractionIsValid() {
    var interaction = interaction("bus-1", newPhone());

    LinkResult reply = result(vertx.eventBus().<LinkResult>request(CrmAddresses.LINK, interaction)).body();

    assertThat(reply.entity()).startsWith("lead:");
    assertThat(reply.created()).isTrue();
    assertThat(reply.activityId()).isPositive();
  }

  @Test
  void linkRequestShouldFailWithCode400WhenInteractionIsInvalid() {
    var interaction = interaction(null, newPhone());

    Throwable failure = failure(vertx.eventBus().request(CrmAddresses.LINK, interaction));

    assertThat(failure).isInstanceOf(ReplyException.class).hasMessage("externalId: is required");
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
  }

  @Test
  void closeShouldUnregisterConsumerWhenCalled() {
    var other = new CrmModule(vertx, pool, CrmSettings.defaults());
    result(other.registerConsumers());
    result(other.close());
    // the first module still answers
    assertThat(result(vertx.eventBus().<LinkResult>request(CrmAddresses.LINK, interaction("bus-2", newPhone())))
        .body().created()).isTrue();
  }

  @Test
  void findOwnerShouldReplyTheResponsibleUserWhenTheCustomerIsKnownAndNullOtherwise() {
    String phone = newPhone();
    var answered = new Interaction("owner-1", Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED,
        List.of(Identity.phone(phone)), null, 42L, null, null, null, null, null, null, null, null, null);
    result(vertx.eventBus().request(CrmAddresses.LINK, answered));

    OwnerFound known = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(List.of(Identity.phone(phone))))).body();
    OwnerFound unknown = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(List.of(Identity.phone(newPhone()))))).body();

    assertThat(known.responsibleUserId()).isEqualTo(42L);
    assertThat(unknown.responsibleUserId()).isNull();
  }

  @Test
  void findOwnerShouldReplyTheCustomersCardWithItsThreeNewestActivities() {
    String phone = newPhone();
    for (int i = 1; i <= 4; i++) {
      result(vertx.eventBus().request(CrmAddresses.LINK, new Interaction("card-" + phone + "-" + i, Channel.PHONE,
          Direction.INBOUND, Outcome.ANSWERED, List.of(Identity.phone(phone)), "Anna Petrova", 42L, null, null,
          null, null, null, "call " + i, null, null, null)));
    }

    OwnerFound found = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(List.of(Identity.phone(phone))))).body();
    OwnerFound unknown = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(List.of(Identity.phone(newPhone()))))).body();

    var card = found.card();
    assertThat(card).isNotNull();
    assertThat(card.entityType()).isEqualTo("lead");
    assertThat(card.name()).isEqualTo("Anna Petrova");
    assertThat(card.responsibleUserId()).isEqualTo(42L);
    assertThat(found.responsibleUserId()).isEqualTo(42L);
    assertThat(card.lastActivities()).hasSize(3);
    assertThat(card.lastActivities()).extracting(io.linehub.api.crm.CardActivity::id)
        .as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(card.lastActivities().get(0).kind()).isEqualTo("call");
    assertThat(card.lastActivities().get(0).at()).isNotNull();
    assertThat(unknown.card()).isNull();
  }

  private static Interaction interaction(String externalId, String phone) {
    return new Interaction(externalId, Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED,
        List.of(Identity.phone(phone)), null, null, null, null, null, null, null, null, null, null, null);
  }
}

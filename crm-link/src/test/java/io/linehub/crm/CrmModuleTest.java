package io.linehub.crm;

import static io.linehub.crm.Await.count;
import static io.linehub.crm.Await.failure;
import static io.linehub.crm.Await.newPhone;
import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.CardActivity;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.CustomerCard;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.OwnerFound;
import io.linehub.api.crm.OwnerQuery;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  void findOwnerShouldReplyTheContactsCardWithItsCompanyAndThreeNewestActivitiesWhenTheNumberIsKnown() {
    String phone = newPhone();
    long company = insertId("INSERT INTO crm.companies (title) VALUES ('Rosinka LLC') RETURNING id");
    long contact = insertId("INSERT INTO crm.contacts (full_name, company_id, responsible_user_id)"
        + " VALUES ('Anna Petrova', $1, 42) RETURNING id", company);
    holds("contact", contact, "phone", phone);
    for (int i = 1; i <= 4; i++) {
      result(vertx.eventBus().request(CrmAddresses.LINK, new Interaction("card-" + phone + "-" + i, Channel.PHONE,
          Direction.INBOUND, i == 3 ? Outcome.MISSED : Outcome.ANSWERED, List.of(Identity.phone(phone)), null, 7L,
          null, 9L, null, null, null, "call " + i, null, null, null)));
    }

    OwnerFound found = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(List.of(Identity.phone(phone))))).body();

    CustomerCard card = found.card();
    assertThat(card).isNotNull();
    assertThat(card.entityType()).isEqualTo("contact");
    assertThat(card.entityId()).isEqualTo(contact);
    assertThat(card.name()).isEqualTo("Anna Petrova");
    assertThat(card.company()).isEqualTo("Rosinka LLC");
    assertThat(card.responsibleUserId()).isEqualTo(42L);
    assertThat(found.responsibleUserId()).isEqualTo(42L);
    assertThat(card.lastActivities()).extracting(CardActivity::subject).as("the three newest, newest first")
        .containsExactly("call 4", "call 3", "call 2");
    CardActivity missed = card.lastActivities().get(1);
    assertThat(missed.kind()).isEqualTo("callback");
    assertThat(missed.status()).isEqualTo("open");
    assertThat(missed.outcome()).isEqualTo("missed");
    assertThat(card.lastActivities().get(0).kind()).isEqualTo("call");
    assertThat(card.lastActivities().get(0).at()).isAfterOrEqualTo(missed.at());
  }

  @Test
  void findOwnerShouldReplyNoCardWhenTheNumberIsUnknown() {
    OwnerFound unknown = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(List.of(Identity.phone(newPhone()))))).body();

    assertThat(unknown.card()).isNull();
    assertThat(unknown.responsibleUserId()).isNull();
  }

  @Test
  void findOwnerShouldNameTheRecordLinkingAttachesToWhenIdentitiesBelongToALeadAndAContact() {
    // The lead holds the first identity, the contact the second: linking prefers the contact.
    String phone = newPhone();
    String email = "card-" + phone.substring(1) + "@example.com";
    result(vertx.eventBus().request(CrmAddresses.LINK, interaction("lead-first-" + phone, phone)));
    long contact = insertId("INSERT INTO crm.contacts (full_name) VALUES ('Oleg') RETURNING id");
    holds("contact", contact, "email", email);
    List<Identity> identities = List.of(Identity.phone(phone), Identity.email(email));

    OwnerFound found = result(vertx.eventBus().<OwnerFound>request(CrmAddresses.FIND_OWNER,
        new OwnerQuery(identities))).body();
    LinkResult linked = result(vertx.eventBus().<LinkResult>request(CrmAddresses.LINK, new Interaction(
        "contact-wins-" + phone, Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED, identities, null, null, null,
        null, null, null, null, null, null, null, null))).body();

    assertThat(found.card().entityType() + ":" + found.card().entityId()).isEqualTo("contact:" + contact)
        .isEqualTo(linked.entity());
    assertThat(found.card().company()).isNull();
  }

  @Test
  void findOwnerShouldAnswerEachLookupWithItsOwnCardWhenManyArriveTogether() {
    // Sent at once, the lookups share round trips to the database (up to 64 per statement): each
    // must still get its own customer, the unknown ones none, whatever the batch they land in.
    List<String> phones = new ArrayList<>();
    Map<String, Long> contacts = new HashMap<>();
    for (int i = 0; i < 150; i++) {
      String phone = newPhone();
      phones.add(phone);
      if (i % 3 != 0) {
        long contact = insertId("INSERT INTO crm.contacts (full_name, responsible_user_id) VALUES ($1, $2) RETURNING id",
            "Customer " + i, (long) i);
        holds("contact", contact, "phone", phone);
        contacts.put(phone, contact);
      }
    }
    List<Future<io.vertx.core.eventbus.Message<OwnerFound>>> asked = new ArrayList<>();
    for (String phone : phones) {
      // Two identities, the first nobody's: a lookup's identities must stay together and in order.
      asked.add(vertx.eventBus().request(CrmAddresses.FIND_OWNER,
          new OwnerQuery(List.of(Identity.email("nobody-" + phone.substring(1) + "@example.com"), Identity.phone(phone)))));
    }
    result(Future.all(asked));

    for (int i = 0; i < phones.size(); i++) {
      CustomerCard card = asked.get(i).result().body().card();
      Long contact = contacts.get(phones.get(i));
      if (contact == null) {
        assertThat(card).as("lookup %d (unknown)", i).isNull();
      } else {
        assertThat(card).as("lookup %d", i).isNotNull();
        assertThat(card.entityId()).as("lookup %d", i).isEqualTo(contact);
        assertThat(card.name()).isEqualTo("Customer " + i);
        assertThat(card.responsibleUserId()).isEqualTo((long) i);
      }
    }
  }

  private static long insertId(String sql, Object... params) {
    return result(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }

  private static void holds(String entityType, long entityId, String type, String value) {
    result(pool.preparedQuery("INSERT INTO crm.communications (entity_type, entity_id, type, value)"
        + " VALUES ($1, $2, $3, $4)").execute(Tuple.of(entityType, entityId, type, value)));
  }

  private static Interaction interaction(String externalId, String phone) {
    return new Interaction(externalId, Channel.PHONE, Direction.INBOUND, Outcome.ANSWERED,
        List.of(Identity.phone(phone)), null, null, null, null, null, null, null, null, null, null, null);
  }
}

package io.linehub.crm.link;

import static io.linehub.crm.Await.count;
import static io.linehub.crm.Await.failure;
import static io.linehub.crm.Await.newPhone;
import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.crm.LeadCreated;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.LinkResult;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Recording;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.crm.CrmModule;
import io.linehub.crm.CrmSettings;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkerTest {

  private static Vertx vertx;
  private static Pool pool;
  private static Linker linker;
  private static final CopyOnWriteArrayList<LeadCreated> LEADS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("crm").pool(vertx, 8);
    linker = new CrmModule(vertx, pool, CrmSettings.defaults()).linker();
    vertx.eventBus().<LeadCreated>consumer(CrmAddresses.LEAD_CREATED, m -> LEADS.add(m.body()));
  }

  @AfterAll
  static void stop() {
    result(pool.close());
    result(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void linkShouldCreateLeadWithDoneCallWhenAnsweredCallComesFromNewNumber() {
    String phone = newPhone();
    LinkResult link = result(linker.link(Interactions.call(phone).agent(5L).name("Ivan").build()));

    assertThat(link.created()).isTrue();
    assertThat(link.replayed()).isFalse();
    assertThat(link.responsibleUserId()).isEqualTo(5L);
    Row lead = row("SELECT * FROM crm.leads WHERE id = $1", id(link));
    assertThat(lead.getString("status")).isEqualTo("new");
    assertThat(lead.getString("source")).isEqualTo("phone");
    assertThat(lead.getString("title")).isEqualTo("Call from " + phone);
    assertThat(lead.getString("name")).isEqualTo("Ivan");
    assertThat(lead.getLong("responsible_user_id")).isEqualTo(5L);
    Row activity = activity(link);
    assertThat(activity.getString("kind")).isEqualTo("call");
    assertThat(activity.getString("status")).isEqualTo("done");
    assertThat(activity.getString("outcome")).isEqualTo("answered");
    assertThat(activity.getLong("responsible_user_id")).isEqualTo(5L);
    assertThat(activity.getString("entity_type") + ":" + activity.getLong("entity_id")).isEqualTo(link.entity());
    assertThat(count(pool, "SELECT count(*) FROM crm.communications WHERE type = 'phone' AND value = $1", phone))
        .isEqualTo(1);
    assertThat(LEADS).contains(new LeadCreated(id(link), Channel.PHONE, 5L));
  }

  @Test
  void linkShouldOpenCallbackForLineResponsibleWhenInboundCallIsMissed() {
    LinkResult link = result(linker.link(Interactions.call(newPhone()).outcome(Outcome.MISSED).build()));

    Row activity = activity(link);
    assertThat(activity.getString("kind")).isEqualTo("callback");
    assertThat(activity.getString("status")).isEqualTo("open");
    assertThat(activity.getLong("responsible_user_id")).isEqualTo(77L);
    assertThat(link.responsibleUserId()).isEqualTo(77L);
  }

  @Test
  void linkShouldKeepDoneCallWhenOutboundCallIsUnanswered() {
    LinkResult link = result(linker.link(Interactions.call(newPhone()).outbound().outcome(Outcome.BUSY)
        .agent(6L).build()));

    Row activity = activity(link);
    assertThat(activity.getString("kind")).isEqualTo("call");
    assertThat(activity.getString("status")).isEqualTo("done");
    assertThat(activity.getString("outcome")).isEqualTo("busy");
    assertThat(row("SELECT title FROM crm.leads WHERE id = $1", id(link)).getString("title")).startsWith("Call to +");
  }

  @Test
  void linkShouldFindContactWhenPhoneIsWrittenInAnotherFormat() {
    long contact = insert("contact", "+74957654321", 9L);

    LinkResult link = result(linker.link(Interactions.call("8 (495) 765-43-21").build()));

    assertThat(link.entity()).isEqualTo("contact:" + contact);
    assertThat(link.created()).isFalse();
    assertThat(link.responsibleUserId()).isEqualTo(9L);
    assertThat(activity(link).getLong("responsible_user_id")).isEqualTo(9L);
  }

  @Test
  void linkShouldPreferContactWhenLeadAlsoMatches() {
    String phone = newPhone();
    insert("lead", phone, 1L);
    long contact = insert("contact", "mail", "both@example.ru", 2L);

    LinkResult link = result(linker.link(Interactions.message(Channel.EMAIL, Identity.phone(phone),
        Identity.email("Both@Example.ru")).build()));

    assertThat(link.entity()).isEqualTo("contact:" + contact);
  }

  @Test
  void linkShouldAddUnheldIdentityWhenTwoRecordsHoldTheOther() {
    String phone = newPhone();
    insert("lead", phone, 1L);
    long contact = insert("contact", phone, 2L);
    String email = "second-" + phone.substring(1) + "@example.ru";

    LinkResult link = result(linker.link(Interactions.message(Channel.EMAIL, Identity.phone(phone),
        Identity.email(email)).build()));

    assertThat(link.entity()).isEqualTo("contact:" + contact);
    assertThat(count(pool, "SELECT count(*) FROM crm.communications WHERE type = 'email' AND value = $1"
        + " AND entity_type = 'contact' AND entity_id = $2", email, contact)).isEqualTo(1);
  }

  @Test
  void linkShouldMatchCompanyWhenNoContactHoldsIdentity() {
    String phone = newPhone();
    long company = insert("company", phone, 3L);

    LinkResult link = result(linker.link(Interactions.call(phone).outcome(Outcome.MISSED).lineResponsible(null)
        .build()));

    assertThat(link.entity()).isEqualTo("company:" + company);
    assertThat(activity(link).getLong("responsible_user_id")).isEqualTo(3L);
  }

  @Test
  void linkShouldMatchOpenOrSpamLeadWhenOnlyLeadHoldsIdentity() {
    String inProgress = newPhone();
    long lead = insert("lead", inProgress, 4L);
    exec("UPDATE crm.leads SET status = 'in_progress' WHERE id = $1", lead);
    String spam = newPhone();
    long spamLead = insert("lead", spam, 4L);
    exec("UPDATE crm.leads SET status = 'junk', loss_reason = 'spam' WHERE id = $1", spamLead);

    assertThat(result(linker.link(Interactions.call(inProgress).build())).entity()).isEqualTo("lead:" + lead);
    assertThat(result(linker.link(Interactions.call(spam).build())).entity()).isEqualTo("lead:" + spamLead);
  }

  @Test
  void linkShouldCreateNewLeadWhenOnlyConvertedOrDeadLeadHoldsIdentity() {
    String phone = newPhone();
    long converted = insert("lead", phone, 4L);
    exec("UPDATE crm.leads SET status = 'converted' WHERE id = $1", converted);
    String wrong = newPhone();
    long dead = insert("lead", wrong, 4L);
    exec("UPDATE crm.leads SET status = 'junk', loss_reason = 'wrong_contact' WHERE id = $1", dead);

    LinkResult first = result(linker.link(Interactions.call(phone).build()));
    LinkResult second = result(linker.link(Interactions.call(wrong).build()));

    assertThat(first.created()).isTrue();
    assertThat(first.entity()).isNotEqualTo("lead:" + converted);
    assertThat(second.created()).isTrue();
  }

  @Test
  void linkShouldOpenEmailActivityWhenEmailIsInbound() {
    LinkResult link = result(linker.link(Interactions.message(Channel.EMAIL, Identity.email("New@Client.ru"))
        .name("Olga").build()));

    Row activity = activity(link);
    assertThat(activity.getString("kind")).isEqualTo("email");
    assertThat(activity.getString("status")).isEqualTo("open");
    Row lead = row("SELECT * FROM crm.leads WHERE id = $1", id(link));
    assertThat(lead.getString("source")).isEqualTo("email");
    assertThat(lead.getString("title")).isEqualTo("E-mail from Olga");
  }

  @Test
  void linkShouldOpenOpenlineActivityWhenTelegramMessageIsInbound() {
    LinkResult link = result(linker.link(Interactions.message(Channel.TELEGRAM,
        new Identity(IdentityType.TELEGRAM, "telegram:5551")).name("Ivan").build()));

    assertThat(activity(link).getString("kind")).isEqualTo("openline");
    assertThat(activity(link).getString("status")).isEqualTo("open");
    assertThat(row("SELECT title FROM crm.leads WHERE id = $1", id(link)).getString("title"))
        .isEqualTo("Telegram message from Ivan");
    assertThat(count(pool, "SELECT count(*) FROM crm.communications WHERE type = 'telegram' AND value = '5551'"))
        .isEqualTo(1);
  }

  @Test
  void linkShouldAddNewIdentityToCustomerWhenInteractionCarriesOne() {
    long contact = insert("contact", "telegram", "7001", 2L);

    LinkResult link = result(linker.link(Interactions.message(Channel.TELEGRAM,
        new Identity(IdentityType.TELEGRAM, "7001"), Identity.email("found@later.ru")).build()));

    assertThat(link.entity()).isEqualTo("contact:" + contact);
    assertThat(count(pool, "SELECT count(*) FROM crm.communications WHERE entity_type = 'contact'"
        + " AND entity_id = $1 AND type = 'email' AND value = 'found@later.ru'", contact)).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM crm.leads WHERE title LIKE '%7001%'")).isZero();
  }

  @Test
  void linkShouldWriteUnboundActivityWhenPolicyIsActivityOnly() {
    LinkResult link = result(linker.link(Interactions.call(newPhone()).policy(LinkPolicy.ACTIVITY_ONLY).build()));

    assertThat(link.entity()).isNull();
    assertThat(link.created()).isFalse();
    assertThat(activity(link).getString("entity_type")).isNull();
  }

  @Test
  void linkShouldCreateContactWhenPolicyIsCreateContact() {
    LinkResult link = result(linker.link(Interactions.call(newPhone()).name("Petr Petrov")
        .policy(LinkPolicy.CREATE_CONTACT).build()));

    assertThat(link.entity()).startsWith("contact:");
    assertThat(link.created()).isTrue();
    assertThat(row("SELECT full_name FROM crm.contacts WHERE id = $1", id(link)).getString("full_name"))
        .isEqualTo("Petr Petrov");
  }

  @Test
  void linkShouldStoreRecordingWhenCallHasOne() {
    String sha = "ab".repeat(32);
    LinkResult link = result(linker.link(Interactions.call(newPhone())
        .recording(new Recording("https://rec/1.wav", "audio/wav", 42, 1234L, sha, 2, "pbx")).build()));

    Row recording = row("SELECT * FROM crm.recordings WHERE activity_id = $1", link.activityId());
    assertThat(recording.getString("uri")).isEqualTo("https://rec/1.wav");
    assertThat(recording.getLong("size_bytes")).isEqualTo(1234L);
    assertThat(recording.getString("sha256")).isEqualTo(sha);
    assertThat(recording.getInteger("channels")).isEqualTo(2);
  }

  @Test
  void linkShouldReplayFirstResultWhenExternalIdRepeats() {
    var interaction = Interactions.call(newPhone()).externalId("call-replay@pbx").build();
    LinkResult first = result(linker.link(interaction));
    LinkResult again = result(linker.link(interaction));

    assertThat(again.replayed()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.entity()).isEqualTo(first.entity());
    assertThat(again.activityId()).isEqualTo(first.activityId());
    assertThat(count(pool, "SELECT count(*) FROM crm.activities WHERE external_id = 'call-replay@pbx'"))
        .isEqualTo(1);
  }

  @Test
  void linkShouldFailWithBadRequestWhenExternalIdIsBlankOrPhoneInvalid() {
    Throwable blank = failure(linker.link(Interactions.call(newPhone()).externalId(" ").build()));
    Throwable phone = failure(linker.link(Interactions.call("12").build()));

    assertThat(blank).isInstanceOf(LinehubException.class).hasMessage("externalId: is required");
    assertThat(((LinehubException) phone).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(phone).hasMessageStartingWith("phone: '12'");
  }

  private static long insert(String type, String phone, Long responsible) {
    return insert(type, "phone", phone, responsible);
  }

  private static long insert(String type, String commType, String value, Long responsible) {
    String sql = switch (type) {
      case "contact" -> "INSERT INTO crm.contacts (full_name, responsible_user_id) VALUES ('Known', $1) RETURNING id";
      case "company" -> "INSERT INTO crm.companies (title, responsible_user_id) VALUES ('ACME', $1) RETURNING id";
      default -> "INSERT INTO crm.leads (title, source, responsible_user_id) VALUES ('Old', 'phone', $1) RETURNING id";
    };
    long id = row(sql, responsible).getLong("id");
    exec("INSERT INTO crm.communications (entity_type, entity_id, type, value) VALUES ($1, $2, $3, $4)",
        type, id, "mail".equals(commType) ? "email" : commType, value);
    return id;
  }

  private static long id(LinkResult link) {
    return Long.parseLong(link.entity().substring(link.entity().indexOf(':') + 1));
  }

  private static Row activity(LinkResult link) {
    return row("SELECT * FROM crm.activities WHERE id = $1", link.activityId());
  }

  static Row row(String sql, Object... params) {
    return result(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next();
  }

  static void exec(String sql, Object... params) {
    result(pool.preparedQuery(sql).execute(Tuple.from(params)));
  }
}

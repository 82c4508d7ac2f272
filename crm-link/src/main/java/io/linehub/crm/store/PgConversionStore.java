package io.linehub.crm.store;

import io.linehub.api.error.LinehubException;
import io.linehub.crm.link.LinkStore;
import io.linehub.crm.link.LockKeys;
import io.linehub.crm.link.NormalIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;

/**
 * Converts a qualified lead into a contact (plus a company and a deal when asked). The lead's
 * communications and activities move to the new contact, so the customer's identities and
 * timeline stay in one place and linking finds the contact from then on.
 */
public final class PgConversionStore {

  /** The optional deal of a conversion; null fields take the lead's values or the defaults. */
  public record DealDraft(String title, BigDecimal amount, String currency, String pipeline, String stage) {

    public DealDraft {
      if (currency != null && !currency.matches("^[A-Z]{3}$")) {
        throw LinehubException.badRequest("deal.currency: must be a 3-letter ISO 4217 code such as RUB");
      }
      var stages = RecordKind.Lists.STAGES.get(pipeline == null ? "equipment" : pipeline);
      if (stages == null) {
        throw LinehubException.badRequest("deal.pipeline: must be one of "
            + String.join(", ", RecordKind.Lists.PIPELINES));
      }
      if (stage != null && !stages.contains(stage)) {
        throw LinehubException.badRequest("deal.stage: must be one of " + String.join(", ", stages));
      }
    }
  }

  private static final String LEAD_IDENTITIES =
      "SELECT type, value FROM crm.communications WHERE entity_type = 'lead' AND entity_id = $1";
  private static final String LEAD = "SELECT * FROM crm.leads WHERE id = $1 FOR UPDATE";
  private static final String COMPANY = "INSERT INTO crm.companies (title, responsible_user_id, source)"
      + " VALUES ($1, $2, $3) RETURNING id";
  private static final String CONTACT = "INSERT INTO crm.contacts (first_name, last_name, full_name, position,"
      + " company_id, responsible_user_id, source, comments) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
  private static final String DEAL = "INSERT INTO crm.deals (title, amount, currency, pipeline, stage, contact_id,"
      + " company_id, lead_id, responsible_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  private static final String MOVE_COMMUNICATIONS = "UPDATE crm.communications SET entity_type = 'contact',"
      + " entity_id = $2 WHERE entity_type = 'lead' AND entity_id = $1";
  private static final String MOVE_ACTIVITIES = "UPDATE crm.activities SET entity_type = 'contact', entity_id = $2,"
      + " updated_at = now() WHERE entity_type = 'lead' AND entity_id = $1";
  private static final String CONVERTED = "UPDATE crm.leads SET status = 'converted', converted_contact_id = $2,"
      + " converted_company_id = $3, converted_deal_id = $4, converted_at = now(), updated_at = now() WHERE id = $1";

  private final Pool pool;
  private final LinkStore links;

  public PgConversionStore(Pool pool, LinkStore links) {
    this.pool = pool;
    this.links = links;
  }

  /** {@code {"contact":"contact:7","company":"company:3"|null,"deal":"deal:9"|null}}; 409 unless the lead is open. */
  public Future<JsonObject> convert(long leadId, Boolean createCompany, DealDraft deal) {
    return pool.withTransaction(tx -> tx.preparedQuery(LEAD_IDENTITIES).execute(Tuple.of(leadId))
            .compose(rows -> {
              var identities = new java.util.ArrayList<NormalIdentity>();
              rows.forEach(row -> identities.add(
                  new NormalIdentity(NormalIdentity.typeOf(row.getString("type")), row.getString("value"))));
              // the same locks as linking: a concurrent link waits and then finds the contact
              return links.lock(tx, LockKeys.of(identities));
            })
            .compose(locked -> tx.preparedQuery(LEAD).execute(Tuple.of(leadId)))
            .compose(rows -> {
              if (rows.size() == 0) {
                throw LinehubException.notFound("lead:" + leadId + " not found");
              }
              Row lead = rows.iterator().next();
              String status = lead.getString("status");
              if ("converted".equals(status) || "junk".equals(status)) {
                throw LinehubException.conflict("lead:" + leadId + " is " + status + " and cannot be converted");
              }
              return convert(tx, lead, createCompany, deal);
            }))
        .recover(PgErrors::mapped);
  }

  private Future<JsonObject> convert(SqlConnection tx, Row lead, Boolean createCompany, DealDraft deal) {
    long leadId = lead.getLong("id");
    Long responsible = lead.getLong("responsible_user_id");
    String companyTitle = lead.getString("company_title");
    boolean withCompany = createCompany != null ? createCompany : companyTitle != null;
    Future<Long> company = withCompany
        ? tx.preparedQuery(COMPANY)
            .execute(Tuple.of(companyTitle != null ? companyTitle : lead.getString("title"), responsible,
                lead.getString("source")))
            .map(rows -> rows.iterator().next().getLong("id"))
        : Future.succeededFuture(null);
    return company.compose(companyId -> tx.preparedQuery(CONTACT)
            .execute(Tuple.tuple().addValue(lead.getString("first_name")).addValue(lead.getString("last_name"))
                .addValue(fullName(lead)).addValue(lead.getString("position")).addValue(companyId)
                .addValue(responsible).addValue(lead.getString("source")).addValue(lead.getString("comments")))
            .map(rows -> rows.iterator().next().getLong("id"))
            .compose(contactId -> createDeal(tx, lead, deal, contactId, companyId)
                .compose(dealId -> tx.preparedQuery(MOVE_COMMUNICATIONS).execute(Tuple.of(leadId, contactId))
                    .compose(moved -> tx.preparedQuery(MOVE_ACTIVITIES).execute(Tuple.of(leadId, contactId)))
                    .compose(moved -> tx.preparedQuery(CONVERTED)
                        .execute(Tuple.of(leadId, contactId, companyId, dealId)))
                    .map(done -> new JsonObject()
                        .put("contact", "contact:" + contactId)
                        .put("company", companyId == null ? null : "company:" + companyId)
                        .put("deal", dealId == null ? null : "deal:" + dealId)))));
  }

  private static Future<Long> createDeal(SqlConnection tx, Row lead, DealDraft deal, Long contactId, Long companyId) {
    if (deal == null) {
      return Future.succeededFuture(null);
    }
    return tx.preparedQuery(DEAL)
        .execute(Tuple.tuple()
            .addValue(deal.title() != null ? deal.title() : lead.getString("title"))
            .addValue(deal.amount() != null ? deal.amount() : lead.getBigDecimal("probable_price"))
            .addValue(deal.currency() != null ? deal.currency() : "RUB")
            .addValue(deal.pipeline() != null ? deal.pipeline() : "equipment")
            .addValue(deal.stage() != null ? deal.stage() : "new")
            .addValue(contactId).addValue(companyId).addValue(lead.getLong("id"))
            .addValue(lead.getLong("responsible_user_id")))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  private static String fullName(Row lead) {
    String name = lead.getString("name");
    if (name != null) {
      return name;
    }
    String joined = ((lead.getString("first_name") == null ? "" : lead.getString("first_name")) + " "
        + (lead.getString("last_name") == null ? "" : lead.getString("last_name"))).trim();
    return joined.isEmpty() ? lead.getString("title") : joined;
  }
}

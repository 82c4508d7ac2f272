package io.linehub.crm.store;

import static io.linehub.crm.store.FieldSpec.choice;
import static io.linehub.crm.store.FieldSpec.decimal;
import static io.linehub.crm.store.FieldSpec.id;
import static io.linehub.crm.store.FieldSpec.text;
import static io.linehub.crm.store.FieldSpec.time;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.EntityRef.EntityType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The four CRM record kinds, their tables, fields and the columns {@code q} searches. */
public enum RecordKind {
  LEAD("leads", EntityType.LEAD, List.of("title", "name", "company_title"), true, List.of(
      text("title", "title"), text("name", "name"), text("firstName", "first_name"), text("lastName", "last_name"),
      text("companyTitle", "company_title"), text("position", "position"), choice("source", "source", Lists.CHANNELS),
      choice("status", "status", Lists.LEAD_STATUSES), choice("lossReason", "loss_reason", Lists.LOSS_REASONS),
      id("responsibleUserId", "responsible_user_id"), text("howHeard", "how_heard"),
      choice("equipmentCategory", "equipment_category", List.of("large", "small")),
      text("probableEquipment", "probable_equipment"), decimal("probablePrice", "probable_price"),
      text("comments", "comments"), id("convertedContactId", "converted_contact_id").readOnly(),
      id("convertedCompanyId", "converted_company_id").readOnly(), id("convertedDealId", "converted_deal_id").readOnly(),
      time("convertedAt", "converted_at"))),
  CONTACT("contacts", EntityType.CONTACT, List.of("full_name", "first_name", "last_name"), true, List.of(
      text("firstName", "first_name"), text("lastName", "last_name"), text("fullName", "full_name"),
      text("position", "position"), id("companyId", "company_id"), id("responsibleUserId", "responsible_user_id"),
      choice("source", "source", Lists.CHANNELS), text("comments", "comments"))),
  COMPANY("companies", EntityType.COMPANY, List.of("title"), true, List.of(
      text("title", "title"), text("companyType", "company_type"), text("industry", "industry"),
      text("address", "address"), text("website", "website"), id("responsibleUserId", "responsible_user_id"),
      choice("source", "source", Lists.CHANNELS), text("comments", "comments"))),
  DEAL("deals", EntityType.DEAL, List.of("title"), false, List.of(
      text("title", "title"), decimal("amount", "amount"), text("currency", "currency"),
      choice("pipeline", "pipeline", Lists.PIPELINES), text("stage", "stage"),
      id("contactId", "contact_id"), id("companyId", "company_id"), id("leadId", "lead_id").readOnly(),
      id("responsibleUserId", "responsible_user_id"), text("comments", "comments")));

  private final String path;
  private final EntityType entityType;
  private final List<String> searchColumns;
  private final boolean communications;
  private final List<FieldSpec> fields;

  RecordKind(String path, EntityType entityType, List<String> searchColumns, boolean communications,
      List<FieldSpec> fields) {
    this.path = path;
    this.entityType = entityType;
    this.searchColumns = searchColumns;
    this.communications = communications;
    this.fields = fields;
  }

  /** The plural in the URL and the table name: {@code leads} is {@code crm.leads}. */
  public String path() {
    return path;
  }

  public String table() {
    return "crm." + path;
  }

  public EntityType entityType() {
    return entityType;
  }

  public List<String> searchColumns() {
    return searchColumns;
  }

  /** Whether it holds phones, e-mails and messenger ids (deals do not). */
  public boolean hasCommunications() {
    return communications;
  }

  public List<FieldSpec> fields() {
    return fields;
  }

  public FieldSpec field(String json) {
    return fields.stream().filter(f -> f.json().equals(json)).findFirst().orElseThrow();
  }

  public static RecordKind of(EntityType type) {
    return Arrays.stream(values()).filter(kind -> kind.entityType == type).findFirst().orElseThrow();
  }

  /** The closed value lists of the seeds. */
  public static final class Lists {

    public static final List<String> CHANNELS = Arrays.stream(Channel.values()).map(Sql::wire).toList();
    public static final List<String> LEAD_STATUSES = List.of("new", "in_progress", "converted", "junk");
    public static final List<String> LOSS_REASONS = List.of("spam", "wrong_contact", "not_our_product");
    /** Deal pipelines ("directions") and their stages; {@code lost_*} are the losing stages. */
    public static final List<String> PIPELINES = List.of("equipment", "service");
    public static final Map<String, List<String>> STAGES = Map.of(
        "equipment", List.of("new", "interest", "purchase_check", "offer", "contract_invoice", "delivery",
            "installation", "post_payment", "won", "lost_price", "lost_timing", "lost_assortment"),
        "service", List.of("new", "offer", "contract_invoice", "won", "lost_price", "lost_service"));

    private Lists() {
    }
  }
}

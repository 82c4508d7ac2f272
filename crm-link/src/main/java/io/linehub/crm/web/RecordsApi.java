package io.linehub.crm.web;

import io.linehub.api.crm.CrmAddresses;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.crm.LeadCreated;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Page;
import io.linehub.api.web.Replies;
import io.linehub.crm.link.NormalIdentity;
import io.linehub.crm.link.Normalizer;
import io.linehub.crm.store.Communications;
import io.linehub.crm.store.FieldSpec;
import io.linehub.crm.store.PgConversionStore;
import io.linehub.crm.store.PgConversionStore.DealDraft;
import io.linehub.crm.store.RecordKind;
import io.linehub.crm.store.RecordStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /crm/leads|contacts|companies|deals}: search, read, create, patch; lead conversion. */
final class RecordsApi {

  private final RecordStore records;
  private final PgConversionStore conversions;
  private final Normalizer normalizer;

  RecordsApi(RecordStore records, PgConversionStore conversions, Normalizer normalizer) {
    this.records = records;
    this.conversions = conversions;
    this.normalizer = normalizer;
  }

  void mount(Router api) {
    for (RecordKind kind : RecordKind.values()) {
      String base = "/crm/" + kind.path();
      api.get(base).handler(ctx -> list(ctx, kind));
      api.post(base).handler(ctx -> create(ctx, kind));
      api.get(base + "/:id").handler(ctx -> Replies.reply(ctx, 200, records.get(kind, Fields.idParam(ctx, "id"))));
      api.patch(base + "/:id").handler(ctx -> patch(ctx, kind));
    }
    api.post("/crm/leads/:id/convert").handler(this::convert);
  }

  private void list(RoutingContext ctx, RecordKind kind) {
    Page page = Page.of(ctx);
    String phone = query(ctx, "phone");
    String email = query(ctx, "email");
    String status = query(ctx, "status");
    if (status != null && (kind != RecordKind.LEAD || !RecordKind.Lists.LEAD_STATUSES.contains(status))) {
      throw LinehubException.badRequest("status: must be one of " + String.join(", ", RecordKind.Lists.LEAD_STATUSES)
          + " (leads only)");
    }
    var filter = new RecordStore.Filter(phone == null ? null : normalizer.phone("phone", phone),
        email == null ? null : normalizer.email("email", email), query(ctx, "q"), status);
    Replies.reply(ctx, 200, records.list(kind, filter, page));
  }

  private void create(RoutingContext ctx, RecordKind kind) {
    JsonObject body = Fields.body(ctx);
    var created = records.create(kind, values(kind, body), communications(kind, body));
    if (kind == RecordKind.LEAD) {
      created = created.onSuccess(lead -> ctx.vertx().eventBus().publish(CrmAddresses.LEAD_CREATED,
          new LeadCreated(lead.getLong("id"), Fields.parseEnum("source", lead.getString("source"), Channel.class),
              lead.getLong("responsibleUserId"))));
    }
    Replies.reply(ctx, 201, created);
  }

  private void patch(RoutingContext ctx, RecordKind kind) {
    long id = Fields.idParam(ctx, "id");
    JsonObject body = Fields.body(ctx);
    Replies.reply(ctx, 200, records.patch(kind, id, values(kind, body), communications(kind, body)));
  }

  private void convert(RoutingContext ctx) {
    long id = Fields.idParam(ctx, "id");
    JsonObject body = Inputs.optionalBody(ctx);
    Boolean createCompany = Fields.optBoolean(body, "createCompany");
    JsonObject deal = Fields.optObject(body, "deal");
    DealDraft draft = deal == null ? null : dealDraft(deal);
    Replies.reply(ctx, 200, conversions.convert(id, createCompany, draft));
  }

  private static DealDraft dealDraft(JsonObject deal) {
    try {
      return new DealDraft(Fields.optString(deal, "title"), Fields.optDecimal(deal, "amount"),
          Fields.optString(deal, "currency"), Fields.optString(deal, "pipeline"), Fields.optString(deal, "stage"));
    } catch (LinehubException e) {
      throw e.getMessage().startsWith("deal.") ? e : LinehubException.badRequest("deal." + e.getMessage());
    }
  }

  /** The writable fields present in the body, checked one by one; unknown fields are ignored. */
  private static Map<String, Object> values(RecordKind kind, JsonObject body) {
    var values = new LinkedHashMap<String, Object>();
    for (FieldSpec field : kind.fields()) {
      if (field.writable() && body.containsKey(field.json())) {
        values.put(field.json(), field.read(body));
      }
    }
    return values;
  }

  private Communications communications(RecordKind kind, JsonObject body) {
    JsonArray phones = Fields.optArray(body, "phones");
    JsonArray emails = Fields.optArray(body, "emails");
    JsonArray messengers = Fields.optArray(body, "messengers");
    if (!kind.hasCommunications() && (phones != null || emails != null || messengers != null)) {
      throw LinehubException.badRequest("phones: a " + kind.entityType().wire() + " has no communications of its own");
    }
    return new Communications(
        phones == null ? null : strings(phones, "phones", IdentityType.PHONE),
        emails == null ? null : strings(emails, "emails", IdentityType.EMAIL),
        messengers == null ? null : messengers(messengers));
  }

  private List<NormalIdentity> strings(JsonArray array, String field, IdentityType type) {
    var out = new ArrayList<NormalIdentity>();
    for (int i = 0; i < array.size(); i++) {
      String name = field + "[" + i + "]";
      if (!(array.getValue(i) instanceof String raw)) {
        throw LinehubException.badRequest(name + ": must be a string");
      }
      String value = type == IdentityType.PHONE ? normalizer.phone(name, raw) : normalizer.email(name, raw);
      var identity = new NormalIdentity(type, value);
      if (!out.contains(identity)) {
        out.add(identity);
      }
    }
    return out;
  }

  private List<NormalIdentity> messengers(JsonArray array) {
    var out = new ArrayList<NormalIdentity>();
    for (int i = 0; i < array.size(); i++) {
      String name = "messengers[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject item)) {
        throw LinehubException.badRequest(name + ": must be an object {\"type\",\"value\"}");
      }
      IdentityType type = Fields.parseEnum(name + ".type", Fields.requireString(item, "type"), IdentityType.class);
      if (type == IdentityType.PHONE || type == IdentityType.EMAIL) {
        throw LinehubException.badRequest(name + ".type: phones and e-mails go in \"phones\" and \"emails\"");
      }
      var identity = new NormalIdentity(type, normalizer.messenger(name + ".value", type, item.getString("value")));
      if (!out.contains(identity)) {
        out.add(identity);
      }
    }
    return out;
  }

  private static String query(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}

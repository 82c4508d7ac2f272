package io.linehub.crm.web;

import io.linehub.api.auth.Caller;
import io.linehub.api.crm.EntityRef;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Page;
import io.linehub.api.web.Replies;
import io.linehub.crm.store.ActivityStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /crm/activities}: a customer's timeline, scheduling callbacks and tasks, completing them. */
final class ActivitiesApi {

  private static final List<String> STATUSES = List.of("open", "done");
  private static final List<String> SCHEDULABLE = List.of("callback", "task");

  private final ActivityStore activities;

  ActivitiesApi(ActivityStore activities) {
    this.activities = activities;
  }

  void mount(Router api) {
    api.get("/crm/activities").handler(this::timeline);
    api.post("/crm/activities").handler(this::schedule);
    api.get("/crm/activities/:id").handler(ctx -> Replies.reply(ctx, 200,
        activities.get(Fields.idParam(ctx, "id"))));
    api.patch("/crm/activities/:id").handler(this::update);
  }

  private void timeline(RoutingContext ctx) {
    Page page = Page.of(ctx);
    String entity = ctx.queryParams().get("entity");
    String status = ctx.queryParams().get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw LinehubException.badRequest("status: must be one of open, done");
    }
    Long responsible = Fields.param(ctx, "responsible", Long::parseLong);
    Replies.reply(ctx, 200, activities.timeline(entity == null ? null : EntityRef.parse(entity), status,
        responsible, page));
  }

  private void schedule(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Fields.body(ctx);
    EntityRef entity = EntityRef.parse(Fields.requireString(body, "entity"));
    String kind = Fields.requireString(body, "kind");
    if (!SCHEDULABLE.contains(kind)) {
      throw LinehubException.badRequest("kind: must be one of callback, task");
    }
    Long responsible = Inputs.positive(body, "responsibleUserId");
    var scheduled = new ActivityStore.Scheduled(entity, kind, Fields.requireString(body, "subject"),
        Fields.optString(body, "body"), Fields.optInstant(body, "dueAt"),
        responsible == null ? caller.userId() : responsible);
    Replies.reply(ctx, 201, activities.schedule(scheduled));
  }

  private void update(RoutingContext ctx) {
    long id = Fields.idParam(ctx, "id");
    JsonObject body = Fields.body(ctx);
    String status = Fields.optString(body, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw LinehubException.badRequest("status: must be one of open, done");
    }
    Set<String> given = body.fieldNames().stream().collect(Collectors.toSet());
    var changes = new ActivityStore.Changes(status, Fields.optString(body, "subject"), Fields.optString(body, "body"),
        Fields.optString(body, "result"), Fields.optInstant(body, "dueAt"), Inputs.positive(body, "responsibleUserId"),
        given);
    Replies.reply(ctx, 200, activities.update(id, changes));
  }
}

package io.linehub.server.lines;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Page;
import io.linehub.api.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/lines}: everyone signed in reads lines, admins write them; each write publishes
 * the line id on {@link LineAddresses#CHANGED} so routing picks it up without a restart.
 * {@code GET /lines/{id}/hours/now} needs no token: the website chat widget asks it.
 */
public final class LinesApi implements ApiRoutes {

  private final LineStore lines;
  private final EventBus bus;
  private final Clock clock;

  public LinesApi(LineStore lines, EventBus bus, Clock clock) {
    this.lines = lines;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public void mountPublic(Router api) {
    api.get("/lines/:id/hours/now").handler(this::hoursNow);
  }

  @Override
  public void mount(Router api) {
    api.get("/lines").handler(this::list);
    api.post("/lines").handler(this::create);
    api.get("/lines/:id").handler(ctx -> {
      Caller.of(ctx);
      Replies.reply(ctx, 200, found(id(ctx)).map(LineJson::encode));
    });
    api.put("/lines/:id").handler(this::replace);
    api.delete("/lines/:id").handler(this::delete);
    api.put("/lines/:id/members").handler(this::members);
  }

  private void list(RoutingContext ctx) {
    Caller.of(ctx);
    Page page = Page.of(ctx);
    // lines are few (tens): one query for all, the page is cut here
    Replies.reply(ctx, 200, lines.all().map(all -> {
      JsonArray items = new JsonArray();
      all.stream().skip(page.offset()).limit(page.limit()).forEach(line -> items.add(LineJson.encode(line)));
      return page.envelope(items, all.size());
    }));
  }

  private void create(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    Line line = LineJson.decode(Fields.body(ctx));
    Replies.reply(ctx, 201, changed(lines.create(line)).map(LineJson::encode));
  }

  private void replace(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    String id = id(ctx);
    JsonObject body = Fields.body(ctx);
    Object bodyId = body.getValue("id");
    if (bodyId == null) {
      body.put("id", id);
    } else if (!id.equals(bodyId)) {
      throw LinehubException.badRequest("id: must be absent or match the path (" + id + ")");
    }
    Replies.reply(ctx, 200, changed(lines.replace(LineJson.decode(body))).map(LineJson::encode));
  }

  private void members(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    String id = id(ctx);
    JsonIn in = JsonIn.of(Fields.body(ctx), "", Set.of("members"));
    JsonArray json = in.optArray("members");
    if (json == null) {
      throw LinehubException.badRequest("members: is required");
    }
    List<Member> members = LineJson.decodeMembers(json, "members");
    Replies.reply(ctx, 200, changed(lines.replaceMembers(id, members)).map(LineJson::encode));
  }

  private void delete(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    String id = id(ctx);
    lines.delete(id).onComplete(ar -> {
      if (ar.succeeded()) {
        bus.publish(LineAddresses.CHANGED, id);
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  private void hoursNow(RoutingContext ctx) {
    ctx.response().putHeader("cache-control", "no-store");
    // read per request: an edit of the hours shows on the very next call, on every node
    Replies.reply(ctx, 200, found(id(ctx)).map(line -> {
      WorkingHours.Status status = line.hours().status(clock.instant());
      return new JsonObject()
          .put("lineId", line.id())
          .put("open", status.open())
          .put("until", status.until() == null ? null : status.until().toString())
          .put("timeZone", line.hours().zone().getId());
    }));
  }

  private Future<Line> changed(Future<Line> write) {
    return write.onSuccess(line -> bus.publish(LineAddresses.CHANGED, line.id()));
  }

  private Future<Line> found(String id) {
    return lines.byId(id).compose(line -> line
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(LinehubException.notFound("line " + id + " does not exist"))));
  }

  /** The path's line id; one that cannot be an id names no line (404, not 400). */
  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !LineJson.ID.matcher(id).matches()) {
      throw LinehubException.notFound("line " + id + " does not exist");
    }
    return id;
  }
}

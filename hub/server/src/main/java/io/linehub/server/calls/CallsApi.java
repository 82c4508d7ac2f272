package io.linehub.server.calls;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Fields;
import io.linehub.api.web.Page;
import io.linehub.api.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/v1/calls} (live with {@code ?state=live}, else the history with filters) and
 * {@code GET /api/v1/calls/{id}}. Admins and supervisors see every call; an agent sees the calls
 * they were offered or talked on.
 */
public final class CallsApi implements ApiRoutes {

  private static final Set<String> DISPOSITIONS = Set.of("answered", "missed", "abandoned", "busy", "declined",
      "failed");
  private static final Set<String> DIRECTIONS = Set.of("inbound", "outbound", "internal");

  private final PgCalls store;
  private final LiveCalls live;

  public CallsApi(io.vertx.sqlclient.Pool pool, LiveCalls live) {
    this.store = new PgCalls(pool);
    this.live = live;
  }

  @Override
  public void mount(Router api) {
    api.get("/calls").handler(this::list);
    api.get("/calls/:id").handler(this::one);
  }

  private void list(RoutingContext ctx) {
    Page page = Page.of(ctx);
    Long visibleTo = ownOnly(ctx);
    String state = param(ctx, "state", Set.of("live", "ended"));
    CallFilter filter = new CallFilter(ctx.queryParams().get("line"), Fields.param(ctx, "agent", Long::valueOf),
        param(ctx, "disposition", DISPOSITIONS), param(ctx, "direction", DIRECTIONS), state, Fields.param(ctx, "from", Instant::parse),
        Fields.param(ctx, "to", Instant::parse));
    if ("live".equals(state)) {
      List<LiveCalls.Call> calls = live.all().stream()
          .filter(c -> visibleTo == null || c.agentIds().contains(visibleTo))
          .filter(c -> filter.line() == null || filter.line().equals(c.lineId()))
          .filter(c -> filter.agent() == null || c.agentIds().contains(filter.agent()))
          .filter(c -> filter.direction() == null || filter.direction().equals(PgCalls.wire(c.direction())))
          .sorted(Comparator.comparing(LiveCalls.Call::startedAt).reversed())
          .toList();
      JsonArray items = new JsonArray();
      calls.stream().skip(page.offset()).limit(page.limit()).forEach(c -> items.add(json(c)));
      Replies.json(ctx, 200, page.envelope(items, calls.size()));
      return;
    }
    Replies.reply(ctx, 200, store.history(filter, visibleTo, page.limit(), page.offset())
        .map(found -> page.envelope(found.getJsonArray("items"), found.getLong("total"))));
  }

  private void one(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Long visibleTo = ownOnly(ctx);
    var current = live.get(id);
    if (current.isPresent()) {
      if (visibleTo != null && !current.get().agentIds().contains(visibleTo)) {
        throw LinehubException.notFound("call " + id + " does not exist");
      }
      Replies.json(ctx, 200, json(current.get()).put("legs", new JsonArray()));
      return;
    }
    Replies.reply(ctx, 200, store.byId(id).compose(found -> found
        .filter(call -> visibleTo == null || call.getJsonArray("agentIds").contains(visibleTo))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(LinehubException.notFound("call " + id + " does not exist")))));
  }

  /** Null for admins and supervisors; the agent's own id when they may see only their calls. */
  private static Long ownOnly(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return caller.role() == Role.ADMIN || caller.role() == Role.SUPERVISOR ? null : caller.userId();
  }

  private static JsonObject json(LiveCalls.Call c) {
    return new JsonObject().put("id", c.id()).put("direction", PgCalls.wire(c.direction())).put("lineId", c.lineId())
        .put("from", c.from()).put("to", c.to()).put("agentId", c.agentId())
        .put("agentIds", new JsonArray(List.copyOf(c.agentIds()))).put("state", "live")
        .put("talk", c.state().name().toLowerCase(Locale.ROOT)).put("startedAt", c.startedAt().toString())
        .put("answeredAt", c.answeredAt() == null ? null : c.answeredAt().toString());
  }

  private static String param(RoutingContext ctx, String name, Set<String> allowed) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!allowed.contains(value)) {
      throw LinehubException.badRequest(name + ": one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return value;
  }

}

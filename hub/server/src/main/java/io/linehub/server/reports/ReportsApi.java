package io.linehub.server.reports;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.error.LinehubException;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Csv;
import io.linehub.api.web.Fields;
import io.linehub.api.web.ReportWindow;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Function;

/**
 * {@code GET /reports/{lines,agents,hours,missed,states}} for supervisors and admins, each as JSON
 * or CSV over a {@link ReportWindow}. See docs/reports.md for the columns and their definitions.
 */
public final class ReportsApi implements ApiRoutes {

  static final int MAX_SLA_SEC = 86_400;
  static final int DEFAULT_MISSED = 100;
  static final int MAX_MISSED = 1000;

  private final PgReports reports;
  private final Clock clock;

  /** @param clock today's date when a request gives no {@code from} */
  public ReportsApi(PgReports reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  @Override
  public void mount(Router api) {
    api.get("/reports/lines").handler(ctx -> {
      Integer sla = intParam(ctx, "sla", null, 0, MAX_SLA_SEC);
      report(ctx, "lines", window -> reports.lines(window, sla));
    });
    api.get("/reports/agents").handler(ctx -> report(ctx, "agents", reports::agents));
    api.get("/reports/hours").handler(ctx -> {
      Integer sla = intParam(ctx, "sla", null, 0, MAX_SLA_SEC);
      report(ctx, "hours", window -> reports.hours(window, sla));
    });
    api.get("/reports/missed").handler(ctx -> {
      int limit = intParam(ctx, "limit", DEFAULT_MISSED, 1, MAX_MISSED);
      report(ctx, "missed", window -> reports.missed(window, limit));
    });
    api.get("/reports/states").handler(ctx -> report(ctx, "states", reports::states));
  }

  private void report(RoutingContext ctx, String name, Function<ReportWindow, Future<Csv.Table>> query) {
    Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
    boolean csv = ReportWindow.wantsCsv(ctx);
    ReportWindow window = ReportWindow.of(ctx, clock);
    window.reply(ctx, name, csv, query.apply(window));
  }

  private static Integer intParam(RoutingContext ctx, String name, Integer fallback, int min, int max) {
    Integer value = Fields.param(ctx, name, Integer::valueOf);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw LinehubException.badRequest(name + ": must be between " + min + " and " + max);
    }
    return value;
  }
}

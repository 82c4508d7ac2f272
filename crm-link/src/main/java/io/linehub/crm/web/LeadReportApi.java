package io.linehub.crm.web;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.web.ApiRoutes;
import io.linehub.api.web.Csv;
import io.linehub.api.web.ReportWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /reports/leads}: leads created per local day and source channel, for supervisors and
 * admins, as JSON or CSV over a {@link ReportWindow} like the hub's reports. Days without leads
 * have no row. The one query lives here: it reads {@code crm.leads} and nothing else.
 */
public final class LeadReportApi implements ApiRoutes {

  static final List<String> COLUMNS = List.of("day", "source", "leads");
  private static final String LEADS_BY_DAY = """
      SELECT (created_at AT TIME ZONE $3)::date AS day, source::text AS source, count(*) AS leads
      FROM crm.leads
      WHERE created_at >= $1 AND created_at < $2
      GROUP BY 1, 2
      ORDER BY 1, 2""";

  private final Pool pool;
  private final Clock clock;

  /** @param clock today's date when a request gives no {@code from} */
  public LeadReportApi(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public void mount(Router api) {
    api.get("/reports/leads").handler(this::leads);
  }

  private void leads(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR);
    boolean csv = ReportWindow.wantsCsv(ctx);
    ReportWindow window = ReportWindow.of(ctx, clock);
    window.reply(ctx, "leads", csv, byDay(window));
  }

  Future<Csv.Table> byDay(ReportWindow window) {
    return pool.preparedQuery(LEADS_BY_DAY)
        .execute(Tuple.of(utc(window.from()), utc(window.to()), window.zone().getId()))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>(rows.size());
          for (Row row : rows) {
            out.add(new JsonObject().put("day", row.getLocalDate("day").toString())
                .put("source", row.getString("source")).put("leads", row.getLong("leads")));
          }
          return new Csv.Table(COLUMNS, out);
        });
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

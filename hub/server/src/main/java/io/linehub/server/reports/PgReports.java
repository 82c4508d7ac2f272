package io.linehub.server.reports;

import io.linehub.api.web.Csv;
import io.linehub.api.web.ReportWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports over the routing journal ({@code hub.route_tickets}, {@code hub.presence_log}). The
 * column aliases are the JSON keys and CSV headers, so each query is the one place its report's
 * shape is written. Durations are seconds rounded to a tenth. Lines, hours and missed calls count
 * tickets by when they arrived; agents' work by when it ended.
 */
public final class PgReports {

  /**
   * {@code answeredWithinSla}: handled within the line's own service level ({@code slaSec}, 20 s for
   * a line since deleted), or within the {@code sla} the request names ($3, null for the lines' own).
   */
  private static final String LINES = """
      SELECT t.line_id AS "lineId", t.media,
             count(*) AS offered,
             count(*) FILTER (WHERE t.outcome = 'handled') AS handled,
             count(*) FILTER (WHERE t.outcome = 'abandoned') AS abandoned,
             count(*) FILTER (WHERE t.outcome = 'fell_back') AS "fellBack",
             count(*) FILTER (WHERE t.outcome = 'handled' AND extract(epoch FROM t.assigned_at - t.arrived_at)
                              <= coalesce($3::int, l.service_level_sec, 20)) AS "answeredWithinSla",
             coalesce($3::int, l.service_level_sec, 20) AS "slaSec",
             round(avg(extract(epoch FROM t.assigned_at - t.arrived_at)) FILTER (WHERE t.outcome = 'handled'), 1)
               AS "avgWaitSec",
             round(avg(extract(epoch FROM t.ended_at - t.assigned_at)) FILTER (WHERE t.outcome = 'handled'), 1)
               AS "avgHandleSec",
             round(max(extract(epoch FROM coalesce(t.assigned_at, t.ended_at) - t.arrived_at)), 1) AS "maxWaitSec"
      FROM hub.route_tickets t LEFT JOIN hub.lines l ON l.id = t.line_id
      WHERE t.arrived_at >= $1 AND t.arrived_at < $2
      GROUP BY t.line_id, t.media, l.service_level_sec
      ORDER BY t.line_id, t.media""";
  private static final String AGENTS = """
      SELECT t.agent_id AS "agentId", u.login, u.display_name AS "displayName", t.media,
             count(*) AS handled,
             round(avg(extract(epoch FROM t.ended_at - t.assigned_at)), 1) AS "avgHandleSec",
             round(sum(extract(epoch FROM t.ended_at - t.assigned_at)), 1) AS "totalHandleSec"
      FROM hub.route_tickets t LEFT JOIN hub.users u ON u.id = t.agent_id
      WHERE t.outcome = 'handled' AND t.agent_id IS NOT NULL AND t.ended_at >= $1 AND t.ended_at < $2
      GROUP BY t.agent_id, u.login, u.display_name, t.media
      ORDER BY u.login NULLS LAST, t.agent_id, t.media""";
  /** Per local hour of arrival; {@code answeredWithinSla} as in {@link #LINES} ($4: the request's sla or null). */
  private static final String HOURS = """
      SELECT t.line_id AS "lineId", t.media, extract(hour FROM t.arrived_at AT TIME ZONE $3)::int AS hour,
             count(*) AS offered,
             count(*) FILTER (WHERE t.outcome = 'handled') AS handled,
             count(*) FILTER (WHERE t.outcome = 'abandoned') AS abandoned,
             count(*) FILTER (WHERE t.outcome = 'fell_back') AS "fellBack",
             count(*) FILTER (WHERE t.outcome = 'handled' AND extract(epoch FROM t.assigned_at - t.arrived_at)
                              <= coalesce($4::int, l.service_level_sec, 20)) AS "answeredWithinSla",
             coalesce($4::int, l.service_level_sec, 20) AS "slaSec"
      FROM hub.route_tickets t LEFT JOIN hub.lines l ON l.id = t.line_id
      WHERE t.arrived_at >= $1 AND t.arrived_at < $2
      GROUP BY 1, 2, 3, l.service_level_sec
      ORDER BY 1, 2, 3""";
  /**
   * A fall-back to another line is not missed: the call goes on there and ends with that line's
   * outcome. With each call, its call-back activity in the CRM when there is one (crm-link writes it
   * with the call's id as the external id, on the same database).
   */
  private static final String MISSED = """
      SELECT t.ticket_id AS "ticketId", t.line_id AS "lineId", t.customer, t.outcome, t.arrived_at AS "arrivedAt",
             round(extract(epoch FROM t.ended_at - t.arrived_at), 1) AS "waitSec", t.fallback,
             cb.id AS "callbackId", cb.status::text AS "callbackStatus",
             cb.responsible_user_id AS "callbackResponsibleUserId", cb.due_at AS "callbackDueAt",
             cb.completed_at AS "callbackCompletedAt", cb.result AS "callbackResult"
      FROM hub.route_tickets t
      LEFT JOIN LATERAL (SELECT a.id, a.status, a.responsible_user_id, a.due_at, a.completed_at, a.result
                         FROM crm.activities a
                         WHERE a.channel = 'phone' AND a.external_id = t.ticket_id AND a.kind = 'callback') cb ON true
      WHERE t.media = 'call' AND t.outcome IN ('abandoned', 'fell_back') AND t.fallback IS DISTINCT FROM 'line'
        AND t.arrived_at >= $1 AND t.arrived_at < $2
      ORDER BY t.arrived_at DESC, t.ticket_id
      LIMIT $3""";
  /**
   * Each state's share of the window: per agent the change in force when the window opens, the
   * changes inside it and the first after it, each lasting until the next ($3, now, for the agent's
   * last), clipped to [from, to). The first change after the window only ends the last inside it.
   */
  private static final String STATES = """
      WITH changes AS (
        SELECT a.agent_id, c.state, c.reason, c.started_at
        FROM hub.presence_agents() AS a(agent_id)
        CROSS JOIN LATERAL (
          (SELECT p.state, p.reason, p.started_at FROM hub.presence_log p
           WHERE p.agent_id = a.agent_id AND p.started_at <= $1 ORDER BY p.started_at DESC LIMIT 1)
          UNION ALL
          (SELECT p.state, p.reason, p.started_at FROM hub.presence_log p
           WHERE p.agent_id = a.agent_id AND p.started_at > $1 AND p.started_at < $2)
          UNION ALL
          (SELECT p.state, p.reason, p.started_at FROM hub.presence_log p
           WHERE p.agent_id = a.agent_id AND p.started_at >= $2 ORDER BY p.started_at LIMIT 1)) c),
      spans AS (
        SELECT agent_id, state, reason,
               extract(epoch FROM least(coalesce(lead(started_at) OVER (PARTITION BY agent_id ORDER BY started_at), $3), $2)
                                  - greatest(started_at, $1)) AS sec
        FROM changes)
      SELECT s.agent_id AS "agentId", u.login, u.display_name AS "displayName", s.state, s.reason,
             round(sum(s.sec), 1) AS seconds
      FROM spans s LEFT JOIN hub.users u ON u.id = s.agent_id
      WHERE s.state <> 'offline' AND s.sec > 0
      GROUP BY s.agent_id, u.login, u.display_name, s.state, s.reason
      ORDER BY u.login NULLS LAST, s.agent_id, s.state, s.reason NULLS FIRST""";

  private final Pool pool;
  private final Clock clock;

  /** @param clock "now": where the state each agent is in at present ends, for the time-in-state report */
  public PgReports(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Per line and media; {@code answeredWithinSla} counts handled tickets that waited at most
   * {@code slaSec}, or each line's own service level when null.
   */
  public Future<Csv.Table> lines(ReportWindow window, Integer slaSec) {
    return query(LINES, Tuple.of(utc(window.from()), utc(window.to()), slaSec));
  }

  public Future<Csv.Table> agents(ReportWindow window) {
    return query(AGENTS, Tuple.of(utc(window.from()), utc(window.to())));
  }

  /** Per line, media and local hour of arrival; the service level as in {@link #lines}. */
  public Future<Csv.Table> hours(ReportWindow window, Integer slaSec) {
    return query(HOURS, Tuple.of(utc(window.from()), utc(window.to()), window.zone().getId(), slaSec));
  }

  public Future<Csv.Table> missed(ReportWindow window, int limit) {
    return query(MISSED, Tuple.of(utc(window.from()), utc(window.to()), limit));
  }

  public Future<Csv.Table> states(ReportWindow window) {
    return query(STATES, Tuple.of(utc(window.from()), utc(window.to()), utc(clock.instant())));
  }

  private Future<Csv.Table> query(String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params).map(PgReports::table);
  }

  /** The rows keyed by the query's column names, values in their JSON form. */
  static Csv.Table table(RowSet<Row> rows) {
    List<String> columns = rows.columnsNames();
    List<JsonObject> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      JsonObject json = new JsonObject();
      for (int i = 0; i < columns.size(); i++) {
        json.put(columns.get(i), json(row.getValue(i)));
      }
      out.add(json);
    }
    return new Csv.Table(columns, out);
  }

  private static Object json(Object value) {
    if (value instanceof Numeric numeric) {
      BigDecimal decimal = numeric.isNaN() ? null : numeric.bigDecimalValue();
      return decimal == null ? null : decimal.scale() <= 0 ? (Object) decimal.longValue() : decimal.doubleValue();
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant().toString();
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    return value;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

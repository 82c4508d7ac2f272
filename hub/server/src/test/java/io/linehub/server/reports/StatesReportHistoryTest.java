package io.linehub.server.reports;

import static io.linehub.server.reports.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.web.Csv;
import io.linehub.api.web.ReportWindow;
import io.linehub.testkit.PlanCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The time-in-state report reads per agent the state in force when its window opens and the changes
 * inside it, through the presence log's key: a year of history must not make a day's report read
 * the year.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatesReportHistoryTest {

  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
  private static final int AGENTS = 20;

  @Test
  void dayReportShouldReadAsMuchWhenHistoryIsThirtyTimesLonger() {
    Vertx vertx = TestVertx.create();
    Pool pool = TestPostgres.freshDatabase("hub").pool(vertx, 1);
    try {
      // every agent changes state every 10 minutes: the report's day and the day before it
      history(pool, DAY.minusSeconds(86_400), DAY.plusSeconds(86_400));
      await(PlanCounter.track(pool));
      Clock now = Clock.fixed(DAY.plusSeconds(3 * 86_400), ZoneOffset.UTC);
      PgReports reports = new PgReports(pool, now);
      ReportWindow window = ReportWindow.parse("2026-03-02", null, null, now);

      long shortHistory = blocksOf(pool, reports, window);
      // sixty days more, before those two
      history(pool, DAY.minusSeconds(61 * 86_400), DAY.minusSeconds(86_400));
      long longHistory = blocksOf(pool, reports, window);

      assertThat(longHistory).as("blocks read for a day with 2 and with 62 days of history (%d)", shortHistory)
          .isLessThan(shortHistory * 3 / 2);
    } finally {
      await(pool.close());
      await(vertx.close());
    }
  }

  /** Blocks the report's query read; checks the report itself on the way. */
  private static long blocksOf(Pool pool, PgReports reports, ReportWindow window) {
    await(pool.query("ANALYZE hub.presence_log").execute());
    PlanCounter.Counts before = await(PlanCounter.count(pool, "WITH changes AS"));
    Csv.Table table = await(reports.states(window));
    PlanCounter.Counts run = await(PlanCounter.count(pool, "WITH changes AS")).minus(before);
    // every agent: half the day available, half on a call
    assertThat(table.rows()).hasSize(2 * AGENTS)
        .allSatisfy(row -> assertThat(row.getDouble("seconds")).isEqualTo(43_200.0));
    assertThat(run.calls()).isEqualTo(1);
    return run.blocks();
  }

  /** Changes every 10 minutes in [from, to), alternating available and on a call, for each agent. */
  private static void history(Pool pool, Instant from, Instant to) {
    await(pool.preparedQuery("""
        INSERT INTO hub.presence_log (agent_id, started_at, state)
        SELECT a, t, CASE WHEN (extract(epoch FROM t)::bigint / 600) % 2 = 0 THEN 'available' ELSE 'on_call' END
        FROM generate_series(1, $3::int) a, generate_series($1::timestamptz, $2::timestamptz - interval '1 second',
                                                              interval '10 minutes') t""")
        .execute(Tuple.of(utc(from), utc(to), AGENTS)));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

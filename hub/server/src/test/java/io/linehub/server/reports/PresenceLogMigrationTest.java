package io.linehub.server.reports;

import static io.linehub.server.reports.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.testkit.TestDatabase;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * hub V16 turns the presence log of rows with an end into one of changes: an installation's history
 * must read the same afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PresenceLogMigrationTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void historyShouldReadTheSameWhenLogBecomesAppendOnly() {
    TestDatabase database = TestPostgres.emptyDatabase();
    TestPostgres.migrate(database, "hub", "15");
    Vertx vertx = TestVertx.create();
    Pool pool = database.pool(vertx, 2);
    try {
      // agent 1: available, a call, wrap-up, signed out for a while, away now
      old(pool, 1, "available", null, 0, 60L);
      old(pool, 1, "on_call", null, 60, 120L);
      old(pool, 1, "wrap_up", null, 120, 150L);
      old(pool, 1, "away", "lunch", 400, null);
      // agent 2: a state that lasted no time, started in the same instant as the one that followed it,
      // then signed out
      old(pool, 2, "ringing", null, 10, 10L);
      old(pool, 2, "available", null, 10, 70L);

      TestPostgres.migrate(database, "hub", null);

      assertThat(rows(pool, "SELECT agent_id, state, reason, started_at, NULL::timestamptz AS ended_at "
          + "FROM hub.presence_log ORDER BY agent_id, started_at")).containsExactly(
          "1 available/null 0-", "1 on_call/null 60-", "1 wrap_up/null 120-", "1 offline/null 150-",
          "1 away/lunch 400-",
          "2 available/null 10-", "2 offline/null 70-");
      assertThat(rows(pool, "SELECT * FROM hub.presence_spans ORDER BY agent_id, started_at")).containsExactly(
          "1 available/null 0-60", "1 on_call/null 60-120", "1 wrap_up/null 120-150", "1 away/lunch 400-open",
          "2 available/null 10-70");
    } finally {
      await(pool.close());
      await(vertx.close());
    }
  }

  private static void old(Pool pool, long agent, String state, String reason, int startSec, Long endSec) {
    await(pool.preparedQuery("INSERT INTO hub.presence_log (agent_id, state, reason, started_at, ended_at) "
            + "VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.tuple().addLong(agent).addString(state).addString(reason).addOffsetDateTime(at(startSec))
            .addOffsetDateTime(endSec == null ? null : at(endSec))));
  }

  /** Rows as {@code agent state/reason start-end} in seconds after T0 ("open": no end; "": not asked). */
  private static List<String> rows(Pool pool, String sql) {
    List<String> out = new ArrayList<>();
    await(pool.query(sql).execute()).forEach(row -> {
      OffsetDateTime ended = row.getOffsetDateTime("ended_at");
      String end = sql.contains("NULL::timestamptz") ? "" : ended == null ? "open" : String.valueOf(sec(ended));
      out.add(row.getLong("agent_id") + " " + row.getString("state") + "/" + row.getString("reason") + " "
          + sec(row.getOffsetDateTime("started_at")) + "-" + end);
    });
    return out;
  }

  private static long sec(OffsetDateTime time) {
    return time.toInstant().getEpochSecond() - T0.getEpochSecond();
  }

  private static OffsetDateTime at(long sec) {
    return T0.plusSeconds(sec).atOffset(ZoneOffset.UTC);
  }
}

package io.linehub.testkit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * How often PostgreSQL planned and ran statements, nested ones inside functions included, from
 * pg_stat_statements (the test server preloads it). For tests that a statement keeps its cached
 * plan: give it a pool of one connection, {@link #track} it, then compare {@link #count}s taken
 * before and after the work.
 */
public final class PlanCounter {

  /** Executions, plannings and shared buffers read (hit or not) of the matching statements so far. */
  public record Counts(long calls, long plans, long blocks) {

    public Counts minus(Counts before) {
      return new Counts(calls - before.calls, plans - before.plans, blocks - before.blocks);
    }
  }

  private PlanCounter() {
  }

  /** Counts the plannings and the nested statements of {@code pool}'s (one) connection from now on. */
  public static Future<Void> track(Pool pool) {
    return pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute()
        .compose(x -> pool.query("SET pg_stat_statements.track = 'all'").execute())
        .compose(x -> pool.query("SET pg_stat_statements.track_planning = on").execute())
        .mapEmpty();
  }

  /** The statements of this database whose text contains {@code fragment}. */
  public static Future<Counts> count(Pool pool, String fragment) {
    return pool.preparedQuery("""
            SELECT coalesce(sum(calls), 0)::bigint AS calls, coalesce(sum(plans), 0)::bigint AS plans,
                   coalesce(sum(shared_blks_hit + shared_blks_read), 0)::bigint AS blocks
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND strpos(query, $1) > 0 AND strpos(query, 'pg_stat_statements') = 0""")
        .execute(Tuple.of(fragment))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Counts(row.getLong("calls"), row.getLong("plans"), row.getLong("blocks"));
        });
  }
}

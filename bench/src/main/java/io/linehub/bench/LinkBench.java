package io.linehub.bench;

import io.linehub.api.bus.Contracts;
import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.Outcome;
import io.linehub.crm.CrmModule;
import io.linehub.crm.CrmSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;

/**
 * Linking throughput against real PostgreSQL, beside plain single-row inserts over the same pool.
 * PostgreSQL runs with Linehub's production durability (fsync and synchronous_commit on) on the
 * same machine. Usage: {@code bench/run-link.sh [--seconds 20] [--concurrency 64] [--numbers 50000]}.
 */
public final class LinkBench {

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 20);
    int concurrency = intArg(args, "--concurrency", 64);
    int numbers = intArg(args, "--numbers", 50_000);
    int poolSize = intArg(args, "--pool", 16);

    try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(Files.createTempDirectory("linehub-bench-pg"))
        .setCleanDataDirectory(true)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "100")
        .start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE bench");
      }
      String jdbc = pg.getJdbcUrl("postgres", "bench");
      Flyway.configure().dataSource(jdbc, "postgres", "postgres").schemas("crm").locations("classpath:db/crm")
          .load().migrate();
      try (Connection c = pg.getDatabase("postgres", "bench").getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE public.plain_insert (id bigserial PRIMARY KEY, external_id text UNIQUE NOT NULL, "
            + "phone text NOT NULL, body text, created_at timestamptz NOT NULL DEFAULT now())");
      }

      Vertx vertx = Vertx.vertx();
      Contracts.registerCodecs(vertx);
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(poolSize))
          .connectingTo(new PgConnectOptions().setHost("localhost").setPort(pg.getPort()).setDatabase("bench")
              .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true).setPipeliningLimit(256))
          .using(vertx)
          .build();
      CrmModule crm = new CrmModule(vertx, pool, new CrmSettings("RU", LinkPolicy.CREATE_LEAD));
      AtomicLong ids = new AtomicLong();
      String run = Long.toString(System.currentTimeMillis(), 36);

      Supplier<Future<?>> plainInsert = () -> pool
          .preparedQuery("INSERT INTO public.plain_insert (external_id, phone, body) VALUES ($1, $2, $3)")
          .execute(Tuple.of(run + "-p" + ids.incrementAndGet(), phone(numbers), "call"));
      Supplier<Future<?>> link = () -> crm.linker().link(new Interaction(
          run + "-l" + ids.incrementAndGet(), Channel.PHONE, Direction.INBOUND,
          ThreadLocalRandom.current().nextInt(4) == 0 ? Outcome.MISSED : Outcome.ANSWERED,
          List.of(Identity.phone(phone(numbers))), null, null, "sales", 1L,
          Instant.now(), Instant.now(), 42, null, null, null, null));

      System.out.printf(Locale.ROOT, "cores=%d pool=%d concurrency=%d seconds=%d numbers=%d%n",
          Runtime.getRuntime().availableProcessors(), poolSize, concurrency, seconds, numbers);
      // Linking first, on a fresh database; a CHECKPOINT before each measured phase so neither pays
      // for the other's dirty pages.
      Result warmLink = drive(vertx, link, concurrency, 5);
      await(pool.query("CHECKPOINT").execute());
      Result linked = drive(vertx, link, concurrency, seconds);
      Result warmPlain = drive(vertx, plainInsert, concurrency, 5);
      await(pool.query("CHECKPOINT").execute());
      Result plain = drive(vertx, plainInsert, concurrency, seconds);
      System.out.println("warm-up link: " + warmLink + ", warm-up plain: " + warmPlain);
      System.out.println("plain single-row insert: " + plain);
      System.out.println("crm.interaction.link:    " + linked);
      System.out.printf(Locale.ROOT, "link/plain ratio: %.2f%n", linked.perSecond() / plain.perSecond());

      var check = await(pool.query("SELECT "
          + "(SELECT count(*) FROM (SELECT value FROM crm.communications WHERE type = 'phone' "
          + "  GROUP BY value HAVING count(*) > 1) d) AS duplicated_numbers, "
          + "(SELECT count(DISTINCT value) FROM crm.communications WHERE type = 'phone') AS numbers, "
          + "(SELECT count(*) FROM crm.leads) AS leads, "
          + "(SELECT count(*) FROM crm.activities WHERE status = 'open') AS open_activities, "
          + "(SELECT count(*) FROM crm.activities) AS activities").execute()).iterator().next();
      System.out.printf(Locale.ROOT, "numbers seen=%d leads=%d activities=%d (open callbacks %d) "
              + "numbers on more than one record=%d%n",
          check.getLong("numbers"), check.getLong("leads"), check.getLong("activities"),
          check.getLong("open_activities"), check.getLong("duplicated_numbers"));
      if (linked.failures() > 0 || plain.failures() > 0) {
        System.out.println("FAILED OPERATIONS");
        System.exit(1);
      }
      if (check.getLong("duplicated_numbers") != 0 || !check.getLong("leads").equals(check.getLong("numbers"))) {
        System.out.println("DUPLICATES FOUND");
        System.exit(1);
      }
      await(pool.close());
      await(vertx.close());
    }
  }

  record Result(long ops, long failures, double perSecond, double p50Ms, double p99Ms) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d ops, %d failed, %.0f/s, p50 %.2f ms, p99 %.2f ms",
          ops, failures, perSecond, p50Ms, p99Ms);
    }
  }

  /** Keeps {@code concurrency} operations in flight for {@code seconds}; latencies in a histogram. */
  static Result drive(Vertx vertx, Supplier<Future<?>> op, int concurrency, int seconds) throws Exception {
    Promise<Result> done = Promise.promise();
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
      LatencyHistogram histogram = new LatencyHistogram();
      long[] counters = new long[3]; // completed, failed, in flight
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        long t0 = System.nanoTime();
        counters[2]++;
        op.get().onComplete(ar -> {
          counters[2]--;
          long now = System.nanoTime();
          if (ar.succeeded()) {
            counters[0]++;
            histogram.record(now - t0);
          } else {
            counters[1]++;
            if (counters[1] <= 3) {
              System.err.println("operation failed: " + ar.cause());
            }
          }
          if (now < deadline) {
            next[0].run();
          } else if (counters[2] == 0) {
            double elapsed = (now - start) / 1e9;
            done.complete(new Result(counters[0], counters[1], counters[0] / elapsed,
                histogram.percentileMs(50), histogram.percentileMs(99)));
          }
        });
      };
      for (int i = 0; i < concurrency; i++) {
        next[0].run();
      }
    });
    return await(done.future());
  }

  private static String phone(int numbers) {
    return "+7495" + String.format(Locale.ROOT, "%07d", ThreadLocalRandom.current().nextInt(numbers));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}

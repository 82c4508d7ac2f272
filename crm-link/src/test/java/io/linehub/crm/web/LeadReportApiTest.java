package io.linehub.crm.web;

import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.error.LinehubException;
import io.linehub.crm.CrmModule;
import io.linehub.crm.CrmSettings;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.impl.UserContextInternal;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leads report through CrmModule's routes on a real HTTP server; the caller's role comes from
 * the {@code x-test-role} header.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeadReportApiTest {

  private static Vertx vertx;
  private static Pool pool;
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    pool = TestPostgres.freshDatabase("crm").pool(vertx, 4);
    Router root = Router.router(vertx);
    Router api = Router.router(vertx);
    api.route().handler(ctx -> {
      String role = ctx.request().getHeader("x-test-role");
      ((UserContextInternal) ctx.userContext()).setUser(User.create(new JsonObject().put("sub", "1")
          .put("login", role).put("role", role)));
      ctx.next();
    });
    new CrmModule(vertx, pool, CrmSettings.defaults()).routes().mount(api);
    api.route().failureHandler(ctx -> {
      LinehubException error = LinehubException.from(ctx.failure());
      ctx.response().setStatusCode(error.code().httpStatus())
          .end(new JsonObject().put("error", error.code().name()).put("message", error.getMessage()).encode());
    });
    root.route("/api/v1/*").subRouter(api);
    server = result(vertx.createHttpServer().requestHandler(root).listen(0));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.actualPort()));
    // Moscow is UTC+3: the first two land on 2026-03-01 there, the next on 2026-03-02
    lead("phone", "2026-02-28T21:30:00Z");
    lead("phone", "2026-03-01T10:00:00Z");
    lead("telegram", "2026-03-01T20:59:59Z");
    lead("site_form", "2026-03-01T21:00:00Z");
    lead("phone", "2026-03-02T12:00:00Z");
    // just outside Moscow's 2026-03-01 .. 2026-03-02 on either side
    lead("email", "2026-02-28T20:59:59Z");
    lead("phone", "2026-03-02T21:00:00Z");
  }

  @AfterAll
  static void stop() {
    client.close();
    result(server.close());
    result(pool.close());
    result(vertx.close());
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void leadsShouldCountPerLocalDayAndSourceWhenZoneIsMoscow() {
    var response = get("/reports/leads?from=2026-03-01&to=2026-03-03&tz=Europe/Moscow", "supervisor");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("from", "2026-02-28T21:00:00Z").put("to", "2026-03-02T21:00:00Z").put("tz", "Europe/Moscow")
        .put("rows", new JsonArray()
            .add(row("2026-03-01", "phone", 2))
            .add(row("2026-03-01", "telegram", 1))
            .add(row("2026-03-02", "phone", 1))
            .add(row("2026-03-02", "site_form", 1))));
  }

  @Test
  void leadsShouldCountPerUtcDayWhenNoZoneIsGiven() {
    var rows = get("/reports/leads?from=2026-03-01&to=2026-03-03", "admin").bodyAsJsonObject().getJsonArray("rows");

    assertThat(rows).containsExactly(row("2026-03-01", "phone", 1), row("2026-03-01", "site_form", 1),
        row("2026-03-01", "telegram", 1), row("2026-03-02", "phone", 2));
  }

  @Test
  void leadsShouldAnswerCsvWhenFormatIsCsv() {
    var response = get("/reports/leads?from=2026-03-01&to=2026-03-03&tz=Europe/Moscow&format=csv", "admin");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(response.getHeader("content-disposition")).isEqualTo("attachment; filename=\"leads-2026-03-01.csv\"");
    assertThat(response.bodyAsString()).isEqualTo("day,source,leads\r\n2026-03-01,phone,2\r\n"
        + "2026-03-01,telegram,1\r\n2026-03-02,phone,1\r\n2026-03-02,site_form,1\r\n");
  }

  @Test
  void leadsShouldAnswer403WhenCallerIsAgentAnd400WhenWindowIsReversed() {
    var forbidden = get("/reports/leads", "agent");
    var reversed = get("/reports/leads?from=2026-03-02&to=2026-03-01", "supervisor");

    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.bodyAsJsonObject().getString("message")).isEqualTo("to: must be after from");
  }

  private static JsonObject row(String day, String source, long leads) {
    return new JsonObject().put("day", day).put("source", source).put("leads", leads);
  }

  private static HttpResponse<Buffer> get(String path, String role) {
    return result(client.get("/api/v1" + path).putHeader("x-test-role", role).send());
  }

  private static void lead(String source, String createdAt) {
    result(pool.preparedQuery("INSERT INTO crm.leads (title, source, created_at) VALUES ($1, $2, $3)")
        .execute(Tuple.of("Lead from " + source, source, OffsetDateTime.parse(createdAt))));
  }
}

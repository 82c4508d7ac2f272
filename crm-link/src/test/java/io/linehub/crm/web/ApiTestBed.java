package io.linehub.crm.web;

import static io.linehub.crm.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.api.error.LinehubException;
import io.linehub.crm.CrmModule;
import io.linehub.crm.CrmSettings;
import io.linehub.testkit.TestPostgres;
import io.linehub.testkit.TestVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.impl.UserContextInternal;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;

/**
 * A real HTTP server with the CRM routes under /api/v1, a test sign-in (header {@code x-test-user}:
 * "none" for anonymous) and a minimal failure handler shaped like the hub's.
 */
final class ApiTestBed implements AutoCloseable {

  final Vertx vertx = TestVertx.create();
  final Pool pool = TestPostgres.freshDatabase("crm").pool(vertx, 8);
  final CrmModule module = new CrmModule(vertx, pool, CrmSettings.defaults());
  private final HttpServer server;
  private final WebClient client;

  ApiTestBed() {
    Router root = Router.router(vertx);
    Router api = Router.router(vertx);
    api.route().handler(BodyHandler.create().setBodyLimit(65536));
    api.route().handler(ctx -> {
      if (!"none".equals(ctx.request().getHeader("x-test-user"))) {
        ((UserContextInternal) ctx.userContext()).setUser(User.create(new JsonObject().put("sub", "1").put("login", "admin").put("role", "admin")));
      }
      ctx.next();
    });
    module.routes().mount(api);
    api.route().failureHandler(ctx -> {
      LinehubException error = LinehubException.from(ctx.failure() == null
          ? new IllegalStateException("status " + ctx.statusCode()) : ctx.failure());
      if (ctx.failure() != null && !(ctx.failure() instanceof LinehubException)) {
        ctx.failure().printStackTrace();
      }
      ctx.response().setStatusCode(error.code().httpStatus()).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", error.code().name()).put("message", error.getMessage()).encode());
    });
    root.route("/api/v1/*").subRouter(api);
    server = result(vertx.createHttpServer().requestHandler(root).listen(0));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.actualPort()));
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body) {
    return result(send(method, path, body));
  }

  io.vertx.core.Future<HttpResponse<Buffer>> send(HttpMethod method, String path, JsonObject body) {
    var request = client.request(method, "/api/v1" + path);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  JsonObject created(String path, JsonObject body) {
    return expect(HttpMethod.POST, path, body, 201);
  }

  JsonObject ok(HttpMethod method, String path, JsonObject body) {
    return expect(method, path, body, 200);
  }

  private JsonObject expect(HttpMethod method, String path, JsonObject body, int status) {
    HttpResponse<Buffer> response = call(method, path, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject();
  }

  static void assertError(HttpResponse<Buffer> response, int status, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo(message);
  }

  HttpResponse<Buffer> anonymous(HttpMethod method, String path) {
    return result(client.request(method, "/api/v1" + path).putHeader("x-test-user", "none").send());
  }

  @Override
  public void close() {
    client.close();
    result(server.close());
    result(pool.close());
    result(vertx.close());
  }
}

package io.linehub.server;

import io.linehub.server.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A whole Linehub started in-process on port 0 for a test, and an HTTP client for it. Public for module packages' tests. */
public final class RunningHub implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "admin-secret-1";

  public final Hub hub;
  public final Vertx clientVertx;
  public final WebClient client;

  private RunningHub(Hub hub) {
    this.hub = hub;
    this.clientVertx = Vertx.vertx();
    this.client = WebClient.create(clientVertx, new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(hub.httpPort()));
  }

  /** Starts a hub with its data in {@code dataDir}; extra variables override the test defaults. */
  public static RunningHub start(Path dataDir, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("LINEHUB_HTTP_PORT", "0");
    env.put("LINEHUB_SIP_PORT", "0");
    env.put("LINEHUB_HTTP_INSTANCES", "2");
    env.put("LINEHUB_DATA_DIR", dataDir.toString());
    env.put("LINEHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("LINEHUB_SHUTDOWN_TIMEOUT_SECONDS", "2");
    env.putAll(extraEnv);
    return new RunningHub(await(Hub.start(ConfigLoader.load(null, env))));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String login(String login, String password) {
    var response = await(client.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("login", login).put("password", password)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("token");
  }

  public String adminToken() {
    return login("admin", ADMIN_PASSWORD);
  }

  public HttpResponse<Buffer> get(String path, String token) {
    var request = client.get(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return await(request.send());
  }

  public HttpResponse<Buffer> send(String method, String path, String token, JsonObject body) {
    var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  @Override
  public void close() {
    await(hub.stop());
    await(clientVertx.close());
  }
}

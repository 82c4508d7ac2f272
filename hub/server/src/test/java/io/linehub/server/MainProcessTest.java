package io.linehub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a real process: exit codes, and a graceful stop on SIGTERM. */
@Timeout(240)
class MainProcessTest {

  @TempDir
  Path dir;

  @Test
  void mainShouldExitWith2AndOneLineWhenConfigIsBad() throws Exception {
    Process process = launch(Map.of("LINEHUB_HTTP_PORT", "eighty"), List.of());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("err.log")))
        .containsExactly("linehub: http.port (LINEHUB_HTTP_PORT) must be an integer from 0 to 65535, got 'eighty'");
  }

  @Test
  void mainShouldExitWith2WhenConfigFileHasUnknownKey() throws Exception {
    Path config = dir.resolve("linehub.yaml");
    Files.writeString(config, "http:\n  port: 8080\nsmtp:\n  host: x\n");
    Process process = launch(Map.of(), List.of("--config", config.toString()));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("err.log"))).contains("unknown configuration key 'smtp.host'");
  }

  @Test
  void sigtermShouldStopHttpAndEmbeddedPostgresGracefully() throws Exception {
    int port = freePort();
    Process process = launch(Map.of("LINEHUB_HTTP_PORT", Integer.toString(port), "LINEHUB_SIP_PORT", "0",
        "LINEHUB_DATA_DIR", dir.resolve("data").toString()), List.of());
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(150);
    int status = 0;
    while (status != 200 && Instant.now().isBefore(deadline) && process.isAlive()) {
      status = health(http, port);
      if (status != 200) {
        TimeUnit.MILLISECONDS.sleep(250);
      }
    }
    assertThat(status).as("health while running").isEqualTo(200);
    assertThat(Files.readString(dir.resolve("out.log"))).contains("created the user 'admin' with the generated password");

    process.destroy();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("JVM exit status after SIGTERM").isEqualTo(143);
    String out = Files.readString(dir.resolve("out.log"));
    assertThat(out).contains("Shutting down").contains("Embedded PostgreSQL stopped").contains("Linehub stopped");
    assertThat(dir.resolve("data/pg/postmaster.pid")).doesNotExist();
  }

  private Process launch(Map<String, String> env, List<String> args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.log").toFile())
        .redirectError(dir.resolve("err.log").toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("LINEHUB_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static int health(HttpClient http, int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

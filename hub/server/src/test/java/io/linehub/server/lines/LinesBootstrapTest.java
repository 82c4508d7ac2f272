package io.linehub.server.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.routing.FallbackAction;
import io.linehub.server.RunningHub;
import io.linehub.server.config.ConfigException;
import io.linehub.testkit.BlockedThreadCounter;
import io.linehub.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code LINEHUB_LINES_FILE}: seeding lines at startup without ever overwriting what REST changed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LinesBootstrapTest {

  private static final String TWO_LINES = """
      lines:
        - id: sales
          name: Sales
          did: "+74951234567"
          channels: [site_chat, telegram]
          strategy: evenly
          members:
            - {userId: 1, tier: 0}
          hours:
            timeZone: Europe/Moscow
            week:
              mon: ["10:00-19:00"]
              tue: ["10:00-13:00", "14:00-19:00"]
            holidays: ["2026-01-01"]
          outOfHours: {action: auto_reply, message: "We are closed, leave your number"}
        - id: overflow
          strategy: all
          noAnswer: {action: line, target: sales}
      """;

  @TempDir
  Path dir;

  @AfterAll
  static void noBlockedThreads() {
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void startShouldCreateFileLinesOnceAndKeepRestChangesWhenRestarted() throws IOException {
    Path file = write("lines.yaml", TWO_LINES);
    Map<String, String> env = Map.of("LINEHUB_DB_URL", TestPostgres.freshDatabase().url(),
        "LINEHUB_LINES_FILE", file.toString());

    try (RunningHub first = RunningHub.start(dir.resolve("data"), env)) {
      Line sales = RunningHub.await(first.hub.lines().byId("sales")).orElseThrow();
      assertThat(sales.hours().week()).hasSize(2);
      assertThat(sales.members()).containsExactly(new Member(1, 0));
      assertThat(RunningHub.await(first.hub.lines().byId("overflow")).orElseThrow().noAnswer().action())
          .isEqualTo(FallbackAction.LINE);
      String admin = first.adminToken();
      var renamed = first.send("PUT", "/api/v1/lines/sales", admin, new JsonObject().put("strategy", "strictly")
          .put("name", "Sales (edited)"));
      assertThat(renamed.statusCode()).isEqualTo(200);
    }
    Files.writeString(file, TWO_LINES + "  - {id: support, strategy: longest_idle}\n");

    try (RunningHub second = RunningHub.start(dir.resolve("data"), env)) {
      Line sales = RunningHub.await(second.hub.lines().byId("sales")).orElseThrow();
      assertThat(sales.name()).isEqualTo("Sales (edited)");
      assertThat(sales.strategy()).isEqualTo(Strategy.STRICTLY);
      assertThat(RunningHub.await(second.hub.lines().byId("support"))).isPresent();
    }
  }

  @Test
  void startShouldFailNamingFileAndFieldWhenLineIsRefusedByTheStore() throws IOException {
    Path file = write("bad.yaml", TWO_LINES + "  - {id: ghosts, strategy: all, members: [{userId: 99}]}\n");
    Map<String, String> env = Map.of("LINEHUB_DB_URL", TestPostgres.freshDatabase().url(),
        "LINEHUB_LINES_FILE", file.toString());

    assertThatThrownBy(() -> RunningHub.start(dir.resolve("data"), env))
        .rootCause()
        .isInstanceOf(ConfigException.class)
        .hasMessage("lines file " + file + ": lines[2].members[0].userId: user 99 does not exist or is not active");
  }

  @Test
  void readShouldNameFileAndFieldWhenALineIsInvalid() throws IOException {
    Path file = write("typo.yaml", TWO_LINES.replace("\"10:00-19:00\"", "\"10:00-7pm\""));

    assertFailure(() -> LinesBootstrap.read(file),
        "lines file " + file + ": lines[0].hours.week.mon[0]: must be a range HH:MM-HH:MM");
  }

  @Test
  void readShouldFailWhenFileIsMissingMalformedOrHasUnknownKeys() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    Path malformed = write("malformed.yaml", "lines: [ {id: sales\n");
    Path unknown = write("unknown.yaml", "line:\n  - {id: sales, strategy: all}\n");
    Path twice = write("twice.yaml", "lines:\n  - {id: sales, strategy: all}\n  - {id: sales, strategy: evenly}\n");

    assertFailure(() -> LinesBootstrap.read(missing), "lines file " + missing + ": does not exist");
    assertFailure(() -> LinesBootstrap.read(malformed), "lines file " + malformed + ": cannot be read:");
    assertFailure(() -> LinesBootstrap.read(unknown), "lines file " + unknown + ": line: unknown key");
    assertFailure(() -> LinesBootstrap.read(twice),
        "lines file " + twice + ": lines[1].id: sales is already defined at lines[0]");
  }

  @Test
  void readShouldGiveNoLinesWhenFileIsEmpty() throws IOException {
    assertThat(LinesBootstrap.read(write("empty.yaml", ""))).isEmpty();
    assertThat(LinesBootstrap.read(write("none.yaml", "lines:\n"))).isEmpty();
  }

  private static void assertFailure(ThrowingCallable call, String messageStart) {
    assertThatThrownBy(call).isInstanceOf(ConfigException.class).message().startsWith(messageStart)
        .doesNotContain("\n");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}

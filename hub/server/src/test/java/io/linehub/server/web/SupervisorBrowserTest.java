package io.linehub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The supervisor's wallboard {@code /supervisor/} in a real headless Chromium against a running
 * hub: a supervisor signs in, today's charts and missed calls come from the reports, a customer
 * who starts waiting and an agent who goes away show up live over the socket without a reload,
 * on a desktop and on a phone-sized screen; an agent and a wrong password are told plainly why
 * they get nothing. Screenshots land in target/screenshots.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SupervisorBrowserTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  static String admin;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
    admin = hub.adminToken();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @Test
  void supervisorShouldWatchCustomersAndAgentsLiveBesideTodaysChartsAndMissedCalls() {
    user("sveta", "Sveta Orlova", "supervisor");
    long olga = user("olga", "Olga Petrova", "agent");
    String olgaToken = hub.login("olga", "olga-pass-1");
    String sveta = hub.login("sveta", "sveta-pass-1");
    line(new JsonObject().put("id", "sales").put("name", "Sales").put("strategy", "evenly")
        .put("members", new JsonArray().add(new JsonObject().put("userId", olga))));
    // Support is closed today and tomorrow: every call there falls back at once to a call-back.
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    line(new JsonObject().put("id", "support").put("name", "Support").put("strategy", "evenly")
        .put("responsibleUserId", olga)
        .put("members", new JsonArray().add(new JsonObject().put("userId", olga)))
        .put("hours", new JsonObject().put("timeZone", "UTC")
            .put("holidays", new JsonArray().add(today.toString()).add(today.plusDays(1).toString())))
        .put("outOfHours", new JsonObject().put("action", "callback")));
    ok(hub.send("PUT", "/api/v1/agents/me/state", olgaToken, new JsonObject().put("state", "available")));

    // Today so far, before the page opens (its charts load once a minute): a chat Olga took and
    // finished, a chat whose customer gave up, and two calls missed on Support, one called back.
    route("chat-1", "sales", "chat", "Boris", null);
    ok(hub.send("POST", "/api/v1/routing/tickets/chat-1/accept", olgaToken, null));
    ok(hub.send("POST", "/api/v1/routing/tickets/chat-1/finish", olgaToken, null));
    route("chat-2", "sales", "chat", "Galina", null);
    ok(hub.send("POST", "/api/v1/routing/tickets/chat-2/finish", sveta,
        new JsonObject().put("reason", "customer_left")));
    route("call-1", "support", "call", "+79001112233", "+79001112233");
    route("call-2", "support", "call", "+79004445566", "+79004445566");
    long calledBack = eventually("the call-back of call-2 in the CRM", () -> callback("call-2"), id -> id != null);
    ok(hub.send("PATCH", "/api/v1/crm/activities/" + calledBack, olgaToken,
        new JsonObject().put("status", "done").put("result", "wants a quote")));
    // The journal writes in batches: wait until the reports have caught up with what happened.
    eventually("the hours report", () -> report("hours").stream().mapToInt(r -> r.getInteger("offered")).sum(),
        offered -> offered == 4);
    eventually("the missed calls", () -> report("missed").size(), n -> n == 2);
    eventually("the leads", () -> report("leads").stream().mapToInt(r -> r.getInteger("leads")).sum(), n -> n == 2);

    try (Browser page = Browser.open()) {
      signIn(page, "sveta", "sveta-pass-1");
      waitForText(page, "#connection", "Live");
      waitForText(page, "#who-name", "Sveta Orlova");

      // The charts, drawn as SVG from the reports: 2 calls and 2 chats this hour, the hour's
      // service level (1 chat taken in time out of 1 taken + 1 given up), two leads by phone.
      page.waitFor("#chart-hours svg");
      assertThat(values(page, "#chart-hours rect.bar.calls")).contains("2");
      assertThat(values(page, "#chart-hours rect.bar.chats")).contains("2");
      assertThat(values(page, "#chart-sl circle.point")).containsExactly("50");
      page.present("#chart-sl line.target");
      assertThat(page.waitFor("#chart-leads svg").getAttribute("aria-label")).contains("Phone 2");
      assertThat(values(page, "#chart-leads rect.bar")).containsExactly("2");

      // Missed calls with their call-back's state from the CRM.
      waitForText(page, "#missed tr[data-ticket='call-1']", "+79001112233");
      assertThat(text(page, "#missed tr[data-ticket='call-1']"))
          .contains("Support", "call-back requested", "To call back · Olga Petrova");
      waitForText(page, "#missed tr[data-ticket='call-2'] .callback.done", "Called back");

      // The lines as the live model counts them: Sales is under the 80 % target, so red.
      waitForText(page, "#lines tr[data-line='sales']", "Sales");
      assertThat(text(page, "#lines tr[data-line='sales'] .sl")).startsWith("50 %");
      page.present("#lines tr[data-line='sales'] .sl[data-level='red']");
      assertThat(text(page, "#lines tr[data-line='sales'] .answered")).isEqualTo("1");
      assertThat(text(page, "#lines tr[data-line='sales'] .abandoned")).isEqualTo("1");
      assertThat(page.driver.findElement(By.id("legend")).getText())
          .contains("Waiting over 30 s", "Waiting over 60 s", "Service level under 80 %");
      assertThat(thresholds(page)).as("the colours the timers take").containsExactly("", "amber", "red", "red", "ok");

      // Live, without a reload: a customer starts waiting on Sales (Olga has no phone, so the
      // call stays queued) and the timer runs in the page.
      page.driver.executeScript("window.stillTheSamePage = true;");
      waitForText(page, "#agents tr[data-agent='" + olga + "']", "Available");
      assertThat(page.driver.findElement(By.id("tickets-empty")).isDisplayed()).isTrue();
      route("call-live", "sales", "call", "Vera Ivanova", "+79007778899");
      waitForText(page, "#tickets tr[data-ticket='call-live']", "Vera Ivanova");
      assertThat(text(page, "#tickets tr[data-ticket='call-live']")).contains("Call", "Sales", "Waiting");
      waitForText(page, "#lines tr[data-line='sales'] .waiting-now", "1");
      waitForText(page, "#sum-waiting", "1");
      // Rows are redrawn as frames arrive, so the clock is looked up afresh each time.
      By clock = By.cssSelector("#tickets tr[data-ticket='call-live'] .timer");
      String first = page.driver.findElement(clock).getText();
      assertThat(first).matches("0:\\d\\d");
      new WebDriverWait(page.driver, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
          .until(d -> !d.findElement(clock).getText().equals(first));
      assertThat(text(page, "#lines tr[data-line='sales'] .longest")).matches("0:\\d\\d");

      // An agent's state changes live: the supervisor sends Olga to lunch.
      ok(hub.send("PUT", "/api/v1/agents/" + olga + "/state", sveta,
          new JsonObject().put("state", "away").put("reason", "lunch")));
      waitForText(page, "#agents tr[data-agent='" + olga + "'] .state", "Away · lunch");
      assertThat(page.driver.executeScript("return window.stillTheSamePage === true;"))
          .as("pushed over the socket, not reloaded").isEqualTo(true);
      page.screenshot("supervisor-desktop");
      wholePage(page, "supervisor-desktop-full");
      for (int width : new int[] {700, 1024}) {
        page.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
            Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        assertThat(page.driver.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
            .as("nothing wider than a %d px window", width).isEqualTo(true);
      }
      page.assertNoConsoleErrors();
    }

    try (Browser phone = Browser.phone()) {
      // Headless Chromium keeps windows at least 500 px wide: emulate the phone's own viewport.
      phone.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
      signIn(phone, "sveta", "sveta-pass-1");
      assertThat(phone.driver.executeScript("return window.innerWidth;")).isEqualTo(390L);
      waitForText(phone, "#connection", "Live");
      waitForText(phone, "#tickets tr[data-ticket='call-live']", "Vera Ivanova");
      phone.waitFor("#chart-hours svg");
      waitForText(phone, "#missed tr[data-ticket='call-2']", "Called back");
      assertThat(phone.driver.executeScript(
          "return document.documentElement.scrollWidth <= window.innerWidth;"))
          .as("nothing wider than the phone's screen").isEqualTo(true);
      phone.screenshot("supervisor-phone");
      wholePage(phone, "supervisor-phone-full");
      phone.driver.findElement(By.id("sign-out")).click();
      phone.waitFor("#sign-in-form");
      assertThat(phone.driver.findElement(By.id("board")).isDisplayed()).isFalse();
      assertThat(phone.driver.executeScript("return sessionStorage.length;")).isEqualTo(0L);
      phone.assertNoConsoleErrors();
    }
  }

  @Test
  void wallboardShouldReconnectAndStartAfreshWhenTheHubRestarts(@TempDir Path ownData) throws IOException {
    // A hub of its own on a port that stays the same across its restart, as a real one would.
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Map<String, String> env = Map.of("LINEHUB_HTTP_PORT", String.valueOf(port));
    try (Browser page = Browser.open()) {
      try (RunningHub first = RunningHub.start(ownData, env)) {
        String owner = first.adminToken();
        assertThat(first.send("POST", "/api/v1/users", owner, new JsonObject().put("login", "rita")
            .put("displayName", "Rita").put("role", "supervisor").put("password", "rita-pass-1")).statusCode())
            .isEqualTo(201);
        assertThat(first.send("POST", "/api/v1/lines", owner, new JsonObject().put("id", "night")
            .put("name", "Night").put("strategy", "evenly")).statusCode()).isEqualTo(201);
        int status = eventually("line night known to routing", () -> first.send("POST", "/api/v1/routing/tickets",
            owner, new JsonObject().put("ticketId", "before").put("lineId", "night").put("media", "chat")
                .put("customer", "Early Bird")).statusCode(), s -> s != 404);
        assertThat(status).isEqualTo(201);

        page.get("http://localhost:" + port + "/supervisor/");
        page.waitFor("#login").sendKeys("rita");
        page.driver.findElement(By.id("password")).sendKeys("rita-pass-1");
        page.driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        waitForText(page, "#connection", "Live");
        waitForText(page, "#tickets tr[data-ticket='before']", "Early Bird");
        page.driver.executeScript("window.stillTheSamePage = true;");
      }

      waitForText(page, "#connection", "Connection lost, retrying in");
      assertThat(page.driver.findElement(By.id("board")).getAttribute("data-live")).isEqualTo("no");

      try (RunningHub second = RunningHub.start(ownData, env)) {
        // Back-off: the page tries again by itself, at most 30 s apart.
        new WebDriverWait(page.driver, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
            .until(d -> d.findElement(By.id("connection")).getText().equals("Live"));
        // Routing's queue did not survive the restart: the new snapshot replaces the old picture.
        new WebDriverWait(page.driver, Duration.ofSeconds(10))
            .until(d -> d.findElements(By.cssSelector("#tickets tr[data-ticket='before']")).isEmpty());
        String owner = second.adminToken();
        int status = eventually("line night known to routing", () -> second.send("POST", "/api/v1/routing/tickets",
            owner, new JsonObject().put("ticketId", "after").put("lineId", "night").put("media", "chat")
                .put("customer", "Night Owl")).statusCode(), s -> s != 404);
        assertThat(status).isEqualTo(201);
        waitForText(page, "#tickets tr[data-ticket='after']", "Night Owl");
        assertThat(page.driver.executeScript("return window.stillTheSamePage === true;"))
            .as("the same page reconnected; nobody reloaded it").isEqualTo(true);
        page.screenshot("supervisor-reconnected");
      }
      // While the hub was down the browser logged the refused connections; nothing else.
      List<LogEntry> errors = page.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
      assertThat(errors).allSatisfy(e -> assertThat(e.getMessage()).containsAnyOf("ERR_CONNECTION_REFUSED",
          "WebSocket connection to"));
    }
  }

  /**
   * The socket client's rules on a socket the test plays itself, in the real browser: frames it
   * has seen are dropped, unknown frames are passed on in order, a gap means a new connection
   * (and so a new snapshot), and a connection refused before it opened is retried after a longer wait.
   */
  @Test
  @SuppressWarnings("unchecked")
  void liveFeedShouldDropRepeatsAndStartAgainAfterAGap() {
    try (Browser page = Browser.open()) {
      page.get("http://localhost:" + hub.hub.httpPort() + "/supervisor/");
      page.waitFor("#login");
      Map<String, Object> result = (Map<String, Object>) page.driver.executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          (async () => {
            const sockets = [];
            class FakeSocket {
              constructor(url) { this.url = url; this.readyState = 0; sockets.push(this); }
              send() {}
              close(code) { this.closedWith = code; this.readyState = 3; }
            }
            Object.assign(FakeSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
            const realSocket = window.WebSocket;
            window.WebSocket = FakeSocket;
            try {
              const { LiveFeed } = await import('/supervisor/live.js');
              const seen = [];
              const states = [];
              const feed = new LiveFeed({
                url: () => 'ws://example.invalid/live',
                snapshot: (f) => seen.push(`snapshot ${f.seq}`),
                delta: (f) => seen.push(`${f.type} ${f.seq}`),
                status: (state, ms) => states.push(ms === undefined ? state : `${state} ${ms}`),
                refused: () => seen.push('refused'),
              });
              feed.start();
              const first = sockets[0];
              first.readyState = 1;
              first.onopen();
              const send = (frame) => first.onmessage({ data: JSON.stringify(frame) });
              send({ v: 1, type: 'snapshot', seq: 5, now: new Date().toISOString(), tickets: [], agents: [], lines: [] });
              send({ v: 1, type: 'agent', seq: 6, agent: {} });
              send({ v: 1, type: 'agent', seq: 6, agent: {} });
              send({ v: 1, type: 'pong' });
              send({ v: 1, type: 'added_later', seq: 7 });
              send({ v: 1, type: 'line', seq: 9, line: {} });
              while (sockets.length < 2) {
                await new Promise((resolve) => setTimeout(resolve, 10));
              }
              sockets[1].onclose({ code: 1006 });
              feed.stop();
              return { seen, states, closedWith: first.closedWith, sockets: sockets.length };
            } finally {
              window.WebSocket = realSocket;
            }
          })().then(done, (e) => done({ error: String(e) }));""");
      assertThat(result.get("seen")).as("frames applied").isEqualTo(List.of("snapshot 5", "agent 6", "added_later 7",
          "refused"));
      assertThat(result.get("closedWith")).as("the gap closes the socket").isEqualTo(4000L);
      assertThat(result.get("sockets")).as("and opens a new one").isEqualTo(2L);
      List<String> states = (List<String>) result.get("states");
      assertThat(states.subList(0, 4)).containsExactly("connecting", "live", "retrying 0", "connecting");
      // The second attempt never opened: the next one waits 1-2 s (2 s with up to half taken off as jitter).
      assertThat(states.get(4)).startsWith("retrying ");
      assertThat(Long.parseLong(states.get(4).substring("retrying ".length()))).isBetween(1000L, 2000L);
      page.assertNoConsoleErrors();
    }
  }

  @Test
  void agentShouldBeToldTheWallboardIsForSupervisors() {
    user("ivan", "Ivan Agent", "agent");
    try (Browser page = Browser.open()) {
      signIn(page, "ivan", "ivan-pass-1");
      waitForText(page, "#sign-in-message", "only for supervisors and admins");
      assertThat(page.driver.findElement(By.id("sign-in-message")).getText()).contains("Ivan Agent", "an agent");
      assertThat(page.driver.findElement(By.id("board")).isDisplayed()).isFalse();
      assertThat(page.driver.executeScript("return sessionStorage.length;")).as("no token kept").isEqualTo(0L);
      page.screenshot("supervisor-refused-agent");
      page.assertNoConsoleErrors();
    }
  }

  @Test
  void wrongPasswordShouldBeSaidPlainly() {
    user("petr", "Petr Supervisor", "supervisor");
    try (Browser page = Browser.open()) {
      signIn(page, "petr", "not-his-password");
      waitForText(page, "#sign-in-message", "Wrong login or password.");
      assertThat(page.driver.findElement(By.id("board")).isDisplayed()).isFalse();
      // The browser logs the login's 401 itself; nothing else may be in the console.
      List<LogEntry> errors = page.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
      assertThat(errors).allSatisfy(e -> assertThat(e.getMessage()).contains("/api/v1/auth/login", "401"));
    }
  }

  /** The whole page, not only the window, for reviewers (Browser.screenshot takes the window). */
  @SuppressWarnings("unchecked")
  private static void wholePage(Browser page, String name) {
    Map<String, Object> size = (Map<String, Object>) page.driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
        .get("cssContentSize");
    // The window's width (with its scroll bar's room): the page is laid out again at the clip's size.
    Object width = page.driver.executeScript("return window.innerWidth;");
    Map<String, Object> shot = page.driver.executeCdpCommand("Page.captureScreenshot", Map.of(
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width,
            "height", size.get("height"), "scale", 1)));
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Files.write(dir.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void signIn(Browser page, String login, String password) {
    page.get("http://localhost:" + hub.hub.httpPort() + "/supervisor/");
    page.waitFor("#login").sendKeys(login);
    page.driver.findElement(By.id("password")).sendKeys(password);
    page.driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
  }

  /** Waits until what {@code css} finds shows {@code text} (a row redrawn meanwhile is found again). */
  private static void waitForText(Browser page, String css, String text) {
    page.waitForText(css, text);
  }

  /** The text of what {@code css} finds now; rows are redrawn as frames arrive, so a stale find is retried. */
  private static String text(Browser page, String css) {
    return new WebDriverWait(page.driver, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.cssSelector(css)).getText());
  }

  private static List<String> values(Browser page, String css) {
    return page.driver.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("data-value"))
        .filter(v -> !"0".equals(v)).toList();
  }

  /** The page's own threshold rules: waits of 30, 31 and 61 s; service levels 79.9 and 80 %. */
  @SuppressWarnings("unchecked")
  private static List<String> thresholds(Browser page) {
    return (List<String>) page.driver.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/supervisor/format.js').then(m =>
          done([m.waitLevel(30), m.waitLevel(31), m.waitLevel(61), m.slLevel(79.9), m.slLevel(80)]));""");
  }

  private static long user(String login, String name, String role) {
    var created = hub.send("POST", "/api/v1/users", admin, new JsonObject().put("login", login)
        .put("displayName", name).put("role", role).put("password", login + "-pass-1"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  private static void line(JsonObject line) {
    var created = hub.send("POST", "/api/v1/lines", admin, line);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  /** A customer arrives; a new line may reach routing a moment after its REST write, so a 404 is retried. */
  private static void route(String ticketId, String lineId, String media, String customer, String phone) {
    JsonObject body = new JsonObject().put("ticketId", ticketId).put("lineId", lineId).put("media", media)
        .put("customer", customer);
    if (phone != null) {
      body.put("identities", new JsonArray().add(new JsonObject().put("type", "phone").put("value", phone)));
    }
    int status = eventually("line " + lineId + " known to routing",
        () -> hub.send("POST", "/api/v1/routing/tickets", admin, body).statusCode(), s -> s != 404);
    assertThat(status).isEqualTo(201);
  }

  private static List<JsonObject> report(String name) {
    var response = hub.get("/api/v1/reports/" + name, admin);
    ok(response);
    return response.bodyAsJsonObject().getJsonArray("rows").stream().map(JsonObject.class::cast).toList();
  }

  /** The id of the CRM call-back activity of a ticket, or null while it is not written yet. */
  private static Long callback(String ticketId) {
    var response = hub.get("/api/v1/crm/activities?status=open&limit=200", admin);
    ok(response);
    return response.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(a -> "callback".equals(a.getString("kind")) && ticketId.equals(a.getString("externalId")))
        .map(a -> a.getLong("id")).findFirst().orElse(null);
  }

  private static void ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  /** Asks again every 100 ms until the answer passes, for at most 30 s. */
  private static <T> T eventually(String what, java.util.function.Supplier<T> probe, Function<T, Boolean> done) {
    return new FluentWait<>(probe).withMessage(what).withTimeout(Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(100)).until(p -> {
          T value = p.get();
          return done.apply(value) ? value : null;
        });
  }
}

package io.linehub.server.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.chat.ChatClient;
import io.linehub.server.web.Browser;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The visitor's chat widget in a real headless Chromium (Debian's chromium and chromium-driver)
 * against a running hub: the demo page embeds it with one tag, the visitor writes, an operator on
 * a real WebSocket answers, the visitor sees it, and a reload keeps the conversation. Every test
 * checks the browser console for errors; screenshots land in target/screenshots.
 */
class WidgetBrowserTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;
  Browser page;
  ChromeDriver browser;

  @BeforeAll
  static void start() {
    hub = RunningHub.start(dataDir, Map.of());
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    assertThat(BlockedThreadCounter.reports()).as("event-loop blocked warnings").isEmpty();
  }

  @BeforeEach
  void openBrowser() {
    page = Browser.open();
    browser = page.driver;
  }

  @AfterEach
  void closeBrowser() {
    if (page != null) {
      page.close();
    }
  }

  @Test
  void visitorShouldChatWithAnOperatorAndKeepTheConversationOverAReload() throws Exception {
    String admin = hub.adminToken();
    TelegramLineTest.Operator olga = TelegramLineTest.Operator.create(hub, "web-olga");
    var channel = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "web")
        .put("kind", "site").put("lineId", "web-line").put("name", "Website"));
    assertThat(channel.statusCode()).as(channel.bodyAsString()).isEqualTo(201);

    try (ChatClient operator = olga.connect(hub)) {
      TelegramLineTest.line(hub, admin, "web-line", olga);
      browser.get("http://localhost:" + hub.hub.httpPort() + "/demo/?channel=web");
      SearchContext widget = widget();
      widget.findElement(By.cssSelector("button.launcher")).click();
      // The pre-chat form first: a name and a phone, which the CRM gets.
      waitFor(widget, ".prechat input[name=name]").sendKeys("Vera");
      widget.findElement(By.cssSelector(".prechat input[name=phone]")).sendKeys("+7 916 555-01-02");
      screenshot("widget-prechat");
      widget.findElement(By.cssSelector(".prechat button[type=submit]")).click();
      WebElement text = waitFor(widget, ".chat textarea");
      text.sendKeys("Hello from the website");
      widget.findElement(By.cssSelector(".chat form button[type=submit]")).click();
      screenshot("widget-sent");

      JsonObject offer = operator.next(f -> "offer".equals(f.getString("type")));
      operator.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = operator.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      assertThat(operator.messages(dialog, 1).get(0).getString("text")).isEqualTo("Hello from the website");
      operator.call("send", new JsonObject().put("dialogId", dialog).put("text", "Hi! How can I help?"));

      waitForText(widget, ".msg.operator", "Hi! How can I help?");
      // The operator's name over their message; the visitor's message marked as sent.
      waitForText(widget, ".msg.operator .who", "web-olga");
      assertThat(waitFor(widget, ".msg.operator .who .avatar").getText()).as("the operator's initials")
          .isEqualTo("W");
      waitForText(widget, ".msg.visitor .mark", "✓");
      screenshot("widget-answered");
      JsonObject session = hub.get("/api/v1/openlines/sessions?lineId=web-line", admin).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertThat(session.getString("customerName")).as("the pre-chat form's name").isEqualTo("Vera");
      JsonObject lead = hub.get("/api/v1/crm/" + session.getString("crmEntity").replace("lead:", "leads/"), admin)
          .bodyAsJsonObject();
      assertThat(lead.getJsonArray("phones")).as("the pre-chat form's phone in the CRM").contains("+79165550102");

      browser.navigate().refresh();
      SearchContext reloaded = widget();
      reloaded.findElement(By.cssSelector("button.launcher")).click();
      waitForText(reloaded, ".msg.operator", "Hi! How can I help?");
      List<String> shown = reloaded.findElements(By.cssSelector(".msg.visitor .text, .msg.operator .text")).stream()
          .map(WebElement::getText).toList();
      assertThat(shown).as("the conversation after a reload, once, in order")
          .containsSubsequence("Hello from the website", "Hi! How can I help?").doesNotHaveDuplicates();
      screenshot("widget-reloaded");
    }
    assertNoConsoleErrors();
  }

  @Test
  void outOfHoursTheWidgetShouldOfferTheOfflineFormAndACallbackRequestShouldReachTheCrm() {
    String admin = hub.adminToken();
    // A line open only on a day that is not today (in its time zone, UTC): closed now.
    String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).getDayOfWeek().plus(3)
        .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH).toLowerCase(java.util.Locale.ROOT);
    var line = hub.send("POST", "/api/v1/lines", admin, new JsonObject().put("id", "closed-line")
        .put("strategy", "evenly").put("hours", new JsonObject().put("timeZone", "UTC")
            .put("week", new JsonObject().put(day, new io.vertx.core.json.JsonArray().add("10:00-11:00")))));
    assertThat(line.statusCode()).as(line.bodyAsString()).isEqualTo(201);
    var channel = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "after-hours")
        .put("kind", "site").put("lineId", "closed-line").put("name", "Website"));
    assertThat(channel.statusCode()).as(channel.bodyAsString()).isEqualTo(201);

    browser.get("http://localhost:" + hub.hub.httpPort() + "/demo/?channel=after-hours");
    SearchContext widget = widget();
    widget.findElement(By.cssSelector("button.launcher")).click();
    waitForText(widget, ".offline .why", "closed now");
    widget.findElement(By.cssSelector(".offline input[name=name]")).sendKeys("Pavel");
    widget.findElement(By.cssSelector(".offline input[name=phone]")).sendKeys("+7 495 765-43-21");
    widget.findElement(By.cssSelector(".offline textarea[name=text]")).sendKeys("Please call me about the delivery");
    screenshot("widget-offline-form");
    widget.findElement(By.cssSelector(".offline button[type=submit]")).click();
    waitForText(widget, ".done", "We will call you back at +7 495 765-43-21");
    screenshot("widget-callback-requested");

    // The CRM has the customer (a new lead from the site form) and an open "call back" for the line.
    JsonObject callback = hub.get("/api/v1/crm/activities?status=open&limit=100", admin).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(a -> "callback".equals(a.getString("kind")) && "closed-line".equals(a.getString("lineId")))
        .findFirst().orElseThrow(() -> new AssertionError("no open callback activity for the line"));
    String entity = callback.getString("entity");
    assertThat(entity).startsWith("lead:");
    JsonObject lead = hub.get("/api/v1/crm/leads/" + entity.substring("lead:".length()), admin).bodyAsJsonObject();
    assertThat(lead.getJsonArray("phones")).contains("+74957654321");
    assertNoConsoleErrors();
  }

  @Test
  void widgetOnTheCustomersOwnSiteShouldWorkAcrossOrigins() throws Exception {
    String admin = hub.adminToken();
    TelegramLineTest.Operator ira = TelegramLineTest.Operator.create(hub, "shop-ira");
    var channel = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "shop")
        .put("kind", "site").put("lineId", "shop-line").put("name", "Shop"));
    assertThat(channel.statusCode()).as(channel.bodyAsString()).isEqualTo(201);
    // The customer's site: another server, another origin (host and port), with the one tag on it.
    String hubUrl = "http://localhost:" + hub.hub.httpPort();
    io.vertx.core.http.HttpServer site = RunningHub.await(hub.clientVertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .end("<!doctype html><html lang=en><head><meta charset=utf-8><title>A shop</title>"
                + "<link rel=icon href=data:,></head><body><h1>A shop</h1><script src=\"" + hubUrl
                + "/widget/loader.js\" data-channel=\"shop\" defer></script></body></html>"))
        .listen(0, "127.0.0.1"));
    try (ChatClient operator = ira.connect(hub)) {
      TelegramLineTest.line(hub, admin, "shop-line", ira);
      browser.get("http://127.0.0.1:" + site.actualPort() + "/");
      SearchContext widget = widget();
      widget.findElement(By.cssSelector("button.launcher")).click();
      // The pre-chat form's POST, the line's hours and the socket all go to the hub's origin.
      waitFor(widget, ".prechat input[name=name]").sendKeys("Zoya");
      widget.findElement(By.cssSelector(".prechat button[type=submit]")).click();
      waitFor(widget, ".chat textarea").sendKeys("Hello from the shop");
      widget.findElement(By.cssSelector(".chat form button[type=submit]")).click();

      JsonObject offer = operator.next(f -> "offer".equals(f.getString("type")));
      operator.call("accept", new JsonObject().put("ticketId", offer.getString("ticketId")));
      long dialog = operator.next(f -> "dialog".equals(f.getString("type"))).getLong("dialogId");
      operator.call("send", new JsonObject().put("dialogId", dialog).put("text", "Welcome to the shop"));
      waitForText(widget, ".msg.operator", "Welcome to the shop");

      // The offline form's POST from the shop's page too.
      widget.findElement(By.cssSelector(".to-offline")).click();
      waitFor(widget, ".offline input[name=phone]").sendKeys("+7 495 765-43-22");
      widget.findElement(By.cssSelector(".offline input[name=callback]")).click(); // a message, not a call
      widget.findElement(By.cssSelector(".offline textarea[name=text]")).sendKeys("Do you deliver on Sundays?");
      widget.findElement(By.cssSelector(".offline button[type=submit]")).click();
      waitForText(widget, ".done", "We have your message");
      screenshot("widget-on-another-site");
    } finally {
      RunningHub.await(site.close());
    }
    // A CORS refusal is a console error: none.
    assertNoConsoleErrors();

    // Only the visitors' endpoints answer other origins; the staff's API does not.
    var preflight = RunningHub.await(hub.client.request(io.vertx.core.http.HttpMethod.OPTIONS,
            "/api/v1/site/shop/visitors").putHeader("Origin", "https://shop.example")
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type").send());
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    var staff = RunningHub.await(hub.client.get("/api/v1/users").putHeader("Origin", "https://shop.example")
        .bearerTokenAuthentication(admin).send());
    assertThat(staff.statusCode()).isEqualTo(200);
    assertThat(staff.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void messageTheHubRefusesShouldShowAsNotSentAndNotBeSentAgain() throws Exception {
    String admin = hub.adminToken();
    TelegramLineTest.Operator lev = TelegramLineTest.Operator.create(hub, "refused-lev");
    TelegramLineTest.line(hub, admin, "refused-line", lev);
    assertThat(hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "refused")
        .put("kind", "site").put("lineId", "refused-line").put("name", "Website")).statusCode()).isEqualTo(201);
    browser.get("http://localhost:" + hub.hub.httpPort() + "/demo/?channel=refused");
    SearchContext widget = widget();
    widget.findElement(By.cssSelector("button.launcher")).click();
    waitFor(widget, ".prechat button[type=submit]").click();
    WebElement text = waitFor(widget, ".chat textarea");
    // Past the textarea's own limit (a script can do that; the hub's limit is what counts).
    browser.executeScript("arguments[0].value = 'x'.repeat(4001);", text);
    widget.findElement(By.cssSelector(".chat form button[type=submit]")).click();

    waitForText(widget, ".msg.visitor.failed .mark", "Not sent");
    text.sendKeys("Hello after all");
    widget.findElement(By.cssSelector(".chat form button[type=submit]")).click();
    waitForText(widget, ".msg.visitor:not(.failed) .mark", "✓");
    screenshot("widget-refused");
    // The refused one stays refused, not retried on the next connection.
    assertThat(widget.findElements(By.cssSelector(".msg.visitor.failed"))).hasSize(1);
    // The accepted message is counted on its session once processed (after its ack): wait for that.
    int counted = 0;
    for (int i = 0; i < 200 && counted == 0; i++) {
      var items = hub.get("/api/v1/openlines/sessions?lineId=refused-line", admin).bodyAsJsonObject()
          .getJsonArray("items");
      counted = items.isEmpty() ? 0 : items.getJsonObject(0).getInteger("messagesIn");
      if (counted == 0) {
        Thread.sleep(50);
      }
    }
    assertThat(counted).as("only the accepted message reached the session").isEqualTo(1);
    assertNoConsoleErrors();
  }

  @Test
  void loaderShouldStaySmallAndLeaveNoGlobals() {
    var loader = hub.get("/widget/loader.js", null);
    var widget = hub.get("/widget/widget.js", null);
    assertThat(loader.statusCode()).isEqualTo(200);
    assertThat(loader.body().length()).as("loader under 10 KB").isLessThan(10 * 1024);
    assertThat(loader.body().length() + widget.body().length()).as("the whole widget under 60 KB")
        .isLessThan(60 * 1024);
    browser.get("http://localhost:" + hub.hub.httpPort() + "/demo/?channel=web");
    widget();
    Object leaked = browser.executeScript("""
        return Object.keys(window).filter(k => k.toLowerCase().includes('linehub'));""");
    assertThat((List<?>) leaked).as("no global names").isEmpty();
    assertNoConsoleErrors();
  }

  private SearchContext widget() {
    return page.present("[data-linehub-widget]").getShadowRoot();
  }

  private WebElement waitFor(SearchContext context, String css) {
    return page.waitFor(context, css);
  }

  private void waitForText(SearchContext context, String css, String text) {
    page.waitForText(context, css, text);
  }

  private void assertNoConsoleErrors() {
    page.assertNoConsoleErrors();
  }

  private void screenshot(String name) {
    page.screenshot(name);
  }
}

package io.linehub.server.openlines;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.web.Browser;
import io.linehub.testkit.BlockedThreadCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent workspace (/agent/) and the visitor widget, each in its own real headless Chromium,
 * against a running hub: the agent signs in and sets their status on the page, a visitor writes
 * on the demo page, the offer pops up on the agent's page, the agent accepts and answers there,
 * the visitor sees the answer and the agent sees it delivered, the customer's CRM card is beside
 * the conversation, and the agent closes it. Both pages are checked for console errors.
 */
class AgentPageBrowserTest {

  @TempDir
  static Path dataDir;
  static RunningHub hub;

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

  @Test
  void agentShouldTakeAVisitorsChatAnswerItAndCloseItOnThePage() {
    String admin = hub.adminToken();
    TelegramLineTest.Operator olga = TelegramLineTest.Operator.create(hub, "page-olga");
    TelegramLineTest.line(hub, admin, "page-line", olga);
    assertThat(hub.send("PUT", "/api/v1/agents/me/state", olga.token(), new JsonObject().put("state", "offline"))
        .statusCode()).isEqualTo(200);
    assertThat(hub.send("PUT", "/api/v1/openlines/lines/page-line/settings", admin, new JsonObject()
        .put("ratingRequest", "How did we do? Answer 1 to 5.")
        .put("quickAnswers", new JsonArray().add(new JsonObject().put("title", "Hours")
            .put("text", "We are open from 9 to 18.")))).statusCode()).isEqualTo(200);
    var channel = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "page-web")
        .put("kind", "site").put("lineId", "page-line").put("name", "Website"));
    assertThat(channel.statusCode()).as(channel.bodyAsString()).isEqualTo(201);
    String base = "http://localhost:" + hub.hub.httpPort();

    try (Browser agent = Browser.open(); Browser visitor = Browser.open()) {
      agent.get(base + "/agent/");
      signIn(agent, "page-olga", "page-olga-web-pass");
      agent.waitForText("#me", "page-olga");
      // The status switch is the page's: away with a reason, then available for customers.
      new Select(agent.waitFor("#presence")).selectByValue("away:lunch");
      agent.waitForText("#state", "Away (lunch)");
      new Select(agent.waitFor("#presence")).selectByValue("available");
      agent.waitForText("#state", "Available");
      assertThat(hub.get("/api/v1/agents/me", olga.token()).bodyAsJsonObject().getString("state"))
          .isEqualTo("available");

      visitor.get(base + "/demo/?channel=page-web");
      SearchContext widget = visitor.present("[data-linehub-widget]").getShadowRoot();
      widget.findElement(By.cssSelector("button.launcher")).click();
      visitor.waitFor(widget, ".prechat button[type=submit]").click(); // the form's fields are optional
      visitor.waitFor(widget, ".chat textarea").sendKeys("Do you deliver to Kazan?");
      widget.findElement(By.cssSelector(".chat form button[type=submit]")).click();

      WebElement offer = agent.waitForText(".offer", "New conversation");
      agent.screenshot("agent-offer");
      offer.findElement(By.cssSelector("button.accept")).click();
      agent.waitForText(".msg.external", "Do you deliver to Kazan?");
      agent.waitForText("#conv-meta", "page-web");
      assertThat(agent.driver.findElements(By.cssSelector(".offer"))).as("the offer is gone once taken").isEmpty();

      // Quick answers of the line, then a reply typed and sent with Enter.
      new Select(agent.waitFor("#quick")).selectByVisibleText("Hours");
      assertThat(agent.waitFor("#text").getAttribute("value")).isEqualTo("We are open from 9 to 18.");
      agent.waitFor("#text").clear();
      agent.waitFor("#text").sendKeys("Yes, in two days.", Keys.ENTER);

      visitor.waitForText(widget, ".msg.operator", "Yes, in two days.");
      visitor.waitForText(widget, ".msg.operator .who", "page-olga");
      // The widget showed it: the agent's page marks the reply delivered (or read).
      agent.waitForText(".msg.mine .mark", "✓✓");
      // The customer's CRM card beside the conversation: a site visitor is a new lead.
      agent.waitForText("#card h2", "");
      new WebDriverWait(agent.driver, Duration.ofSeconds(20))
          .until(d -> !d.findElements(By.cssSelector("#card form.edit")).isEmpty());
      agent.screenshot("agent-conversation");

      agent.waitFor("#close-session").click();
      agent.waitForText("#conv-meta", "closed");
      agent.waitForText(".msg.system", "Conversation closed");
      // The visitor is asked to rate the conversation and answers with the stars.
      visitor.waitFor(widget, ".rate button[aria-label='5 of 5']").click();
      visitor.waitForText(widget, ".status", "Thank you!");
      visitor.screenshot("widget-rated");
      JsonObject session = hub.get("/api/v1/openlines/sessions?lineId=page-line", admin).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertThat(session.getString("status")).isEqualTo("closed");
      assertThat(session.getLong("operatorId")).isEqualTo(olga.id());
      assertThat(session.getInteger("messagesOut")).isGreaterThanOrEqualTo(1);
      for (int i = 0; i < 100 && session.getInteger("rating") == null; i++) {
        pause(100);
        session = hub.get("/api/v1/openlines/sessions/" + session.getLong("id"), admin).bodyAsJsonObject();
      }
      assertThat(session.getInteger("rating")).as("the visitor's stars on the session").isEqualTo(5);
      agent.screenshot("agent-closed");

      agent.assertNoConsoleErrors();
      visitor.assertNoConsoleErrors();
    }
  }

  @Test
  void filesShouldGoBothWaysBetweenTheWidgetAndTheAgentsPage(@TempDir Path files) throws Exception {
    String admin = hub.adminToken();
    TelegramLineTest.Operator anna = TelegramLineTest.Operator.create(hub, "page-anna");
    TelegramLineTest.line(hub, admin, "files-page-line", anna);
    var channel = hub.send("POST", "/api/v1/openlines/channels", admin, new JsonObject().put("id", "files-web")
        .put("kind", "site").put("lineId", "files-page-line").put("name", "Website"));
    assertThat(channel.statusCode()).as(channel.bodyAsString()).isEqualTo(201);
    Path shot = java.nio.file.Files.write(files.resolve("screenshot.png"), io.linehub.server.chat.ChatAttachmentTest.png());
    Path terms = java.nio.file.Files.writeString(files.resolve("terms.txt"), "Delivery in two days.");
    String base = "http://localhost:" + hub.hub.httpPort();

    try (Browser agent = Browser.open(); Browser visitor = Browser.open()) {
      agent.get(base + "/agent/");
      signIn(agent, "page-anna", "page-anna-web-pass");
      agent.waitForText("#me", "page-anna");

      visitor.get(base + "/demo/?channel=files-web");
      SearchContext widget = visitor.present("[data-linehub-widget]").getShadowRoot();
      widget.findElement(By.cssSelector("button.launcher")).click();
      visitor.waitFor(widget, ".prechat button[type=submit]").click();
      visitor.waitFor(widget, ".chat button.attach");
      // The paperclip opens the file chooser; a test hands the hidden input its file directly.
      chooseFile(visitor, widget.findElement(By.cssSelector(".chat input.file")), shot);
      visitor.waitForText(widget, ".files button", "screenshot.png");
      visitor.waitFor(widget, ".chat textarea").sendKeys("Here is what I see");
      widget.findElement(By.cssSelector(".chat form button[type=submit]")).click();
      visitor.waitForText(widget, ".msg.visitor a", "screenshot.png");

      agent.waitForText(".offer", "New conversation").findElement(By.cssSelector("button.accept")).click();
      WebElement link = agent.waitForText(".msg.external a.file", "screenshot.png");
      assertThat(link.getAttribute("href")).contains("/api/v1/chat/attachments/");
      agent.screenshot("agent-visitor-file");

      chooseFile(agent, agent.present("#file"), terms);
      agent.waitForText("#attached", "terms.txt");
      agent.waitFor("#text").sendKeys("Our terms", Keys.ENTER);
      agent.waitForText(".msg.mine a.file", "terms.txt");
      WebElement received = visitor.waitForText(widget, ".msg.operator a", "terms.txt");
      assertThat(received.getAttribute("href")).contains("/api/v1/site/files-web/attachments/")
          .doesNotContain("token");
      // A click fetches the file with the token in a header (a 401 would be a console error).
      received.click();
      visitor.until("the file fetched", d -> (Boolean) visitor.driver.executeScript("""
          return performance.getEntriesByType('resource')
            .some(e => e.name.includes('/attachments/') && e.initiatorType === 'fetch');"""), 20);
      visitor.screenshot("widget-operator-file");

      agent.assertNoConsoleErrors();
      visitor.assertNoConsoleErrors();
    }
  }

  /** Gives a (hidden) file input a file, as choosing it in the browser's dialog would. */
  private static void chooseFile(Browser page, WebElement input, Path file) {
    page.driver.executeScript("arguments[0].hidden = false;", input);
    input.sendKeys(file.toString());
    page.driver.executeScript("arguments[0].hidden = true;", input);
  }

  @Test
  void workspaceShouldFitAPhoneAndRefuseAWrongPassword() {
    TelegramLineTest.Operator.create(hub, "page-ivan");
    try (Browser phone = Browser.phone()) {
      phone.get("http://localhost:" + hub.hub.httpPort() + "/agent/");
      signIn(phone, "page-ivan", "not-the-password");
      phone.waitForText("#signin-error", "wrong login or password");
      signIn(phone, "page-ivan", "page-ivan-web-pass");
      phone.waitForText("#me", "page-ivan");
      Long overflow = (Long) phone.driver.executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat(overflow).as("nothing wider than the phone's screen").isLessThanOrEqualTo(0L);
      phone.screenshot("agent-phone");
      // A failed sign-in is a 401 the console reports: that one is expected, so the log is read
      // only after it and after the reload that follows.
      phone.driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER);
      phone.driver.navigate().refresh();
      phone.waitForText("#me", "page-ivan");
      phone.assertNoConsoleErrors();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void signIn(Browser page, String login, String password) {
    WebElement form = page.waitFor("#signin-form");
    form.findElement(By.name("login")).clear();
    form.findElement(By.name("login")).sendKeys(login);
    form.findElement(By.name("password")).clear();
    form.findElement(By.name("password")).sendKeys(password, Keys.ENTER);
  }
}

package io.linehub.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.linehub.server.RunningHub;
import io.linehub.server.web.Browser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent workspace's call pop in a real headless Chromium: a call from the trunk (sipp) rings
 * the agent's registered phone (sipp), the page pops the caller's CRM card while it rings, follows
 * the call to its end, and the wrap-up note and result land in the call's CRM activity; the call
 * panel's Transfer and Hold / Resume buttons work the call through the hub.
 */
class AgentCallPopBrowserTest {

  @TempDir
  static Path dataDir;
  private static RunningHub hub;
  private static CallFixture calls;

  @BeforeAll
  static void start() {
    calls = CallFixture.start(dataDir);
    hub = calls.hub;
  }

  @AfterAll
  static void stop() {
    calls.close();
  }

  @Test
  void incomingCallShouldPopTheCallersCardAndTakeTheWrapUpIntoTheCrm() throws Exception {
    String phonePort = calls.agentWithPhone("pop-oleg", "521", "pop-line", "+74951112299");
    long agentId = calls.agentId("pop-oleg");
    // The caller is known: a contact with the number the trunk shows.
    var contact = hub.send("POST", "/api/v1/crm/contacts", hub.adminToken(), new JsonObject()
        .put("fullName", "Ivan Petrov").put("phones", new JsonArray().add("+74951230000")));
    assertThat(contact.statusCode()).as(contact.bodyAsString()).isEqualTo(201);

    // A supervisor watches the wallboard meanwhile.
    assertThat(hub.send("POST", "/api/v1/users", hub.adminToken(), new JsonObject().put("login", "pop-sveta")
        .put("displayName", "Sveta").put("role", "supervisor").put("password", "pop-sveta-pass")).statusCode())
        .isEqualTo(201);

    try (Browser agent = Browser.open(); Browser wallboard = Browser.open()) {
      wallboard.get("http://localhost:" + hub.hub.httpPort() + "/supervisor/");
      wallboard.waitFor("#login").sendKeys("pop-sveta");
      wallboard.driver.findElement(By.id("password")).sendKeys("pop-sveta-pass", Keys.ENTER);
      wallboard.waitForText("#connection", "Live");

      signIn(agent, "pop-oleg");

      var phone = Sipp.run("agent-rings-then-answers.xml", hub.hub.sipPort(), "-p", phonePort);
      var caller = Sipp.run("caller-hangs-up.xml", hub.hub.sipPort(), "-s", "74951112299");

      // While the phone rings: who calls, on which line, from the CRM.
      WebElement pop = agent.waitForText(".offer", "Ivan Petrov");
      assertThat(pop.getText()).contains("Incoming call", "pop-line", "+74951230000", "contact");
      agent.waitForText("#state", "Ringing");
      agent.screenshot("agent-call-pop");
      // The same call on the wallboard, live: the caller on the line, offered to the agent.
      wallboard.waitForText("#tickets", "+74951230000");
      wallboard.waitForText("#tickets", "pop-line");
      wallboard.screenshot("supervisor-call-ringing");

      Sipp.Result called = caller.get(60, TimeUnit.SECONDS);
      Sipp.Result answered = phone.get(60, TimeUnit.SECONDS);
      assertThat(called.exitCode()).as(called.output()).isZero();
      assertThat(answered.exitCode()).as(answered.output()).isZero();

      agent.waitForText("#call .talk", "ended · answered");
      assertThat(agent.driver.findElements(By.cssSelector(".offer"))).as("the pop goes once answered").isEmpty();
      new Select(agent.waitFor("#call select[name=result]")).selectByValue("sale");
      agent.waitFor("#call textarea[name=note]").sendKeys("Wants three lathes, send the offer");
      agent.waitFor("#call button[type=submit]").click();
      agent.waitForText("#link", "Saved to the call");
      agent.screenshot("agent-call-wrapped-up");

      JsonObject activity = hub.get("/api/v1/crm/activities?responsible=" + agentId + "&limit=50", hub.adminToken())
          .bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(a -> "call".equals(a.getString("kind"))).findFirst().orElseThrow();
      assertThat(activity.getString("result")).isEqualTo("sale");
      assertThat(activity.getString("body")).isEqualTo("Wants three lathes, send the offer");
      assertThat(activity.getString("entity")).isEqualTo("contact:" + contact.bodyAsJsonObject().getLong("id"));
      wallboard.waitForText("#lines tr[data-line='pop-line']", "pop-line");
      agent.assertNoConsoleErrors();
      wallboard.assertNoConsoleErrors();
    }
  }

  @Test
  void transferButtonShouldHandTheCallerToAColleague() throws Exception {
    String phonePort = calls.agentWithPhone("pop-anna", "531", "pop-xfer-line", "+74951112298");
    String colleaguePort = calls.phoneOnLine("pop-boris", "532", "pop-xfer-line");
    calls.changeLine("pop-xfer-line", new JsonObject().put("members", new JsonArray()
        .add(new JsonObject().put("userId", calls.agentId("pop-anna")))));

    try (Browser agent = Browser.open()) {
      signIn(agent, "pop-anna");

      var phone = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", phonePort);
      var colleague = Sipp.run("agent-answer.xml", hub.hub.sipPort(), "-p", colleaguePort);
      var caller = Sipp.run("caller-transferred.xml", hub.hub.sipPort(), "-s", "74951112298",
          "-key", "from", "+74957770098");

      agent.waitForText("#call .talk", "talking");
      agent.waitFor("#call input[name=to]").sendKeys("532");
      agent.screenshot("agent-call-transfer");
      agent.waitFor("#call .transfer-call button").click();
      agent.waitForText("#call .talk", "transferred to 532");

      assertThat(caller.get(60, TimeUnit.SECONDS).exitCode()).isZero();
      assertThat(phone.get(60, TimeUnit.SECONDS).exitCode()).as("Anna's phone released").isZero();
      assertThat(colleague.get(60, TimeUnit.SECONDS).exitCode()).isZero();
      assertThat(calls.endedFrom("+74957770098").agentId()).as("Boris talked last").isEqualTo(calls.agentId("pop-boris"));
      agent.assertNoConsoleErrors();
    }
  }

  @Test
  void holdButtonShouldPutTheCallerOnHoldAndResumeOnAPhoneSizedPage() throws Exception {
    String phonePort = calls.agentWithPhone("pop-vera", "541", "pop-hold-line", "+74951112297");

    try (Browser agent = Browser.phone()) {
      // Headless Chromium keeps windows at least 500 px wide: emulate the phone's own viewport.
      agent.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
      signIn(agent, "pop-vera");

      // Both phones fail their scenario unless the hub's re-INVITEs say a=inactive, then a=sendrecv.
      var phone = Sipp.run("agent-held-from-workspace.xml", hub.hub.sipPort(), "-p", phonePort);
      var caller = Sipp.run("caller-held-from-workspace.xml", hub.hub.sipPort(), "-s", "74951112297",
          "-key", "from", "+74957770097");

      agent.waitForText("#call .talk", "talking");
      agent.waitFor("#call button.hold").click();
      agent.waitForText("#call .talk", "on hold");
      WebElement resume = agent.waitForText("#call button.hold", "Resume");
      assertThat(resume.getAttribute("aria-disabled")).isEqualTo("false");
      assertThat(agent.driver.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
          .as("the call panel fits the phone's screen").isEqualTo(true);
      agent.screenshot("agent-call-on-hold-phone");
      // The keyboard works it too: the button kept the focus it was pressed with, Enter presses it.
      assertThat(agent.driver.executeScript("return document.activeElement.classList.contains('hold');"))
          .isEqualTo(true);
      new org.openqa.selenium.interactions.Actions(agent.driver).sendKeys(Keys.ENTER).perform();
      agent.waitForText("#call button.hold", "Hold");
      agent.waitForText("#call .talk", "talking");

      assertThat(caller.get(60, TimeUnit.SECONDS).exitCode()).isZero();
      assertThat(phone.get(60, TimeUnit.SECONDS).exitCode()).isZero();
      agent.waitForText("#call .talk", "ended · answered");
      agent.assertNoConsoleErrors();
    }
  }

  /** Opens the workspace and signs in as {@code login} (web password {@code <login>-web}), available. */
  private static void signIn(Browser agent, String login) {
    agent.get("http://localhost:" + hub.hub.httpPort() + "/agent/");
    WebElement form = agent.waitFor("#signin-form");
    form.findElement(By.name("login")).sendKeys(login);
    form.findElement(By.name("password")).sendKeys(login + "-web", Keys.ENTER);
    agent.waitForText("#state", "Available");
  }
}

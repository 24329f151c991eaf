package dev.waggle.bootstrap.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Test fixture: Debian's {@code chromium} driven headless through its {@code chromedriver}, with
 * the flags this sandbox needs (no sandbox, no background connections to Google's hosts) and a
 * fresh profile. Tests that need it are skipped, saying why, where the packages are not installed.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Where screenshots go for a reviewer to look at. */
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  private final ChromeDriver driver;

  private HeadlessChromium(Path profile) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1280",
        "--lang=en-US",
        "--user-data-dir=" + profile.toAbsolutePath());
    this.driver = new ChromeDriver(service, options);
  }

  /** A browser, or the calling test skipped when Debian's chromium or chromedriver is missing. */
  static HeadlessChromium startOrSkip(Path profile) {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: install Debian's chromium and chromium-driver"
            + " (apt-get install -y chromium chromium-driver) for "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER);
    return new HeadlessChromium(profile);
  }

  WebDriver driver() {
    return driver;
  }

  /** Waits (up to 15 s) until the condition gives something other than null or false. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50))
        .until(condition::apply);
  }

  /** Saves what the window shows as {@code target/ui-screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}

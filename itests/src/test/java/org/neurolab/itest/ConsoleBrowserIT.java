package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in headless Chromium (Debian's chromium and chromium-driver, nothing downloaded): log in, hot-install
 * a driver by upload and see its device, run an experiment and see its result plot, watch the live raster move, be
 * refused as a researcher on an admin page, and see a stored script shown as text. Each step leaves a screenshot in
 * target/screenshots (the README shows them). Skipped when the browser is missing, unless NEUROLAB_REQUIRE_BROWSER=1
 * (CI sets it), where a missing browser fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT extends LabTestBase {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");
    static WebDriver browser;
    static ApiClient admin;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver";
            if ("1".equals(System.getenv("NEUROLAB_REQUIRE_BROWSER"))) fail(why + " (NEUROLAB_REQUIRE_BROWSER=1)");
            Assumptions.abort("browser tests skipped: " + why);
        }
        lab = ConsoleLab.start(home);
        base = "http://127.0.0.1:" + lab.httpPort;
        admin = ApiClient.anonymous(lab.httpPort).login("admin", ConsoleLab.ADMIN_PASSWORD);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectories(home.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.quit();
        browser = null;
    }

    static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    static WebElement byId(String id) {
        return waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    static void screenshot(String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static void logIn(String user, String password) {
        browser.get(base + "/");
        byId("login-user").clear();
        byId("login-user").sendKeys(user);
        byId("login-password").sendKeys(password);
        byId("login-submit").click();
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user));
    }

    static void go(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    @Test
    @Order(1)
    void an_admin_logs_in_and_sees_the_dashboard() throws Exception {
        browser.get(base + "/");
        assertTrue(browser.getCurrentUrl().endsWith("/ui/"), browser.getCurrentUrl());
        byId("login-user").sendKeys("admin");
        byId("login-password").sendKeys("wrong-password");
        byId("login-submit").click();
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "wrong user name or password"));
        logIn("admin", ConsoleLab.ADMIN_PASSWORD);
        WebElement dash = byId("page-dashboard");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElement(dash, "sim-mea3-o3"));
        assertTrue(dash.getText().contains("sim/mea0") && dash.getText().contains("Cultures"), dash.getText());
        screenshot("dashboard");
    }

    @Test
    @Order(2)
    void an_uploaded_driver_bundle_is_installed_and_its_device_appears() throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow();
        }
        go("#/bundles");
        WebElement devices = byId("devices");
        assertTrue(!devices.getText().contains("example/incubator"));
        byId("bundle-file").sendKeys(jar.toRealPath().toString());
        byId("upload").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "uploaded org.neurolab.driver.example"));
        waitUpTo(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("devices"), "example/incubator"));
        assertTrue(byId("bundle-list").getText().contains("org.neurolab.driver.example"));
        screenshot("bundles");
    }

    @Test
    @Order(3)
    void an_experiment_runs_and_its_result_is_plotted() throws Exception {
        go("#/experiments");
        byId("script-name").sendKeys("short-sweep.js");
        new org.openqa.selenium.support.ui.Select(byId("script-language")).selectByValue("js");
        WebElement code = byId("script-code");
        code.clear();
        code.sendKeys(ConsoleApiIT.SHORT_SWEEP);
        byId("run").click();
        waitUpTo(240).until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-state"), "SUCCEEDED"));
        WebElement plot = waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("canvas.result-plot[data-key='activity']")));
        Number painted = (Number) js("const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;", plot);
        assertTrue(painted.longValue() > 500, "the plot has lines and points: " + painted);
        assertTrue(byId("run-output").getText().contains("points"));
        js("arguments[0].scrollIntoView({block: 'center'})", plot);
        screenshot("experiment");
    }

    @Test
    @Order(4)
    void the_live_raster_moves_as_spikes_arrive() throws Exception {
        String run = admin.post("/api/experiments/runs", "{\"name\":\"pulses.js\",\"code\":" + ApiClient.quote("""
                const o = lab.organoids()[0]; const e = lab.electrodes(o)[0];
                for (let i = 0; i < 120; i++) { lab.stimulate(o, [e], 10, {phaseUs: 200, interphaseUs: 50}); lab.wait(500); }
                """) + ",\"organoids\":[\"sim-mea2-o0\"]}").json().get("id").asText();
        try {
            go("#/live/sim/mea2");
            waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "streaming"));
            waitUpTo(60).until(d -> Long.parseLong(byId("spike-count").getText()) > 0);
            long first = Long.parseLong(byId("spike-count").getText());
            String before = (String) js("return document.getElementById('raster').toDataURL()");
            waitUpTo(60).until(d -> Long.parseLong(byId("spike-count").getText()) > first);
            Thread.sleep(500);
            String after = (String) js("return document.getElementById('raster').toDataURL()");
            assertNotEquals(before, after, "the raster was redrawn with new spikes");
            Thread.sleep(4000); // a few more seconds of activity for the picture
            screenshot("live");
        } finally {
            admin.post("/api/experiments/runs/" + run + "/cancel", null);
        }
    }

    @Test
    @Order(5)
    void a_stored_script_is_shown_as_text_and_never_runs() throws Exception {
        String reason = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
        assertEquals(200, admin.post("/api/ethics/holds", "{\"organoid\":\"sim-mea1-o1\",\"reason\":" + ApiClient.quote(reason) + "}").status());
        go("#/ethics");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("holds"), reason));
        Thread.sleep(500);
        assertNull(js("return window.__xss === undefined ? null : window.__xss"), "no stored script ran");
        assertEquals(0L, ((Number) js("return document.querySelectorAll('#page img, #page script').length")).longValue(), "no element made from data");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-verify"), "Verified"));
        screenshot("ethics");
    }

    @Test
    @Order(6)
    void a_researcher_is_refused_on_admin_pages() throws Exception {
        assertEquals(201, admin.post("/api/users", "{\"name\":\"rita\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"researcher\"]}").status());
        byId("logout").click();
        byId("login-user");
        logIn("rita", ConsoleLab.PASSWORD);
        go("#/users");
        WebElement refused = byId("refused");
        assertTrue(refused.getText().contains("needs the admin role"), refused.getText());
        screenshot("refused");
        go("#/bundles");
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("refused"), "admin or operator"));
        // the page is only a courtesy: the API refuses too
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/users').then(r => done(r.status));");
        assertEquals(403L, ((Number) status).longValue());
    }

    @Test
    @Order(7)
    void a_researcher_doses_from_the_dosing_page_and_books_from_the_calendar() throws Exception {
        go("#/dosing"); // still logged in as rita, a researcher
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chamber"), "Chamber of"));
        new org.openqa.selenium.support.ui.Select(byId("dose-organoid")).selectByValue("sim-mea1-o2");
        new org.openqa.selenium.support.ui.Select(byId("dose-compound")).selectByValue("gaba");
        byId("dose-amount").sendKeys("5");
        byId("dose").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("dose-status"), "5.00 µM now"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chamber"), "rita"));
        byId("dose-amount").clear();
        byId("dose-amount").sendKeys("500");
        byId("dose").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("dose-status"), "above its limit of 100 µM"));
        screenshot("dosing");

        go("#/reservations");
        WebElement start = waitUpTo(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("book-start")));
        byId("book-target").sendKeys("sim-mea1-o2");
        js("arguments[0].value = arguments[1]", start, java.time.LocalDateTime.now().plusDays(3).withNano(0).withSecond(0).toString());
        js("arguments[0].value = arguments[1]", byId("book-end"), java.time.LocalDateTime.now().plusDays(3).plusHours(2).withNano(0).withSecond(0).toString());
        byId("book").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "booked reservation"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("reservation-list"), "sim-mea1-o2"));
        screenshot("reservations");
    }
}

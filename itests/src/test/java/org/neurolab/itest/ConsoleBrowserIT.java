package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
            jar = lab.signed(s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow());
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
        new org.openqa.selenium.support.ui.Select(byId("book-target")).selectByValue("sim-mea1-o2");
        js("arguments[0].value = arguments[1]", start, java.time.LocalDateTime.now().plusDays(3).withNano(0).withSecond(0).toString());
        js("arguments[0].value = arguments[1]", byId("book-end"), java.time.LocalDateTime.now().plusDays(3).plusHours(2).withNano(0).withSecond(0).toString());
        byId("book").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "booked reservation"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("reservation-list"), "sim-mea1-o2"));
        screenshot("reservations");
    }

    @Test
    @Order(8)
    void every_page_has_the_health_banner_and_the_navigation_shows_what_the_role_may_use() throws Exception {
        // still rita, a researcher
        for (String page : new String[] {"#/dashboard", "#/experiments", "#/dosing", "#/ethics"}) {
            go(page);
            waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-status"), "Lab OK"));
            assertTrue(byId("health-guards").getText().contains("all required guards running"), byId("health").getText());
            assertTrue(byId("health-disk").getText().contains("disk free in the lab home"), byId("health").getText());
            assertTrue(byId("health-overrun").getText().startsWith("overrun:"), byId("health").getText());
        }
        for (String hidden : new String[] {"bundles", "users", "osgi"})
            assertTrue(!browser.findElement(By.cssSelector("nav a[data-page='" + hidden + "']")).isDisplayed(), hidden + " is not offered to a researcher");
        assertTrue(browser.findElement(By.cssSelector("nav a[data-page='account']")).isDisplayed());
        // a hold (set in step 5) is shown with who may release it
        go("#/ethics");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("holds"), "only an ethics officer may release"));
        go("#/dosing");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upkeep-who"), "operators and admins"));
    }

    @Test
    @Order(9)
    void a_researcher_manages_their_tokens_and_changes_their_password() throws Exception {
        go("#/account");
        byId("token-label").sendKeys("notebook");
        byId("create-token").click();
        String token = byId("new-token").getText();
        assertTrue(token.startsWith("nl_"), token);
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-list"), "notebook"));
        assertEquals(200, ApiClient.withToken(lab.httpPort, token).get("/api/session").status(), "the token shown works");
        screenshot("account");
        js("window.confirm = () => true");
        browser.findElement(By.cssSelector("button[data-token='notebook']")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-status"), "revoked notebook"));
        assertEquals(401, ApiClient.withToken(lab.httpPort, token).get("/api/session").status(), "the revoked token is refused");

        byId("pw-current").sendKeys(ConsoleLab.PASSWORD);
        byId("pw-new").sendKeys("password1234");
        byId("pw-again").sendKeys("password1234");
        byId("change-password").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-status"), "too easy to guess"));
        for (String f : new String[] {"pw-new", "pw-again"}) {
            byId(f).clear();
            byId(f).sendKeys("rita-second-password-7");
        }
        byId("change-password").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-status"), "log in again"));
        byId("login-user");
        logIn("rita", "rita-second-password-7");
    }

    @Test
    @Order(10)
    void an_admin_creates_disables_promotes_and_deletes_an_account() throws Exception {
        byId("logout").click();
        byId("login-user");
        logIn("admin", ConsoleLab.ADMIN_PASSWORD);
        go("#/users");
        byId("new-user").sendKeys("otto");
        byId("new-password").sendKeys("otto-initial-password-3");
        browser.findElement(By.cssSelector("#new-roles input[value='researcher']")).click(); // off
        browser.findElement(By.cssSelector("#new-roles input[value='operator']")).click(); // on
        byId("create-user").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "created otto (operator)"));
        js("window.confirm = () => true; window.prompt = () => 'otto-second-password-4'");
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-action='disable'][data-user='otto']"))).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "otto disabled"));
        assertEquals(401, ApiClient.anonymous(lab.httpPort).post("/api/session", "{\"user\":\"otto\",\"password\":\"otto-initial-password-3\"}").status());
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-action='enable'][data-user='otto']"))).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "otto enabled"));
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[data-user='otto'][data-role='researcher']"))).click();
        browser.findElement(By.cssSelector("button[data-action='roles'][data-user='otto']")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "roles of otto are now"));
        assertTrue(admin.get("/api/users/otto").json().get("roles").toString().contains("researcher"));
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-action='password'][data-user='otto']"))).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "password of otto set"));
        assertEquals(200, ApiClient.anonymous(lab.httpPort).post("/api/session", "{\"user\":\"otto\",\"password\":\"otto-second-password-4\"}").status());
        // the console audit below the accounts, with readable times, paged and filtered
        WebElement audit = byId("console-audit");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElement(audit, "user.create"));
        audit.findElement(By.cssSelector("input.audit-action")).sendKeys("user.update");
        waitUpTo(10).until(d -> !audit.getText().contains("user.create"));
        assertTrue(audit.getText().contains("user.update"), audit.getText());
        assertTrue(audit.findElements(By.cssSelector("time")).size() > 0, "times are <time> elements in the browser's zone");
        screenshot("users");
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-action='delete'][data-user='otto']"))).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "deleted otto"));
        assertEquals(404, admin.get("/api/users/otto").status());
    }

    @Test
    @Order(11)
    void an_admin_refills_a_reservoir_and_exchanges_medium() throws Exception {
        go("#/dosing");
        new org.openqa.selenium.support.ui.Select(byId("refill-reservoir")).selectByValue("sim/pump1:gaba");
        double capacity = ConsoleHardeningIT.reservoir(admin, "sim/pump1:gaba").get("capacity").asDouble();
        String level = Long.toString(Math.round(capacity / 2));
        byId("refill-level").clear();
        byId("refill-level").sendKeys(level);
        byId("refill").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upkeep-status"), "sim/pump1:gaba refilled to " + level));
        assertEquals(Double.parseDouble(level), ConsoleHardeningIT.reservoir(admin, "sim/pump1:gaba").get("level").asDouble(), 1e-9);
        js("window.confirm = () => true");
        new org.openqa.selenium.support.ui.Select(byId("exchange-organoid")).selectByValue("sim-mea1-o2");
        byId("exchange-volume").sendKeys("5");
        byId("exchange").click();
        // the pump runs in lab time: generous for a loaded machine
        waitUpTo(180).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upkeep-status"), "exchanged 5"));
        byId("exchange-volume").clear();
        byId("exchange-volume").sendKeys("0.0000001");
        byId("exchange").click();
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upkeep-status"), "below the pump's resolution"));
    }

    @Test
    @Order(12)
    void stopping_a_bundle_asks_first_and_a_core_bundle_needs_an_admins_force() throws Exception {
        go("#/bundles");
        WebElement list = byId("bundle-list");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElement(list, "org.neurolab.driver.example"));
        // declined: nothing happens
        js("window.__asked = []; window.confirm = (m) => { window.__asked.push(m); return false; }");
        browser.findElement(By.cssSelector("button[data-bundle='org.neurolab.ethics'][data-action='stop']")).click();
        assertTrue(String.valueOf(js("return window.__asked[0]")).contains("one of the lab's core bundles"), String.valueOf(js("return window.__asked[0]")));
        assertEquals(32, lab.bundle("org.neurolab.ethics").getState(), "still ACTIVE");
        browser.findElement(By.cssSelector("button[data-bundle='org.neurolab.driver.example'][data-action='stop']")).click();
        assertTrue(String.valueOf(js("return window.__asked[1]")).startsWith("Stop org.neurolab.driver.example"));
        assertEquals(32, lab.bundle("org.neurolab.driver.example").getState());
        // accepted: stopped
        js("window.confirm = () => true");
        browser.findElement(By.cssSelector("button[data-bundle='org.neurolab.driver.example'][data-action='stop']")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "stop org.neurolab.driver.example: done"));
        assertEquals(4, lab.bundle("org.neurolab.driver.example").getState(), "RESOLVED");
        screenshot("bundles-confirm");
        // an operator cannot even press it
        assertEquals(201, admin.post("/api/users", "{\"name\":\"olga\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"operator\"]}").status());
        byId("logout").click();
        byId("login-user");
        logIn("olga", ConsoleLab.PASSWORD);
        go("#/bundles");
        WebElement core = waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[data-bundle='org.neurolab.ethics'][data-action='stop']")));
        assertTrue(!core.isEnabled() && core.getAttribute("title").contains("only an admin"), "disabled for an operator");
    }

    @Test
    @Order(13)
    void a_slot_is_booked_by_clicking_a_free_hour_in_the_week_grid() throws Exception {
        // a loaded machine's quiet cultures may have been held by the tripwire, and a held culture cannot be booked
        assertEquals(201, admin.post("/api/users", "{\"name\":\"edgar\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"ethics-officer\"]}").status());
        ApiClient edgar = ApiClient.anonymous(lab.httpPort).login("edgar", ConsoleLab.PASSWORD);
        for (int i = 0; i < 4; i++) edgar.post("/api/ethics/holds/sim-mea3-o" + i, "{\"reason\":\"released for the booking test\"}");
        go("#/reservations"); // olga, an operator
        new org.openqa.selenium.support.ui.Select(byId("book-target")).selectByValue("sim/mea3");
        // tomorrow 10:00, a free hour
        WebElement cell = waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#week .cell[data-day='1'][data-hour='10']")));
        cell.click();
        assertTrue(!byId("book-start").getAttribute("value").isEmpty() && !byId("book-end").getAttribute("value").isEmpty(), "the click picked the hour");
        byId("book").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("booking-status"), "booked reservation"));
        waitUpTo(20).until(ExpectedConditions.attributeContains(By.cssSelector("#week .cell[data-day='1'][data-hour='10']"), "class", "mine"));
        screenshot("reservations");
    }

    @Test
    @Order(14)
    void the_audit_trail_reads_as_times_and_pages() throws Exception {
        byId("logout").click();
        byId("login-user");
        logIn("admin", ConsoleLab.ADMIN_PASSWORD);
        go("#/ethics");
        WebElement audit = byId("audit");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-verify"), "Verified"));
        String first = audit.findElement(By.cssSelector(".audit-pos")).getText();
        assertTrue(first.startsWith("entries 1–"), first);
        assertTrue(audit.findElements(By.cssSelector("tbody time")).size() > 0);
        WebElement older = audit.findElement(By.cssSelector("button.audit-next"));
        if (older.isEnabled()) {
            older.click();
            waitUpTo(20).until(d -> !audit.findElement(By.cssSelector(".audit-pos")).getText().equals(first));
            assertTrue(audit.findElement(By.cssSelector(".audit-pos")).getText().startsWith("entries 21–"));
        }
        audit.findElement(By.cssSelector("input.audit-actor")).sendKeys("no-such-person");
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElement(audit, "no entries match"));
        screenshot("ethics");
    }

    @Test
    @Order(15)
    void a_failed_run_names_its_line_once() throws Exception {
        go("#/experiments");
        byId("script-name").clear();
        byId("script-name").sendKeys("broken.js");
        new org.openqa.selenium.support.ui.Select(byId("script-language")).selectByValue("js");
        WebElement code = byId("script-code");
        code.clear();
        code.sendKeys("const a = 1;\nthrow new Error('boom');\n");
        byId("run").click();
        waitUpTo(240).until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-state"), "FAILED"));
        String error = byId("run-error").getText();
        assertTrue(error.contains("boom"), error);
        assertTrue(!error.contains("(line 2)") || !error.contains(":2:"), "the line is named once: " + error);
    }

    @Test
    @Order(16)
    void an_audit_filter_finds_entries_older_than_the_page_on_screen() throws Exception {
        // one entry by a name no one else has, then more than a page of newer entries: a filter that only looked at the
        // page on screen would answer "no entries match"
        assertEquals(401, ApiClient.anonymous(lab.httpPort).post("/api/session", "{\"user\":\"zora-typo\",\"password\":\"not-her-password-1\"}").status());
        for (int i = 0; i < 12; i++) { // a token made and revoked: two entries each (an account holds at most 20 tokens)
            ApiClient.Response made = admin.post("/api/tokens", "{\"label\":\"filler-" + i + "\"}");
            assertEquals(201, made.status(), made.toString());
            String tokenId = null;
            for (JsonNode t : admin.get("/api/tokens").json()) if (t.get("label").asText().equals("filler-" + i)) tokenId = t.get("id").asText();
            assertEquals(200, admin.delete("/api/tokens/" + tokenId).status());
        }
        go("#/ethics"); // still the admin
        WebElement audit = byId("audit");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElement(audit, "console.token."));
        assertTrue(!audit.getText().contains("zora-typo"), "not on the newest page");
        audit.findElement(By.cssSelector("input.audit-actor")).sendKeys("zora-typo");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElement(audit, "zora-typo"));
        assertTrue(audit.findElement(By.cssSelector(".audit-pos")).getText().contains("of 1 matching"), audit.findElement(By.cssSelector(".audit-pos")).getText());
        audit.findElement(By.cssSelector("input.audit-actor")).clear();
        audit.findElement(By.cssSelector("input.audit-action")).sendKeys("console.token.*");
        new org.openqa.selenium.support.ui.Select(audit.findElement(By.cssSelector("select.audit-decision"))).selectByValue("record");
        // the server's answer to the new filters: more than one page of console.token.* entries, nothing else
        waitUpTo(20).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> audit.findElements(By.cssSelector("tbody tr")).size() == 20
                && audit.findElements(By.cssSelector("tbody tr")).stream().allMatch(r -> r.getText().contains("console.token.")));
        assertTrue(audit.findElement(By.cssSelector(".audit-pos")).getText().matches("entries 1–20 of \\d+ matching"), audit.findElement(By.cssSelector(".audit-pos")).getText());
        assertTrue(audit.findElement(By.cssSelector("button.audit-next")).isEnabled(), "older matches on the next page");
        go("#/users");
        WebElement console = byId("console-audit");
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElement(console, "token."));
        console.findElement(By.cssSelector("input.audit-actor")).sendKeys("zora-typo");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElement(console, "zora-typo"));
        assertTrue(console.getText().contains("refused"), console.getText());
    }

    @Test
    @Order(17)
    void an_ethics_officer_proposes_a_change_and_another_officer_approves_it() throws Exception {
        // edgar (step 13) is the first officer; the second is appointed directly too (the lab's first two are)
        assertEquals(201, admin.post("/api/users", "{\"name\":\"erin\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"ethics-officer\"]}").status());
        assertEquals(200, admin.post("/api/ethics/holds", "{\"organoid\":\"sim-mea2-o3\",\"reason\":\"browser test hold\"}").status());
        byId("logout").click();
        byId("login-user");
        logIn("edgar", ConsoleLab.PASSWORD);
        go("#/ethics");
        // who held a culture and since when, for the officer deciding on its release
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("holds"), "browser test hold"));
        assertTrue(byId("holds").getText().contains("Held by") && byId("holds").getText().contains("admin"), byId("holds").getText());
        new org.openqa.selenium.support.ui.Select(byId("propose-kind")).selectByValue("CELL_LINE");
        byId("propose-cell-line").sendKeys("HUES-9-browser");
        new org.openqa.selenium.support.ui.Select(byId("propose-consent")).selectByValue("simulated-no-donor");
        byId("propose-reason").sendKeys("a new line from batch B2026-07");
        byId("propose-submit").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("propose-status"), "waits for another ethics officer"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending"), "HUES-9-browser"));
        assertTrue(byId("pending").getText().contains("simulated-no-donor"), "the approver sees the new value: " + byId("pending").getText());
        js("arguments[0].scrollIntoView({block: 'start'})", byId("pending"));
        screenshot("ethics-propose");
        byId("logout").click();
        byId("login-user");
        logIn("erin", ConsoleLab.PASSWORD);
        go("#/ethics");
        WebElement approve = waitUpTo(30).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@id='pending']//tr[td[contains(., 'HUES-9-browser')]]//button[text()='Approve']")));
        js("window.prompt = () => 'reviewed against the signed consent form'");
        approve.click();
        waitUpTo(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("consents"), "HUES-9-browser → simulated-no-donor"));
        assertEquals("simulated-no-donor", admin.get("/api/ethics/consents").json().get("cellLines").get("HUES-9-browser").asText());
    }

    @Test
    @Order(18)
    void a_researcher_exports_and_shares_their_recording_from_the_recordings_page() throws Exception {
        ApiClient rita = ApiClient.anonymous(lab.httpPort).login("rita", "rita-second-password-7");
        ApiClient.Response run = rita.post("/api/experiments/runs", "{\"name\":\"rec-browser.py\",\"code\":\"r = lab.start_recording()\\nlab.wait(1500)\\n"
                + "lab.stop_recording(r)\\nlab.result('recording', r)\\n\",\"organoids\":[\"sim-mea0-o1\"]}");
        assertEquals(202, run.status(), run.toString());
        String runId = run.json().get("id").asText();
        LabUnderTest.await("the recording run ends", Duration.ofSeconds(240), () -> {
            String state = rita.get("/api/experiments/runs/" + runId).json().get("state").asText();
            return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
        });
        ApiClient.Response done = rita.get("/api/experiments/runs/" + runId);
        assertEquals("SUCCEEDED", done.json().get("state").asText(), done.toString());
        long id = done.json().get("results").get("recording").asLong();
        assertEquals(201, admin.post("/api/users", "{\"name\":\"rex\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"researcher\"]}").status());
        ApiClient rex = ApiClient.anonymous(lab.httpPort).login("rex", ConsoleLab.PASSWORD);
        assertEquals(403, rex.get("/api/recordings/" + id).status(), "not shared yet");

        byId("logout").click();
        byId("login-user");
        logIn("rita", "rita-second-password-7");
        go("#/recordings");
        WebElement share = waitUpTo(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-share='" + id + "']")));
        for (String format : new String[] {"csv", "openephys", "phy"}) {
            WebElement link = browser.findElement(By.xpath("//tr[td[1][text()='" + id + "']]//a[@data-format='" + format + "']"));
            Object answer = ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[1]; fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('content-type'))).catch(e => done(String(e)));",
                    link.getAttribute("href"));
            assertTrue(String.valueOf(answer).startsWith("200 " + (format.equals("csv") ? "text/csv" : "application/zip")), format + ": " + answer);
        }
        js("window.prompt = () => 'rex'");
        share.click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("recording-status"), "shared with rex"));
        assertEquals(200, rex.get("/api/recordings/" + id).status(), "rex may read it now");
        screenshot("recordings");
        browser.findElement(By.cssSelector("button[data-unshare='rex']")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("recording-status"), "no longer shared with rex"));
        assertEquals(403, rex.get("/api/recordings/" + id).status(), "the share was taken back");
    }

    @Test
    @Order(19)
    void an_operator_schedules_and_removes_maintenance() throws Exception {
        byId("logout").click();
        byId("login-user");
        logIn("olga", ConsoleLab.PASSWORD);
        go("#/reservations");
        WebElement first = waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("job-first")));
        new org.openqa.selenium.support.ui.Select(byId("job-organoid")).selectByValue("sim-mea2-o2");
        js("arguments[0].value = arguments[1]", first, java.time.LocalDateTime.now().plusDays(5).withHour(7).withMinute(0).withSecond(0).withNano(0).toString());
        byId("job-add").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("maintenance-status"), "scheduled job"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("maintenance-list"), "sim-mea2-o2"));
        JsonNode jobs = admin.get("/api/maintenance").json();
        long job = -1;
        for (JsonNode j : jobs)
            if (j.get("organoidId").asText().equals("sim-mea2-o2") && j.get("every").asText().equals("PT12H") && j.get("task").asText().equals("medium-exchange"))
                job = j.get("id").asLong();
        assertTrue(job > 0, "the job as the form gave it (medium exchange every 720 min): " + jobs);
        // the week grid shows its window for that culture (and its array), where a booking cannot go
        go("#/dashboard");
        byId("page-dashboard");
        go("#/reservations");
        new org.openqa.selenium.support.ui.Select(waitUpTo(30).until(ExpectedConditions.elementToBeClickable(By.id("book-target")))).selectByValue("sim-mea2-o2");
        waitUpTo(20).until(ExpectedConditions.attributeContains(By.cssSelector("#week .cell[data-day='5'][data-hour='7']"), "class", "maintenance"));
        assertTrue(browser.findElement(By.cssSelector("#week .cell[data-day='5'][data-hour='7']")).getAttribute("title").contains("medium-exchange"));
        assertTrue(!browser.findElement(By.cssSelector("#week .cell[data-day='5'][data-hour='8']")).getAttribute("class").contains("maintenance"), "15 minutes, not more");
        js("window.confirm = () => true");
        browser.findElement(By.cssSelector("button[data-remove-job='" + job + "']")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("maintenance-status"), "removed job " + job));
        for (JsonNode j : admin.get("/api/maintenance").json()) assertNotEquals(job, j.get("id").asLong());
    }

    @Test
    @Order(20)
    void an_account_an_admin_made_chooses_its_own_password_at_first_login() throws Exception {
        byId("logout").click();
        byId("login-user");
        logIn("admin", ConsoleLab.ADMIN_PASSWORD);
        go("#/users");
        byId("new-user").sendKeys("tara");
        byId("new-password").sendKeys("tara-temporary-pw-1");
        assertTrue(byId("new-temporary").isSelected(), "a new account's password is temporary unless the admin says otherwise");
        byId("create-user").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-status"), "created tara"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-list"), "temporary password"));
        byId("logout").click();
        byId("login-user");
        logIn("tara", "tara-temporary-pw-1");
        byId("page-first-password");
        assertTrue(!byId("who").getText().isEmpty() && !browser.findElement(By.id("nav")).isDisplayed(), "nothing else is offered");
        byId("first-current").sendKeys("tara-temporary-pw-1");
        byId("first-new").sendKeys("tara-own-choice-pw-2");
        byId("first-again").sendKeys("tara-own-choice-pw-2");
        byId("first-save").click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("first-status"), "log in with it"));
        byId("login-user");
        logIn("tara", "tara-own-choice-pw-2");
        byId("page-dashboard");
        assertTrue(!admin.get("/api/users/tara").json().get("mustChangePassword").asBoolean());
    }

    @Test
    @Order(21)
    void a_run_takes_several_cultures_picked_from_the_list() throws Exception {
        go("#/experiments"); // tara, a researcher (step 20)
        byId("script-name").clear();
        byId("script-name").sendKeys("two-cultures.js");
        new org.openqa.selenium.support.ui.Select(byId("script-language")).selectByValue("js");
        WebElement code = byId("script-code");
        code.clear();
        code.sendKeys("console.log(JSON.stringify(lab.organoids()));\n");
        org.openqa.selenium.support.ui.Select cultures = new org.openqa.selenium.support.ui.Select(byId("run-organoid"));
        assertTrue(cultures.isMultiple());
        cultures.deselectAll();
        cultures.selectByValue("sim-mea0-o1");
        cultures.selectByValue("sim-mea1-o0");
        byId("dry-run").click();
        waitUpTo(240).until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-state"), "SUCCEEDED"));
        String log = byId("run-output").getText();
        assertTrue(log.contains("sim-mea0-o1") && log.contains("sim-mea1-o0"), "both cultures reserved for the run: " + log);
    }
}

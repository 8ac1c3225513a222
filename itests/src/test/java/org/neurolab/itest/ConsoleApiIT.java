package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console's REST API driven over HTTP as its users would: accounts and sessions, the lab's rigs and cultures,
 * a hot install by upload, an experiment run with results, recordings, ethics holds and the audit trail, the live
 * stream, the Web Console behind the same accounts, and last (it locks the address out) the login throttle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiIT extends LabTestBase {
    static Map<String, ApiClient> as;
    static final String SHORT_SWEEP = """
            const o = lab.organoids()[0];
            const e = lab.electrodes(o)[0];
            const rec = lab.startRecording();
            const start = lab.now();
            const points = [];
            for (const a of [5, 10, 20]) {
              const t = lab.now();
              lab.stimulate(o, [e], a, {phaseUs: 200, interphaseUs: 50});
              lab.wait(100);
              points.push({amplitudeUa: a, evoked: lab.spikeCounts(o, t, t + 100, 100).reduce((x, y) => x + y, 0)});
              lab.wait(400);
            }
            const stored = lab.stopRecording(rec);
            lab.result('recording', {id: stored.id, spikes: stored.spikes});
            lab.result('sweep', points);
            lab.result('activity', lab.spikeCounts(o, start, lab.now(), 100));
            lab.log('points', points.length);
            """;

    @BeforeAll
    static void start() throws Exception {
        lab = ConsoleLab.start(home);
        as = ConsoleLab.withRoleAccounts(lab.httpPort);
    }

    static ApiClient anon() {
        return ApiClient.anonymous(lab.httpPort);
    }

    @Test
    @Order(1)
    void there_is_no_default_password_and_a_session_cookie_is_http_only_and_same_site_strict() throws Exception {
        assertEquals(401, anon().post("/api/session", "{\"user\":\"admin\",\"password\":\"admin\"}").status());
        ApiClient.Response ok = anon().post("/api/session", "{\"user\":\"admin\",\"password\":\"" + ConsoleLab.ADMIN_PASSWORD + "\"}");
        assertEquals(200, ok.status(), ok.toString());
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(ok.json().get("csrfToken").asText().isBlank());
        String users = Files.readString(home.resolve("data/security/users.json"));
        assertFalse(users.contains(ConsoleLab.PASSWORD), "no password in the accounts file");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data/security/users.json"))));
        String audit = Files.readString(home.resolve("data/security/console-audit.jsonl"));
        assertTrue(audit.contains("\"actor\":\"admin\",\"action\":\"login\",\"target\":\"console\",\"outcome\":\"refused\""), "the failed login is audited");
    }

    @Test
    @Order(2)
    void a_session_must_send_its_csrf_token_on_every_mutating_request() {
        ApiClient admin = as.get("admin");
        ApiClient.Response without = admin.send("POST", "/api/tokens", HttpRequest.BodyPublishers.ofString("{\"label\":\"x\"}"), "application/json", false);
        assertEquals(403, without.status());
        assertTrue(without.json().get("error").asText().contains("X-CSRF-Token"), without.toString());
        assertEquals(201, admin.post("/api/tokens", "{\"label\":\"x\"}").status());
    }

    @Test
    @Order(3)
    void an_api_token_works_for_scripts_until_it_is_revoked() {
        ApiClient rita = as.get("researcher");
        JsonNode created = rita.post("/api/tokens", "{\"label\":\"analysis notebook\"}").json();
        String token = created.get("token").asText();
        ApiClient script = ApiClient.withToken(lab.httpPort, token);
        JsonNode me = script.get("/api/session").json();
        assertEquals("rita", me.get("user").asText());
        assertEquals("researcher", me.get("roles").get(0).asText());
        assertEquals(403, script.get("/api/users").status(), "a token carries its account's roles");
        String id = rita.get("/api/tokens").json().get(0).get("id").asText();
        assertEquals(200, rita.delete("/api/tokens/" + id).status());
        assertEquals(401, script.get("/api/session").status());
    }

    @Test
    @Order(4)
    void rigs_layouts_and_cultures_come_from_the_lab() {
        ApiClient rita = as.get("researcher");
        JsonNode rigs = rita.get("/api/rigs").json();
        assertEquals("sim", rigs.get("rigs").get(0).get("rigId").asText());
        assertTrue(rigs.get("rigs").get(0).get("devices").toString().contains("sim/mea0"));
        assertEquals(0, rigs.get("missingRequiredGuards").size());
        JsonNode layout = rita.get("/api/meas/sim/mea0").json();
        assertEquals(32, layout.get("electrodes").size());
        JsonNode cultures = rita.get("/api/organoids").json();
        assertEquals(16, cultures.size());
        assertEquals("ACTIVE", cultures.get(0).get("state").asText());
        assertEquals(404, rita.get("/api/meas/sim/no-such-mea").status());
    }

    @Test
    @Order(5)
    void an_operator_hot_installs_a_driver_by_upload_and_its_device_appears() throws Exception {
        ApiClient olga = as.get("operator");
        Path jar;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            jar = lab.signed(s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow());
        }
        assertEquals(403, as.get("researcher").send("POST", "/api/bundles?name=example-driver.jar", HttpRequest.BodyPublishers.ofFile(jar),
                "application/java-archive").status(), "researchers do not install bundles");
        ApiClient.Response up = olga.send("POST", "/api/bundles?name=example-driver.jar", HttpRequest.BodyPublishers.ofFile(jar), "application/java-archive");
        assertEquals(202, up.status(), up.toString());
        assertEquals("org.neurolab.driver.example", up.json().get("symbolicName").asText());
        assertTrue(Files.exists(lab.deploy().resolve("example-driver.jar")));
        LabUnderTest.await("example device listed", Duration.ofSeconds(60), () -> olga.get("/api/rigs").body().contains("example/incubator"));
        JsonNode bundle = findBundle(olga, "org.neurolab.driver.example");
        assertEquals("ACTIVE", bundle.get("state").asText());
        long id = bundle.get("id").asLong();
        assertEquals("RESOLVED", olga.post("/api/bundles/" + id + "/stop", null).json().get("state").asText());
        LabUnderTest.await("example device gone", Duration.ofSeconds(30), () -> !olga.get("/api/rigs").body().contains("example/incubator"));
        assertEquals("ACTIVE", olga.post("/api/bundles/" + id + "/start", null).json().get("state").asText());
        String trail = Files.readString(home.resolve("data/ethics/audit/log.jsonl"));
        assertTrue(trail.contains("\"action\":\"console.bundle.upload\"") && trail.contains("org.neurolab.driver.example"),
                "the driver's hot install is in the lab's audit trail, not only the console's file");
        assertTrue(trail.contains("\"action\":\"console.bundle.stop\""), "and so is stopping it");

        ApiClient.Response notJar = olga.send("POST", "/api/bundles?name=evil.jar", HttpRequest.BodyPublishers.ofString("hello"), "application/java-archive");
        assertEquals(400, notJar.status(), notJar.toString());
        ApiClient.Response climbing = olga.send("POST", "/api/bundles?name=../../evil.jar", HttpRequest.BodyPublishers.ofFile(jar), "application/java-archive");
        assertEquals(400, climbing.status());
        assertFalse(Files.exists(lab.deploy().resolveSibling("evil.jar")));

        // a bundle that cannot resolve is listed with what it misses
        Path broken = TestBundles.withHeaders(jar, home.resolve("build/broken.jar"), Map.of("Bundle-SymbolicName", "org.neurolab.itest.broken",
                "Import-Package", "org.example.not.installed;version=\"[1,2)\""));
        assertEquals(202, olga.send("POST", "/api/bundles?name=broken.jar", HttpRequest.BodyPublishers.ofFile(lab.signed(broken)), "application/java-archive").status());
        JsonNode row = LabUnderTest.awaitValue("broken bundle listed", Duration.ofSeconds(60), () -> findBundle(olga, "org.neurolab.itest.broken"));
        assertEquals("INSTALLED", row.get("state").asText());
        assertTrue(row.get("resolutionErrors").toString().contains("org.example.not.installed"), row.toString());
        ApiClient.Response start = olga.post("/api/bundles/" + row.get("id").asLong() + "/start", null);
        assertEquals(409, start.status());
        assertTrue(start.json().get("error").asText().contains("org.example.not.installed"), start.toString());
        assertEquals(200, olga.delete("/api/bundles/" + row.get("id").asLong()).status());
        assertFalse(Files.exists(lab.deploy().resolve("broken.jar")));
    }

    static JsonNode findBundle(ApiClient c, String symbolicName) {
        for (JsonNode b : c.get("/api/bundles").json()) if (b.get("symbolicName").asText().equals(symbolicName)) return b;
        return null;
    }

    @Test
    @Order(6)
    void a_researcher_runs_an_experiment_and_gets_its_results_and_recording() throws Exception {
        ApiClient rita = as.get("researcher");
        ApiClient.Response started = rita.post("/api/experiments/runs", "{\"name\":\"short-sweep.js\",\"code\":" + ApiClient.quote(SHORT_SWEEP)
                + ",\"organoids\":[\"sim-mea0-o1\"]}");
        assertEquals(202, started.status(), started.toString());
        String id = started.json().get("id").asText();
        JsonNode run = LabUnderTest.awaitValue("run ended", Duration.ofSeconds(180), () -> {
            JsonNode r = rita.get("/api/experiments/runs/" + id).json();
            return r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED") ? r : null;
        });
        assertEquals("SUCCEEDED", run.get("state").asText(), run.toString());
        assertEquals("rita", run.get("user").asText());
        assertEquals(3, run.get("results").get("sweep").size());
        assertTrue(run.get("results").get("activity").isArray(), "spike counts per 100 ms over the run");
        assertTrue(run.get("output").asText().contains("points"));
        long recording = run.get("results").get("recording").get("id").asLong();

        JsonNode recs = rita.get("/api/recordings").json();
        assertTrue(recs.toString().contains("\"id\":" + recording), recs.toString());
        JsonNode spikes = rita.get("/api/recordings/" + recording + "/spikes?limit=10").json();
        assertTrue(spikes.isArray() && spikes.size() <= 10);
        JsonNode counts = rita.get("/api/recordings/" + recording + "/counts?binMicros=100000").json();
        long total = 0;
        for (JsonNode n : counts.get("counts")) total += n.asLong();
        assertTrue(total > 0, "the stimulated culture spiked: run " + run.get("results") + ", recording " + rita.get("/api/recordings/" + recording).body()
                + ", counts " + counts);
        ApiClient.Response csv = rita.get("/api/recordings/" + recording + "/export");
        assertEquals(200, csv.status());
        assertTrue(csv.body().startsWith("recording,mea,organoid,electrode,time_us,amplitude_uv\n"));
        assertEquals(total + 1, csv.body().lines().count(), "the export holds the spikes the counts per bin add up to");
        JsonNode stims = rita.get("/api/recordings/" + recording + "/stimulations").json();
        assertEquals(3, stims.size(), "the three pulses of the sweep: " + stims);
        System.out.println("recording " + recording + ": " + total + " spikes over its time range, the run reported " + run.get("results").get("recording"));

        ApiClient.Response dry = rita.post("/api/experiments/dry-runs", "{\"name\":\"short-sweep.js\",\"code\":" + ApiClient.quote(SHORT_SWEEP)
                + ",\"organoids\":[\"sim-mea0-o0\"]}");
        assertTrue(dry.status() == 200 || dry.status() == 501, dry.toString());
        if (dry.status() == 501) assertTrue(dry.json().get("error").asText().contains("dry run"), dry.toString());
        else assertEquals("SUCCEEDED", dry.json().get("state").asText());
    }

    @Test
    @Order(7)
    void a_run_is_cancelled_by_its_owner_but_not_by_another_researcher() throws Exception {
        ApiClient rita = as.get("researcher");
        String id = rita.post("/api/experiments/runs", "{\"name\":\"long.js\",\"code\":\"lab.wait(600000);\",\"organoids\":[\"sim-mea1-o0\"]}").json().get("id").asText();
        ApiClient other = ApiClient.anonymous(lab.httpPort);
        as.get("admin").post("/api/users", "{\"name\":\"ruth\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"researcher\"]}");
        other.login("ruth", ConsoleLab.PASSWORD);
        assertEquals(403, other.post("/api/experiments/runs/" + id + "/cancel", null).status());
        assertEquals(200, rita.post("/api/experiments/runs/" + id + "/cancel", null).status());
        LabUnderTest.await("run cancelled", Duration.ofSeconds(30), () -> rita.get("/api/experiments/runs/" + id).json().get("state").asText().equals("CANCELLED"));
        assertEquals(409, rita.post("/api/experiments/runs/" + id + "/cancel", null).status());
    }

    @Test
    @Order(8)
    void scripts_are_saved_into_the_library_and_checked() throws Exception {
        ApiClient rita = as.get("researcher");
        assertEquals(200, rita.put("/api/experiments/scripts/hello.js", "{\"code\":\"lab.log('hello');\"}").status());
        assertTrue(Files.exists(home.resolve("scripts/hello.js")));
        LabUnderTest.await("library took it", Duration.ofSeconds(30), () -> rita.get("/api/experiments/scripts").body().contains("hello.js"));
        assertEquals("lab.log('hello');", rita.get("/api/experiments/scripts/hello.js").json().get("code").asText());
        assertEquals(400, rita.put("/api/experiments/scripts/..%2F..%2Fevil.js", "{\"code\":\"x\"}").status());
        assertEquals(400, rita.put("/api/experiments/scripts/evil.sh", "{\"code\":\"x\"}").status());
    }

    @Test
    @Order(9)
    void ethics_officers_hold_and_release_cultures_and_read_a_verified_audit_trail() throws Exception {
        ApiClient edgar = as.get("ethics-officer"), rita = as.get("researcher"), olga = as.get("operator");
        assertEquals(403, rita.post("/api/ethics/holds", "{\"organoid\":\"sim-mea2-o0\",\"reason\":\"x\"}").status());
        assertEquals(200, olga.post("/api/ethics/holds", "{\"organoid\":\"sim-mea2-o0\",\"reason\":\"odd activity\"}").status());
        assertEquals("ON_HOLD", rita.get("/api/organoids/sim-mea2-o0").json().get("state").asText());
        assertEquals(403, olga.post("/api/ethics/holds/sim-mea2-o0", "{\"reason\":\"fine\"}").status(), "only an ethics officer releases");
        assertEquals(200, edgar.post("/api/ethics/holds/sim-mea2-o0", "{\"reason\":\"reviewed, fine\"}").status());
        assertEquals("ACTIVE", rita.get("/api/organoids/sim-mea2-o0").json().get("state").asText());
        assertEquals(64, edgar.get("/api/ethics/policies").json().get("policySetHash").asText().length());
        JsonNode audit = edgar.get("/api/ethics/audit?limit=5").json();
        assertTrue(audit.get("total").asLong() > 0);
        assertTrue(audit.get("entries").size() <= 5);
        JsonNode verify = edgar.get("/api/ethics/audit/verify").json();
        assertTrue(verify.get("ok").asBoolean(), verify.toString());
        assertEquals(403, rita.get("/api/ethics/audit").status());
        JsonNode consents = edgar.get("/api/ethics/consents").json();
        assertTrue(consents.toString().contains("simulated-no-donor"), consents.toString());
        ApiClient.Response change = edgar.post("/api/ethics/changes", "{\"kind\":\"CELL_LINE\",\"target\":\"LINE-7\",\"value\":\"simulated-no-donor\",\"reason\":\"new line\"}");
        assertEquals(201, change.status(), change.toString());
        String changeId = change.json().get("id").asText();
        ApiClient.Response self = edgar.post("/api/ethics/changes/" + changeId + "/approve", "{\"meaning\":\"reviewed\"}");
        assertEquals(400, self.status(), "two-person rule: " + self);
        assertEquals(400, edgar.post("/api/ethics/changes/" + changeId + "/reject", "{}").status(), "a rejection needs its reason");
        ApiClient.Response withdrawn = edgar.post("/api/ethics/changes/" + changeId + "/reject", "{\"reason\":\"wrong line number\"}");
        assertEquals(200, withdrawn.status(), withdrawn.toString());
        assertFalse(edgar.get("/api/ethics/changes").body().contains(changeId), "no longer pending");
        assertEquals(404, edgar.post("/api/ethics/changes/" + changeId + "/approve", "{\"meaning\":\"late\"}").status(), "a withdrawn change cannot be approved");
        String trail = Files.readString(home.resolve("data/ethics/audit/log.jsonl"));
        assertTrue(trail.contains("\"action\":\"change.withdraw\"") && trail.contains("wrong line number"), "the withdrawal is in the audit trail");
    }

    @Test
    @Order(10)
    void the_live_stream_sends_spikes_as_they_happen() throws Exception {
        ApiClient rita = as.get("researcher");
        // stimulation makes sure there is activity to see
        String run = rita.post("/api/experiments/runs", "{\"name\":\"pulses.js\",\"code\":" + ApiClient.quote("""
                const o = lab.organoids()[0]; const e = lab.electrodes(o)[0];
                for (let i = 0; i < 40; i++) { lab.stimulate(o, [e], 10, {phaseUs: 200, interphaseUs: 50}); lab.wait(500); }
                """) + ",\"organoids\":[\"sim-mea3-o0\"]}").json().get("id").asText();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.httpPort + "/api/live/sim/mea3")).header("Authorization", "Bearer "
                + rita.post("/api/tokens", "{\"label\":\"live\"}").json().get("token").asText()).build();
        HttpResponse<java.io.InputStream> resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, resp.statusCode());
        assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        int spikeEvents = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while (spikeEvents < 3 && System.currentTimeMillis() < deadline && (line = r.readLine()) != null) {
                if (line.equals("event: spikes")) {
                    JsonNode data = ApiClient.JSON.readTree(r.readLine().substring("data: ".length()));
                    assertTrue(data.get("electrodes").size() > 0);
                    assertEquals(data.get("electrodes").size(), data.get("timesMicros").size());
                    spikeEvents++;
                }
            }
        }
        assertEquals(3, spikeEvents, "spike events arrived within a minute");
        rita.post("/api/experiments/runs/" + run + "/cancel", null);
    }

    @Test
    @Order(11)
    void errors_are_json_and_say_what_was_wrong() {
        ApiClient admin = as.get("admin");
        ApiClient.Response r = admin.post("/api/users", "{\"name\":\"x\",\"password\":\"short\",\"roles\":[\"researcher\"]}");
        assertEquals(400, r.status());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertNotNull(r.json().get("error"));
        assertEquals(404, admin.get("/api/nothing-here").status());
        assertEquals(405, admin.send("PATCH", "/api/users", HttpRequest.BodyPublishers.noBody(), null).status());
        assertEquals(409, admin.delete("/api/users/admin").status(), "the last admin stays");
        JsonNode openapi = anon().get("/api/openapi.json").json();
        assertEquals("3.1.0", openapi.get("openapi").asText());
        assertTrue(openapi.get("paths").has("/api/experiments/runs"));
    }

    @Test
    @Order(12)
    void the_felix_web_console_takes_the_same_admin_accounts_only() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, Integer> get = (user, pw) -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.httpPort + "/system/console/bundles")).header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        assertEquals(200, get.apply("admin", ConsoleLab.ADMIN_PASSWORD));
        assertEquals(401, get.apply("rita", ConsoleLab.PASSWORD), "researchers do not get raw OSGi access");
    }

    @Test
    @Order(99)
    void failed_logins_are_throttled_with_429() {
        int status = 0;
        for (int i = 0; i < 8 && status != 429; i++) status = anon().post("/api/session", "{\"user\":\"admin\",\"password\":\"guess-" + i + "\"}").status();
        assertEquals(429, status);
        ApiClient.Response r = anon().post("/api/session", "{\"user\":\"admin\",\"password\":\"" + ConsoleLab.ADMIN_PASSWORD + "\"}");
        assertEquals(429, r.status(), "even the right password waits");
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    @Order(13)
    void researchers_book_through_the_api_and_conflicts_and_bad_times_are_refused() {
        ApiClient rita = as.get("researcher");
        java.time.Instant start = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        ApiClient.Response booked = rita.post("/api/reservations", "{\"target\":\"sim-mea2-o1\",\"start\":\"" + start + "\",\"end\":\""
                + start.plus(java.time.Duration.ofHours(1)) + "\",\"zone\":\"Europe/Zurich\"}");
        assertEquals(201, booked.status(), booked.body());
        long id = booked.json().get("reservation").get("id").asLong();
        assertTrue(booked.json().get("startLocal").asText().contains("Europe/Zurich") || booked.json().get("startLocal").asText().contains("+01:00"),
                booked.body());
        ApiClient.Response clash = as.get("operator").post("/api/reservations", "{\"target\":\"sim/mea2\",\"start\":\"" + start.plusSeconds(1800)
                + "\",\"end\":\"" + start.plusSeconds(5400) + "\"}");
        assertEquals(409, clash.status(), clash.body());
        assertTrue(clash.json().get("error").asText().contains("reservation " + id), clash.body());
        ApiClient.Response noZone = rita.post("/api/reservations", "{\"target\":\"sim-mea2-o1\",\"start\":\"2030-01-01T10:00\",\"end\":\"2030-01-01T11:00\"}");
        assertEquals(400, noZone.status());
        assertTrue(noZone.json().get("error").asText().contains("has no time zone"), noZone.body());
        assertTrue(rita.get("/api/reservations?from=" + start.minusSeconds(60) + "&zone=UTC").body().contains("\"id\":" + id));
        assertEquals(200, as.get("ethics-officer").get("/api/reservations").status(), "anyone logged in may read the calendar");
        assertEquals(200, rita.post("/api/reservations/" + id + "/cancel", "{}").status());
    }

    @Test
    @Order(14)
    void doses_go_through_the_api_and_limits_and_units_are_refused_clearly() {
        ApiClient rita = as.get("researcher");
        ApiClient.Response dosed = rita.post("/api/dosing/doses", "{\"organoid\":\"sim-mea3-o0\",\"compound\":\"gaba\",\"amount\":5,\"unit\":\"µM\"}");
        assertEquals(200, dosed.status(), dosed.body());
        assertEquals(5.0, dosed.json().get("concentrationAfterMicromolar").asDouble(), 1e-6);
        assertEquals("rita", dosed.json().get("user").asText());
        ApiClient.Response over = rita.post("/api/dosing/doses", "{\"organoid\":\"sim-mea3-o0\",\"compound\":\"gaba\",\"amount\":1,\"unit\":\"mM\"}");
        assertEquals(403, over.status(), over.body());
        assertTrue(over.json().get("error").asText().contains("above its limit of 100 µM"), over.body());
        ApiClient.Response nm = rita.post("/api/dosing/doses", "{\"organoid\":\"sim-mea3-o0\",\"compound\":\"gaba\",\"amount\":5,\"unit\":\"nm\"}");
        assertEquals(400, nm.status());
        assertTrue(nm.json().get("error").asText().contains("nanometres"), nm.body());
        assertEquals(400, rita.post("/api/dosing/doses", "{\"organoid\":\"sim-mea3-o0\",\"compound\":\"gaba\",\"amount\":\"five\",\"unit\":\"µM\"}").status());
        assertEquals(403, rita.post("/api/dosing/exchanges", "{\"organoid\":\"sim-mea3-o0\",\"volumeMicrolitres\":200}").status(), "feeding is for operators");
        ApiClient.Response fed = as.get("operator").post("/api/dosing/exchanges", "{\"organoid\":\"sim-mea3-o0\",\"volumeMicrolitres\":200}");
        assertEquals(200, fed.status(), fed.body());
        assertEquals(Math.exp(-1), fed.json().get("remainingFraction").asDouble(), 1e-9);
        JsonNode chamber = rita.get("/api/dosing/organoids/sim-mea3-o0").json();
        assertEquals(1, chamber.get("doses").size());
        assertTrue(rita.get("/api/dosing/reservoirs").body().contains("sim/pump3:medium"));
    }

    /**
     * Issue 15's admin alone: a second officer account, the ethics-officer role for oneself, propose as one, approve as
     * the other. Each step that breaks the two-person rule is refused, naming the rule; an independent officer's
     * approval applies; approved policies land in the lab's home, never in the distribution.
     */
    @Test
    @Order(15)
    void an_admin_alone_cannot_make_two_persons_and_ethics_officer_roles_change_by_two_independent_persons() throws Exception {
        ApiClient admin = as.get("admin"), edgar = as.get("ethics-officer");
        String pw = ConsoleLab.PASSWORD;
        // the lab's second officer is still appointed directly: until two exist nobody could approve (the bootstrap)
        ApiClient.Response eveMade = admin.post("/api/users", "{\"name\":\"eve\",\"password\":\"" + pw + "\",\"roles\":[\"ethics-officer\"]}");
        assertEquals(201, eveMade.status(), eveMade.toString());
        assertEquals("admin", eveMade.json().get("createdBy").asText());
        ApiClient eve = ApiClient.anonymous(lab.httpPort).login("eve", pw);

        // from now on the role is a two-person change: granting it to oneself answers 202 with the pending change
        ApiClient.Response self = admin.put("/api/users/admin", "{\"roles\":[\"admin\",\"ethics-officer\"],\"reason\":\"I review too\"}");
        assertEquals(202, self.status(), self.toString());
        String selfChange = self.json().get("pendingChange").get("id").asText();
        assertEquals("ETHICS_OFFICER_ROLE", self.json().get("pendingChange").get("kind").asText());
        assertEquals(java.util.List.of("admin"), rolesOf(admin.get("/api/users/admin").json()), "nothing applied before the approval");
        ApiClient.Response byEve = eve.post("/api/ethics/changes/" + selfChange + "/approve", "{\"meaning\":\"ok\"}");
        assertEquals(409, byEve.status(), byEve.toString());
        assertTrue(byEve.json().get("error").asText().contains("two-person rule: the account of eve was created by admin"), byEve.toString());
        ApiClient.Response byEdgar = edgar.post("/api/ethics/changes/" + selfChange + "/approve", "{\"meaning\":\"ok\"}");
        assertEquals(409, byEdgar.status(), byEdgar.toString());
        assertTrue(byEdgar.json().get("error").asText().contains("the account of edgar was created by admin"), byEdgar.toString());
        assertEquals(403, admin.post("/api/ethics/changes/" + selfChange + "/approve", "{\"meaning\":\"ok\"}").status(), "an admin approves nothing");
        assertEquals(java.util.List.of("admin"), rolesOf(admin.get("/api/users/admin").json()));

        // a third officer account: created without the role, which waits for its approval
        ApiClient.Response mallory = admin.post("/api/users", "{\"name\":\"mallory\",\"password\":\"" + pw + "\",\"roles\":[\"ethics-officer\"]}");
        assertEquals(202, mallory.status(), mallory.toString());
        assertEquals(java.util.List.of(), rolesOf(mallory.json().get("account")));
        String malloryChange = mallory.json().get("pendingChange").get("id").asText();
        ApiClient.Response again = eve.post("/api/ethics/changes/" + malloryChange + "/approve", "{\"meaning\":\"ok\"}");
        assertEquals(409, again.status());
        assertTrue(again.json().get("error").asText().contains("two-person rule"), again.toString());
        assertEquals(403, ApiClient.anonymous(lab.httpPort).login("mallory", pw).get("/api/ethics/audit").status(), "no officer's powers before approval");
        assertEquals(409, admin.delete("/api/users/edgar").status(), "an officer's account goes only after its role, by two persons");

        // a second admin, created by the first, makes an account and proposes its role: edgar is independent of both
        assertEquals(201, admin.post("/api/users", "{\"name\":\"ada\",\"password\":\"" + pw + "\",\"roles\":[\"admin\"]}").status());
        ApiClient ada = ApiClient.anonymous(lab.httpPort).login("ada", pw);
        assertEquals(201, ada.post("/api/users", "{\"name\":\"ivan\",\"password\":\"" + pw + "\",\"roles\":[\"researcher\"]}").status());
        ApiClient.Response ivanGrant = ada.put("/api/users/ivan", "{\"roles\":[\"researcher\",\"ethics-officer\"],\"reason\":\"joins the ethics board\"}");
        assertEquals(202, ivanGrant.status(), ivanGrant.toString());
        String ivanChange = ivanGrant.json().get("pendingChange").get("id").asText();
        ApiClient.Response approved = edgar.post("/api/ethics/changes/" + ivanChange + "/approve", "{\"meaning\":\"appointment letter checked\"}");
        assertEquals(200, approved.status(), approved.toString());
        JsonNode ivan = admin.get("/api/users/ivan").json();
        assertEquals(java.util.List.of("ethics-officer", "researcher"), rolesOf(ivan));
        assertEquals("ada", ivan.get("createdBy").asText());
        assertEquals("[\"ada\",\"edgar\"]", ivan.get("grantedBy").get("ethics-officer").toString());
        String users = Files.readString(home.resolve("data/security/users.json"));
        assertTrue(users.contains("\"officerBootstrapOver\" : true") && users.contains("\"createdBy\" : \"ada\""), "kept on disk");

        // an officer may propose a removal; ivan (whose role edgar approved) may not approve edgar's proposals
        ApiClient ivanSession = ApiClient.anonymous(lab.httpPort).login("ivan", pw);
        ApiClient.Response removal = edgar.post("/api/ethics/changes", "{\"kind\":\"ETHICS_OFFICER_ROLE\",\"target\":\"eve\",\"value\":\"remove\",\"reason\":\"leaves\"}");
        assertEquals(201, removal.status(), removal.toString());
        ApiClient.Response byIvan = ivanSession.post("/api/ethics/changes/" + removal.json().get("id").asText() + "/approve", "{\"meaning\":\"ok\"}");
        assertEquals(409, byIvan.status());
        assertTrue(byIvan.json().get("error").asText().contains("the ethics-officer role of ivan was granted by edgar"), byIvan.toString());
        assertEquals(400, edgar.post("/api/ethics/changes", "{\"kind\":\"ETHICS_OFFICER_ROLE\",\"target\":\"rita\",\"value\":\"promote\",\"reason\":\"x\"}").status());

        // approved policies go to the lab's home; the distribution's folder is never written
        JsonNode policies = edgar.get("/api/ethics/policies").json();
        assertTrue(policies.get("folder").asText().endsWith("data/ethics/policies"), policies.toString());
        Path dist = LabUnderTest.distribution().resolve("policies/stimulation-limits.yaml");
        String shipped = Files.readString(dist);
        String tighter = shipped.replace("max: 4.0 ", "max: 3.9 ");
        assertFalse(tighter.equals(shipped), "the test changes a limit");
        ApiClient.Response proposed = eve.post("/api/ethics/changes", "{\"kind\":\"POLICY\",\"target\":\"stimulation-limits.yaml\",\"value\":"
                + ApiClient.quote(tighter) + ",\"reason\":\"board decision 12\"}");
        assertEquals(201, proposed.status(), proposed.toString());
        assertEquals(200, edgar.post("/api/ethics/changes/" + proposed.json().get("id").asText() + "/approve", "{\"meaning\":\"board minutes\"}").status());
        assertEquals(tighter, Files.readString(home.resolve("data/ethics/policies/stimulation-limits.yaml")));
        assertEquals(shipped, Files.readString(dist));
        String hash = edgar.get("/api/ethics/policies").json().get("policySetHash").asText();
        assertFalse(hash.equals(policies.get("policySetHash").asText()));
        JsonNode approval = edgar.get("/api/ethics/audit?action=change.approve&decision=allow&limit=1").json().get("entries").get(0);
        assertEquals(hash, approval.get("policySet").asText(), "the approval is recorded under the new set's hash");
        assertTrue(edgar.get("/api/ethics/audit?action=change.approve&decision=deny").json().get("matched").asLong() >= 4, "refused approvals are audited");
        assertEquals(400, edgar.get("/api/ethics/audit?decision=perhaps").status());
    }

    static java.util.List<String> rolesOf(JsonNode account) {
        java.util.List<String> out = new java.util.ArrayList<>();
        account.get("roles").forEach(r -> out.add(r.asText()));
        return out;
    }
}

package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint × every role and no login, against the table of who may do what written out here, independently
 * of the console's route table: the console's OpenAPI document (generated from its route table) must list exactly
 * these endpoints, and each answers 401 to no login, 403 to a role not in its row, and neither to a role in it.
 */
class ConsoleAuthorizationIT extends LabTestBase {
    static final String ANON = "anonymous";
    static final List<String> PRINCIPALS = List.of(ANON, "admin", "operator", "researcher", "ethics-officer");
    static final Set<String> PUBLIC = Set.of(ANON, "admin", "operator", "researcher", "ethics-officer");
    static final Set<String> ANY = Set.of("admin", "operator", "researcher", "ethics-officer");
    static final Set<String> ADMIN = Set.of("admin");
    static final Set<String> OPERATORS = Set.of("admin", "operator");
    static final Set<String> RUNNERS = Set.of("admin", "operator", "researcher");
    static final Set<String> OFFICER = Set.of("ethics-officer");
    static final Set<String> OVERSIGHT = Set.of("ethics-officer", "admin");
    static final Set<String> HOLDERS = Set.of("ethics-officer", "admin", "operator");

    /** The intended table: "METHOD path" → who may call it. */
    static final Map<String, Set<String>> INTENDED = new LinkedHashMap<>();

    static {
        INTENDED.put("POST /api/session", PUBLIC);
        INTENDED.put("GET /api/session", ANY);
        INTENDED.put("DELETE /api/session", ANY);
        INTENDED.put("PUT /api/session/password", ANY);
        INTENDED.put("GET /api/tokens", ANY);
        INTENDED.put("POST /api/tokens", ANY);
        INTENDED.put("DELETE /api/tokens/{id}", ANY);
        INTENDED.put("GET /api/users", ADMIN);
        INTENDED.put("POST /api/users", ADMIN);
        INTENDED.put("GET /api/users/{name}", ADMIN);
        INTENDED.put("PUT /api/users/{name}", ADMIN);
        INTENDED.put("PUT /api/users/{name}/password", ADMIN);
        INTENDED.put("DELETE /api/users/{name}", ADMIN);
        INTENDED.put("GET /api/console/audit", ADMIN);
        INTENDED.put("GET /api/rigs", ANY);
        INTENDED.put("GET /api/meas/{meaId}", ANY);
        INTENDED.put("GET /api/organoids", ANY);
        INTENDED.put("GET /api/organoids/{id}", ANY);
        INTENDED.put("GET /api/telemetry/{deviceId}", ANY);
        INTENDED.put("GET /api/bundles", OPERATORS);
        INTENDED.put("POST /api/bundles", OPERATORS);
        INTENDED.put("GET /api/bundles/{id}", OPERATORS);
        INTENDED.put("POST /api/bundles/{id}/start", OPERATORS);
        INTENDED.put("POST /api/bundles/{id}/stop", OPERATORS);
        INTENDED.put("POST /api/bundles/{id}/update", OPERATORS);
        INTENDED.put("DELETE /api/bundles/{id}", OPERATORS);
        INTENDED.put("GET /api/security/trust", ADMIN);
        INTENDED.put("POST /api/security/trust", ADMIN);
        INTENDED.put("DELETE /api/security/trust/{alias}", ADMIN);
        INTENDED.put("GET /api/experiments/scripts", ANY);
        INTENDED.put("GET /api/experiments/scripts/{name}", ANY);
        INTENDED.put("PUT /api/experiments/scripts/{name}", RUNNERS);
        INTENDED.put("POST /api/experiments/runs", RUNNERS);
        INTENDED.put("POST /api/experiments/dry-runs", RUNNERS);
        INTENDED.put("GET /api/experiments/runs", ANY);
        INTENDED.put("GET /api/experiments/runs/{id}", ANY);
        INTENDED.put("POST /api/experiments/runs/{id}/cancel", RUNNERS);
        INTENDED.put("GET /api/recordings", ANY);
        INTENDED.put("GET /api/recordings/{id}", ANY);
        INTENDED.put("GET /api/recordings/{id}/spikes", ANY);
        INTENDED.put("GET /api/recordings/{id}/counts", ANY);
        INTENDED.put("GET /api/recordings/{id}/stimulations", ANY);
        INTENDED.put("GET /api/recordings/{id}/export", ANY);
        INTENDED.put("GET /api/recordings/{id}/snippets", ANY);
        INTENDED.put("GET /api/recordings/{id}/gaps", ANY);
        INTENDED.put("GET /api/recordings/{id}/status", ANY);
        INTENDED.put("GET /api/recordings/{id}/shares", ANY);
        INTENDED.put("POST /api/recordings/{id}/shares", ANY);
        INTENDED.put("DELETE /api/recordings/{id}/shares/{user}", ANY);
        INTENDED.put("GET /api/ethics/policies", ANY);
        INTENDED.put("GET /api/ethics/holds", ANY);
        INTENDED.put("POST /api/ethics/holds", HOLDERS);
        INTENDED.put("POST /api/ethics/holds/{organoid}", OFFICER);
        INTENDED.put("GET /api/ethics/consents", OVERSIGHT);
        INTENDED.put("GET /api/ethics/changes", OVERSIGHT);
        INTENDED.put("POST /api/ethics/changes", OFFICER);
        INTENDED.put("POST /api/ethics/changes/{id}/approve", OFFICER);
        INTENDED.put("POST /api/ethics/changes/{id}/reject", OFFICER);
        INTENDED.put("GET /api/ethics/audit", OVERSIGHT);
        INTENDED.put("GET /api/ethics/audit/verify", OVERSIGHT);
        INTENDED.put("GET /api/dosing/compounds", ANY);
        INTENDED.put("GET /api/dosing/reservoirs", ANY);
        INTENDED.put("GET /api/dosing/organoids/{id}", ANY);
        INTENDED.put("POST /api/dosing/doses", RUNNERS);
        INTENDED.put("POST /api/dosing/exchanges", OPERATORS);
        INTENDED.put("POST /api/dosing/reservoirs/{id}/refill", OPERATORS);
        INTENDED.put("GET /api/reservations", ANY);
        INTENDED.put("POST /api/reservations", RUNNERS);
        INTENDED.put("POST /api/reservations/{id}/cancel", RUNNERS);
        INTENDED.put("GET /api/queue", ANY);
        INTENDED.put("POST /api/queue", RUNNERS);
        INTENDED.put("POST /api/queue/{id}/cancel", RUNNERS);
        INTENDED.put("GET /api/maintenance", ANY);
        INTENDED.put("POST /api/maintenance", OPERATORS);
        INTENDED.put("DELETE /api/maintenance/{id}", OPERATORS);
        INTENDED.put("GET /api/live/{meaId}", ANY);
        INTENDED.put("POST /api/remote-sessions", RUNNERS);
        INTENDED.put("GET /api/remote-sessions", RUNNERS);
        INTENDED.put("GET /api/remote-sessions/{id}", RUNNERS);
        INTENDED.put("POST /api/remote-sessions/{id}/heartbeat", RUNNERS);
        INTENDED.put("POST /api/remote-sessions/{id}/stimulate", RUNNERS);
        INTENDED.put("PUT /api/remote-sessions/{id}/triggers/{name}", RUNNERS);
        INTENDED.put("DELETE /api/remote-sessions/{id}/triggers/{name}", RUNNERS);
        INTENDED.put("POST /api/remote-sessions/{id}/fire", RUNNERS);
        INTENDED.put("POST /api/remote-sessions/{id}/count-window", RUNNERS);
        INTENDED.put("GET /api/remote-sessions/{id}/spikes", RUNNERS);
        INTENDED.put("POST /api/remote-sessions/{id}/impedance", RUNNERS);
        INTENDED.put("DELETE /api/remote-sessions/{id}", RUNNERS);
        INTENDED.put("GET /api/openapi.json", PUBLIC);
        INTENDED.put("GET /api/health", ANY);
    }

    static Map<String, ApiClient> as = new TreeMap<>();
    static Map<String, ApiClient> sessions;

    @BeforeAll
    static void start() throws Exception {
        lab = ConsoleLab.start(home);
        // tokens, not sessions: the matrix is about roles; CSRF is checked separately below
        sessions = ConsoleLab.withRoleAccounts(lab.httpPort);
        sessions.forEach((role, session) ->
                as.put(role, ApiClient.withToken(lab.httpPort, session.post("/api/tokens", "{\"label\":\"matrix\"}").json().get("token").asText())));
        as.put(ANON, ApiClient.anonymous(lab.httpPort));
    }

    /** The endpoints the console says it has (its OpenAPI document, generated from its route table). */
    static Map<String, JsonNode> documented() {
        JsonNode doc = ApiClient.anonymous(lab.httpPort).get("/api/openapi.json").json();
        Map<String, JsonNode> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
            var path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                var op = m.next();
                out.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }
        return out;
    }

    /** A concrete path for a pattern: parameters name things that do not exist, so nothing is changed by an allowed call. */
    static String concrete(String pattern) {
        return pattern.replace("{meaId}", "sim/no-such-mea").replace("{deviceId}", "sim/no-such-device").replace("{organoid}", "no-such-culture")
                .replace("/scripts/{name}", "/scripts/no-such-script.js").replace("{name}", "no-such-user").replace("{user}", "no-such-user").replace("{alias}", "no-such-alias").replace("{id}", "999999");
    }

    @Test
    void the_console_has_exactly_the_endpoints_of_the_intended_table() {
        Map<String, JsonNode> doc = documented();
        assertEquals(new TreeSet<>(INTENDED.keySet()), new TreeSet<>(doc.keySet()), "endpoints in the table vs. in the console");
        doc.forEach((route, op) -> {
            Set<String> documentedRoles = new TreeSet<>();
            op.get("x-roles").forEach(r -> documentedRoles.add(r.asText()));
            Set<String> intended = INTENDED.get(route);
            String access = op.get("x-access").asText();
            if (intended.equals(PUBLIC)) assertEquals("anyone", access, route);
            else if (intended.equals(ANY)) assertEquals("any logged-in user", access, route);
            else assertEquals(new TreeSet<>(intended), documentedRoles, route);
        });
    }

    @Test
    void every_endpoint_answers_every_role_as_the_table_says() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (var row : INTENDED.entrySet()) {
            String method = row.getKey().substring(0, row.getKey().indexOf(' '));
            String path = concrete(row.getKey().substring(row.getKey().indexOf(' ') + 1));
            for (String who : PRINCIPALS) {
                ApiClient c = as.get(who);
                ApiClient.Response r = c.send(method, path, method.equals("GET") ? null : HttpRequest.BodyPublishers.ofString("{}"), "application/json");
                boolean allowed = row.getValue().contains(who);
                int expected = who.equals(ANON) ? 401 : 403;
                boolean ok = allowed ? r.status() != 401 && r.status() != 403 && r.status() < 500 : r.status() == expected;
                if (!ok) wrong.add(row.getKey() + " as " + who + ": " + r + (allowed ? " (should be allowed)" : " (should be " + expected + ")"));
                if (!allowed) assertTrue(r.json().get("error").asText().length() > 10, "a refusal says why: " + r);
                checked++;
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(INTENDED.size() * PRINCIPALS.size(), checked);
    }

    @Test
    void a_browser_session_is_refused_every_mutating_call_without_its_csrf_token() {
        List<String> wrong = new ArrayList<>();
        for (var row : INTENDED.entrySet()) {
            String method = row.getKey().substring(0, row.getKey().indexOf(' '));
            if (method.equals("GET")) continue;
            String path = concrete(row.getKey().substring(row.getKey().indexOf(' ') + 1));
            // as a role the route allows: only the missing token stands in the way
            String role = row.getValue().stream().filter(r -> !r.equals(ANON)).sorted().findFirst().orElseThrow();
            ApiClient r0 = sessions.get(role);
            ApiClient.Response r = r0.send(method, path, HttpRequest.BodyPublishers.ofString("{}"), "application/json", false);
            if (r.status() != 403 || !r.body().contains("X-CSRF-Token")) wrong.add(row.getKey() + " as " + role + ": " + r);
        }
        assertEquals(List.of(), wrong);
        sessions.values().forEach(s -> assertEquals(200, s.get("/api/session").status(), "the sessions still work with their tokens"));
    }

    /**
     * Per recording: a researcher's run records into the store; it is readable by her, operators, admins and ethics
     * officers, not by another researcher until she shares it, and then until she takes the share back; only she
     * or an admin may share it. Every read route answers the same.
     */
    @Test
    void a_recording_is_read_by_its_owner_the_lab_staff_and_those_it_is_shared_with() throws Exception {
        ApiClient admin = sessions.get("admin");
        assertEquals(201, admin.post("/api/users", "{\"name\":\"ruth\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"researcher\"]}").status());
        ApiClient ruth = ApiClient.anonymous(lab.httpPort).login("ruth", ConsoleLab.PASSWORD);
        ApiClient rita = as.get("researcher");
        String code = "const o = lab.organoids()[0]; const r = lab.startRecording({raw: true}); for (let i = 0; i < 3; i++) { "
                + "lab.stimulate(o, [lab.electrodes(o)[0]], 10, {phaseUs: 200}); lab.wait(100); } lab.wait(300); lab.result('recording', lab.stopRecording(r).id);";
        ApiClient.Response started = rita.post("/api/experiments/runs", "{\"name\":\"rec.js\",\"code\":" + ApiClient.quote(code) + ",\"organoids\":[\"sim-mea0-o2\"]}");
        assertEquals(202, started.status(), started.toString());
        String run = started.json().get("id").asText();
        JsonNode done = LabUnderTest.awaitValue("run ended", java.time.Duration.ofSeconds(180), () -> {
            JsonNode r = rita.get("/api/experiments/runs/" + run).json();
            return r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED") ? r : null;
        });
        assertEquals("SUCCEEDED", done.get("state").asText(), done.toString());
        long id = done.get("results").get("recording").asLong();
        JsonNode info = rita.get("/api/recordings/" + id).json();
        assertEquals("rita", info.get("owner").asText(), "a run's recording is its user's");
        assertEquals(List.of("sim-mea0-o2"), List.of(info.get("organoidIds").get(0).asText()), "the run's reserved culture only");

        List<String> reads = List.of("", "/spikes", "/counts", "/stimulations", "/gaps", "/snippets", "/export", "/export?format=phy", "/export?format=nwb",
                "/shares");
        Map<String, ApiClient> readers = new TreeMap<>(Map.of("rita (owner)", rita, "olga (operator)", as.get("operator"), "admin", as.get("admin"),
                "edgar (ethics officer)", as.get("ethics-officer")));
        List<String> wrong = new ArrayList<>();
        for (String r : reads) {
            readers.forEach((who, c) -> {
                int st = c.get("/api/recordings/" + id + r).status();
                if (st != 200) wrong.add(who + " GET " + r + " -> " + st);
            });
            int st = ruth.get("/api/recordings/" + id + r).status();
            if (st != 403) wrong.add("ruth (another researcher) GET " + r + " -> " + st + " (should be 403)");
        }
        assertEquals(List.of(), wrong);
        assertTrue(!ruth.get("/api/recordings").body().contains("\"id\":" + id + ","), "not in another researcher's list");
        assertTrue(rita.get("/api/recordings").body().contains("\"id\":" + id + ","), "in its owner's list");

        assertEquals(403, ruth.post("/api/recordings/" + id + "/shares", "{\"user\":\"ruth\"}").status(), "only the owner or an admin shares");
        assertEquals(403, as.get("operator").post("/api/recordings/" + id + "/shares", "{\"user\":\"ruth\"}").status(), "operators read, they do not share");
        assertEquals(400, rita.post("/api/recordings/" + id + "/shares", "{\"user\":\"\"}").status(), "share with whom?");
        assertEquals(200, rita.post("/api/recordings/" + id + "/shares", "{\"user\":\"ruth\"}").status());
        for (String r : reads) assertEquals(200, ruth.get("/api/recordings/" + id + r).status(), "shared: " + r);
        assertTrue(ruth.get("/api/recordings").body().contains("\"id\":" + id + ","), "a shared recording is in the list");
        assertEquals(200, rita.delete("/api/recordings/" + id + "/shares/ruth").status());
        assertEquals(403, ruth.get("/api/recordings/" + id).status(), "the share taken back");

        // the lab's automatic recording (none runs in this lab) and unknown ids: 404 for everyone, before any access check can leak
        assertEquals(404, ruth.get("/api/recordings/999999").status());
        assertEquals(400, rita.get("/api/recordings/" + id + "/export?format=matlab").status(), "an unknown format is named");
        nwbHoldsWhatRestAnswers(rita, id);
    }

    /** The NWB export of a real recording, read back with h5py and hdmf: its spikes per electrode and stimulations are REST's. */
    private void nwbHoldsWhatRestAnswers(ApiClient c, long id) throws Exception {
        ApiClient.Download zip = c.download("/api/recordings/" + id + "/export?format=nwb");
        assertEquals(200, zip.status());
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("nwb-it");
        java.nio.file.Path nwb = dir.resolve("recording.nwb");
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; )
                if (e.getName().equals("recording-" + id + ".nwb")) java.nio.file.Files.write(nwb, in.readAllBytes());
        }
        assertTrue(java.nio.file.Files.size(nwb) > 0, "the zip holds recording-" + id + ".nwb");
        java.nio.file.Path repo = java.nio.file.Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        java.nio.file.Path reader = repo.resolve("bundles/recording/src/test/resources/org/neurolab/recording/internal/export/read_nwb.py");
        Process p = new ProcessBuilder("/usr/bin/python3", reader.toString(), nwb.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "h5py/hdmf (Debian's python3-h5py, python3-hdmf) read the NWB export: " + out);
        JsonNode r = ApiClient.JSON.readTree(out);
        assertEquals(List.of(), ApiClient.JSON.convertValue(r.get("hdmf").get("errors"), List.class), "hdmf validates its tables");

        JsonNode rec = c.get("/api/recordings/" + id).json();
        long t0 = rec.get("startedMicros").asLong();
        Map<String, Integer> restCounts = new TreeMap<>(), nwbCounts = new TreeMap<>();
        for (JsonNode s : c.get("/api/recordings/" + id + "/spikes?limit=100000").json())
            restCounts.merge(s.get("meaId").asText().replace('/', '_') + "#" + s.get("electrode").asInt(), 1, Integer::sum);
        if (r.has("units"))
            for (JsonNode u : r.get("units").get("units")) nwbCounts.put(u.get("mea").asText() + "#" + u.get("electrode").asInt(), u.get("spike_times").size());
        assertEquals(restCounts, nwbCounts, "spikes per electrode: REST and NWB");
        List<Double> restStims = new ArrayList<>();
        for (JsonNode s : c.get("/api/recordings/" + id + "/stimulations").json()) restStims.add((s.get("timeMicros").asLong() - t0) / 1e6);
        restStims.sort(null);
        assertEquals(3, restStims.size(), "the run's three stimulations");
        List<Double> nwbStims = new ArrayList<>();
        for (JsonNode t : r.get("stimulations").get("start_time")) nwbStims.add(t.asDouble());
        assertEquals(restStims.size(), nwbStims.size());
        for (int i = 0; i < restStims.size(); i++) assertEquals(restStims.get(i), nwbStims.get(i), 1e-9, "stimulation " + i + " (s from the start)");
        assertEquals(1, r.get("series").size(), "the raw traces of the recorded array");
        JsonNode s = r.get("series").elements().next();
        assertEquals("volts", s.get("unit").asText());
        assertTrue(s.get("shape").get(0).asLong() > 0, "raw samples: " + s);
    }
}

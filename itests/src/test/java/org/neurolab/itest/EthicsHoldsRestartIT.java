package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A culture held before the lab is killed with SIGKILL is held after it: {@code GET /api/ethics/holds}
 * shows it, a stimulation is refused, until an ethics officer releases it; the audit trail shows the hold and the
 * release. The lab runs as {@code neurolab run} runs it, in a process of its own, so it can be killed.
 */
class EthicsHoldsRestartIT {
    static final String CULTURE = "sim-mea0-o1";
    static final String PULSES = "const o = lab.organoids()[0]; lab.stimulate(o, [lab.electrodes(o)[0]], 10, {phaseUs: 200});";

    @TempDir
    Path home;
    LauncherIT.LabProcess lab;
    int port;

    @AfterEach
    void stop() {
        if (lab != null) lab.process.destroyForcibly();
    }

    @Test
    void a_hold_survives_a_sigkill_until_an_ethics_officer_releases_it() throws Exception {
        ConsoleLab.writeAdminCredential(home.resolve("data/security/admin.credential"), ConsoleLab.ADMIN_PASSWORD, 1000);
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        try (var defaults = Files.list(LabUnderTest.distribution().resolve("defaults/deploy"))) {
            for (Path f : defaults.toList()) Files.copy(f, deploy.resolve(f.getFileName()));
        }
        // runs need no booking here (SchedulingIT covers the guard); no tripwire, so the only hold is the test's
        Files.writeString(deploy.resolve("org.neurolab.scheduling.cfg"), "enforceReservations=false\n");
        Files.writeString(deploy.resolve("org.neurolab.ethics.cfg"), "checkpointEvery=8\ntripwires=false\n");

        ApiClient admin = start();
        for (String[] u : List.of(new String[]{"edgar", "ethics-officer"}, new String[]{"rita", "researcher"})) {
            ApiClient.Response r = admin.post("/api/users", "{\"name\":\"" + u[0] + "\",\"password\":\"" + ConsoleLab.PASSWORD + "\",\"roles\":[\"" + u[1] + "\"]}");
            assertEquals(201, r.status(), r.toString());
        }
        ApiClient rita = login("rita");
        assertEquals("SUCCEEDED", run(rita).get("state").asText(), "the culture takes pulses before the hold");

        assertEquals(200, admin.post("/api/ethics/holds", "{\"organoid\":\"" + CULTURE + "\",\"reason\":\"odd bursts on electrode 0\"}").status());
        assertRefused(rita);

        // SIGKILL: the hold was acknowledged, so it is on disk
        new ProcessBuilder("kill", "-9", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(60, TimeUnit.SECONDS));
        admin = start();
        JsonNode holds = admin.get("/api/ethics/holds").json();
        assertTrue(holds.has(CULTURE) && holds.get(CULTURE).asText().contains("odd bursts"), holds.toString());
        JsonNode detail = admin.get("/api/ethics/holds?detail=true").json();
        assertEquals(1, detail.size(), detail.toString());
        assertEquals(CULTURE, detail.get(0).get("organoidId").asText());
        assertEquals("admin", detail.get(0).get("by").asText());
        assertTrue(detail.get(0).get("since").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), detail.toString());
        rita = login("rita");
        assertRefused(rita);

        ApiClient edgar = login("edgar");
        assertEquals(403, admin.post("/api/ethics/holds/" + CULTURE, "{\"reason\":\"fine\"}").status(), "only an ethics officer releases");
        assertEquals(200, edgar.post("/api/ethics/holds/" + CULTURE, "{\"reason\":\"reviewed the recording: bursts within range\"}").status());
        assertEquals("{}", admin.get("/api/ethics/holds").body().trim());
        assertEquals("SUCCEEDED", run(rita).get("state").asText(), "accepted once released");

        // the trail shows the hold and the release, with who and why, and verifies (a clean stop: EthicsGuardTest)
        JsonNode trail = edgar.get("/api/ethics/audit?target=" + CULTURE + "&action=culture.*").json();
        List<String> seen = new ArrayList<>();
        for (JsonNode e : trail.get("entries")) seen.add(e.get("action").asText() + " by " + e.get("actor").asText() + ": " + e.get("reason").asText());
        assertEquals(List.of("culture.hold by admin: odd bursts on electrode 0", "culture.release by edgar: reviewed the recording: bursts within range"), seen);
        JsonNode refusals = edgar.get("/api/ethics/audit?target=" + CULTURE + "&decision=deny&action=stimulate").json();
        assertEquals(2, refusals.get("matched").asLong(), "each refused stimulation is in the trail: " + refusals);
        JsonNode verify = edgar.get("/api/ethics/audit/verify").json();
        assertTrue(verify.get("ok").asBoolean(), verify.toString());
    }

    /** Starts the lab (again) on a fresh port and returns the admin's session once runs can be started. */
    private ApiClient start() throws Exception {
        port = LabUnderTest.freePort();
        Path root = LabUnderTest.distribution().getParent().getParent().getParent();
        lab = LauncherIT.LabProcess.start(root, home, port);
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(600)); // a loaded 2-core machine has taken over 4 minutes
        ApiClient admin = ApiClient.anonymous(port);
        LabUnderTest.await("console API up", Duration.ofSeconds(120), () -> admin.tryLogin("admin", ConsoleLab.ADMIN_PASSWORD));
        LabUnderTest.await("rig, runner and ethics up", Duration.ofSeconds(180),
                () -> admin.get("/api/experiments/runs").status() == 200 && admin.get("/api/rigs").body().contains("sim/mea0")
                        && admin.get("/api/ethics/policies").status() == 200);
        return admin;
    }

    private ApiClient login(String user) {
        return ApiClient.anonymous(port).login(user, ConsoleLab.PASSWORD);
    }

    private static JsonNode run(ApiClient rita) throws InterruptedException {
        ApiClient.Response started = rita.post("/api/experiments/runs", "{\"name\":\"pulse.js\",\"code\":" + ApiClient.quote(PULSES)
                + ",\"organoids\":[\"" + CULTURE + "\"]}");
        assertEquals(202, started.status(), started.toString());
        String id = started.json().get("id").asText();
        return LabUnderTest.awaitValue("run ended", Duration.ofSeconds(180), () -> {
            JsonNode r = rita.get("/api/experiments/runs/" + id).json();
            return r.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED") ? r : null;
        });
    }

    private static void assertRefused(ApiClient rita) throws InterruptedException {
        JsonNode r = run(rita);
        assertEquals("FAILED", r.get("state").asText(), r.toString());
        assertTrue(r.toString().contains("on hold"), "refused, saying why: " + r);
    }
}

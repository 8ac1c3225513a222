package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab records the simulated rig while a script stimulates; it is killed with SIGKILL mid-recording. Every spike
 * and stimulation the recording had acknowledged (committed, counted in its row and named in
 * data/recording/acknowledged/&lt;store&gt;/&lt;id&gt;.properties) must be in the store afterwards, each once; the script's
 * client says the lab went away; on restart the recording is INTERRUPTED with when the lab last saw it, its
 * automatic run too, the next id follows on, and the raw trace files open at the kill are indexed as far as they
 * were written. The automatic recording carries its provenance, and the incubator's telemetry reaches the store.
 */
class RecordingDurabilityIT {
    @TempDir
    Path home;
    LauncherIT.LabProcess lab;

    @AfterEach
    void stop() {
        if (lab != null) lab.process.destroyForcibly();
    }

    @Test
    void acknowledged_spikes_survive_a_sigkill() throws Exception {
        Path root = LabUnderTest.distribution().getParent().getParent().getParent();
        int port = LabUnderTest.freePort();
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(deploy.resolve("org.neurolab.driver.sim.cfg"), "rigId=sim\nmeas=1\norganoidsPerMea=4\nelectrodesPerOrganoid=8\nneuronsPerOrganoid=500\nmode=paced\nseed=3\n");
        Files.writeString(deploy.resolve("org.neurolab.recording.cfg"), "autoRecord=all\nrawTraces=true\ncommitMillis=50\nthresholdSigmas=5\ntelemetryPeriodMillis=500\n");
        Path dist = LabUnderTest.distribution();
        Files.copy(dist.resolve("defaults/deploy/org.neurolab.ethics.cfg"), deploy.resolve("org.neurolab.ethics.cfg")); // its policy-set hash goes into provenance
        Files.writeString(deploy.resolve("org.neurolab.control.cfg"), "requiredGuards=ethics\nrequiredJournals=audit\n"); // no bookings in this test
        Path stimulating = Files.writeString(home.resolve("stimulate.js"),
                "const o = lab.organoids()[0];\nfor (let i = 0; i < 100000; i++) { lab.stimulate(o, [8], 1, {phaseUs: 50}); lab.wait(20); }\n");

        lab = LauncherIT.LabProcess.start(root, home, port);
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(420)); // a loaded machine boots slowly
        lab.awaitLine("started automatically", Duration.ofSeconds(120));
        java.util.regex.Matcher pw;
        synchronized (lab.lines) {
            pw = LauncherIT.PASSWORD.matcher(String.join("\n", lab.lines));
        }
        assertTrue(pw.find(), "the first start prints the admin password");
        String adminPassword = pw.group(1);
        ProcessBuilder cli = new ProcessBuilder("bash", root.resolve("neurolab").toString(), "script", stimulating.toString(), "--organoid", "sim-mea0-o1",
                "--home", home.toString()).redirectErrorStream(true);
        cli.environment().put("NEUROLAB_NO_BUILD", "1");
        Process script = cli.start();
        StringBuilder scriptOut = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(script.getInputStream()))) {
                for (String l; (l = in.readLine()) != null; ) synchronized (scriptOut) { scriptOut.append(l).append('\n'); }
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
        });
        Path ackDir = home.resolve("data/recording/acknowledged");
        Path ackFile = null;
        Properties ack = new Properties();
        long deadline = System.currentTimeMillis() + 300_000; // a script context takes minutes to make on a loaded machine
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            if (ackFile == null && Files.isDirectory(ackDir)) {
                try (Stream<Path> w = Files.walk(ackDir)) {
                    ackFile = w.filter(f -> f.getFileName().toString().endsWith(".properties")).findFirst().orElse(null);
                }
            }
            if (ackFile != null && Files.exists(ackFile)) {
                ack = new Properties();
                ack.load(new StringReader(Files.readString(ackFile)));
                if (Long.parseLong(ack.getProperty("spikes", "0")) > 200 && Long.parseLong(ack.getProperty("stimulations", "0")) > 20) break;
            }
        }
        assertTrue(ackFile != null, "a recording's acknowledgement file appeared under " + ackDir);
        Thread.sleep(1_500); // keep recording: the kill lands mid-stream
        ack = new Properties();
        ack.load(new StringReader(Files.readString(ackFile)));
        new ProcessBuilder("kill", "-9", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(30, TimeUnit.SECONDS));
        long recording = Long.parseLong(ack.getProperty("recordingId"));
        long acked = Long.parseLong(ack.getProperty("spikes"));
        long ackedStims = Long.parseLong(ack.getProperty("stimulations"));
        Properties ackSnapshot = ack;
        long lastMicros = Long.parseLong(ack.getProperty("lastMicros"));
        System.out.println("durability: acknowledged before SIGKILL " + ack);
        assertTrue(acked > 200, "the recording acknowledged spikes before the kill: " + ack);
        assertTrue(ackedStims > 20, () -> "the recording acknowledged the script's stimulations before the kill: " + ackSnapshot + "; the script said: " + scriptSaid(scriptOut));
        assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the script's client ends when the lab dies");
        reader.join(5_000);
        synchronized (scriptOut) {
            System.out.println("durability: the script's client said: " + scriptOut.toString().lines().reduce((a, b) -> b).orElse(""));
            assertTrue(script.exitValue() != 0 && scriptOut.toString().contains("closed the connection"), "not a silent end: " + scriptOut);
        }

        // the store opens after the kill, and holds every acknowledged spike
        try (Connection c = h2(home.resolve("data/recording/recordings"))) {
            long stored, upToAck;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN time_micros <= ? THEN 1 ELSE 0 END) FROM spikes WHERE recording_id = ?")) {
                s.setLong(1, lastMicros);
                s.setLong(2, recording);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    stored = r.getLong(1);
                    upToAck = r.getLong(2);
                }
            }
            System.out.println("durability: stored after the kill " + stored + " (" + upToAck + " up to the last acknowledged time)");
            assertTrue(upToAck >= acked, "acknowledged " + acked + " spikes up to " + lastMicros + " µs, found " + upToAck);
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT command_id), SUM(CASE WHEN time_micros <= ? THEN 1 ELSE 0 END), "
                    + "COUNT(DISTINCT organoid_id) FROM stimulations WHERE recording_id = ?")) {
                s.setLong(1, lastMicros);
                s.setLong(2, recording);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    System.out.println("durability: stimulations stored " + r.getLong(1) + ", acknowledged " + ackedStims);
                    assertTrue(r.getLong(3) >= ackedStims, "every acknowledged stimulation is stored: " + ackedStims + " acknowledged, " + r.getLong(3) + " up to " + lastMicros);
                    assertEquals(r.getLong(1), r.getLong(2), "each stimulation once");
                    assertEquals(1, r.getLong(4), "the script stimulated one culture");
                }
            }
            // the row's counts were committed with the rows: they are exactly what the store holds
            try (PreparedStatement s = c.prepareStatement("SELECT acked_spikes, acked_stimulations, acked_telemetry, state, "
                    + "(SELECT COUNT(*) FROM spikes WHERE recording_id = r.id), (SELECT COUNT(*) FROM stimulations WHERE recording_id = r.id) FROM recordings r WHERE id = ?")) {
                s.setLong(1, recording);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertEquals(r.getLong(5), r.getLong(1), "acknowledged spikes in the row = spikes stored");
                    assertEquals(r.getLong(6), r.getLong(2), "acknowledged stimulations in the row = stimulations stored");
                    assertTrue(r.getLong(1) >= acked && r.getLong(2) >= ackedStims, "the file lags the row by at most a commit");
                    assertTrue(r.getLong(3) >= 1, "telemetry counted for the recording");
                    assertEquals("RUNNING", r.getString(4), "the lab died: nobody has marked it yet");
                }
            }

            try (PreparedStatement s = c.prepareStatement("SELECT run_id, script_hash, rig_configuration, driver_versions, policy_set_hash, simulator_seed "
                    + "FROM recordings WHERE id = ?")) {
                s.setLong(1, recording);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    System.out.println("durability: provenance run=" + r.getString(1) + " seed=" + r.getLong(6) + " policySet=" + r.getString(5));
                    assertTrue(r.getString(1).startsWith("autoRecord-"), "an automatic recording is its own run: " + r.getString(1));
                    assertEquals("", r.getString(2), "no script started it");
                    Properties rig = new Properties();
                    rig.load(new StringReader(r.getString(3)));
                    assertEquals("seed-3", rig.getProperty("culture.sim-mea0-o2.batch"));
                    assertEquals("ENVIRONMENT_SENSOR", rig.getProperty("device.sim/incubator.kind"));
                    assertEquals("32", rig.getProperty("mea.sim/mea0.electrodes"));
                    Properties versions = new Properties();
                    versions.load(new StringReader(r.getString(4)));
                    assertTrue(versions.getProperty("bundle.org.neurolab.driver.sim", "").startsWith("0.1.0"), r.getString(4));
                    assertEquals(versions.getProperty("bundle.org.neurolab.driver.sim"), versions.getProperty("device.sim/mea0.firmware"));
                    assertTrue(r.getString(5).matches("[0-9a-f]{64}"), "the ethics policy set in force: " + r.getString(5));
                    assertEquals(3, r.getLong(6), "the simulator's seed");
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM runs WHERE run_id LIKE 'autoRecord-%' AND caller = 'system:recording'");
                 ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(1, r.getInt(1), "the automatic recording's run is stored");
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), MIN(temperature_c), MAX(temperature_c) FROM telemetry WHERE device_id = 'sim/incubator'");
                 ResultSet r = s.executeQuery()) {
                r.next();
                System.out.println("durability: telemetry rows " + r.getLong(1) + ", " + r.getDouble(2) + ".." + r.getDouble(3) + " °C");
                assertTrue(r.getLong(1) >= 2, "incubator telemetry reached the store every 500 ms while the lab ran: " + r.getLong(1));
                assertTrue(r.getDouble(2) > 30 && r.getDouble(3) < 45, "plausible incubator temperatures");
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), SUM(sample_count) FROM raw_chunks WHERE recording_id = ?")) {
                s.setLong(1, recording);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    System.out.println("durability: raw chunks indexed before the restart " + r.getLong(1) + " (" + r.getLong(2) + " samples)");
                    assertTrue(r.getLong(2) > 0, "the open chunk is indexed as far as written at each commit");
                }
            }
        }

        String rawFolder;
        try (Connection c = h2(home.resolve("data/recording/recordings")); PreparedStatement s = c.prepareStatement("SELECT raw_folder FROM recordings WHERE id = ?")) {
            s.setLong(1, recording);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                rawFolder = r.getString(1);
                assertTrue(rawFolder.matches("store-[0-9a-f-]{36}/" + recording), "raw traces keyed by store and recording: " + rawFolder);
            }
        }
        lab = LauncherIT.LabProcess.start(root, home, port);
        String ready = lab.awaitLine("Recording store ready", Duration.ofSeconds(300));
        String cut = lab.awaitLine("was cut by a crash", Duration.ofSeconds(30));
        System.out.println("durability: " + cut);
        assertTrue(ready.contains("H2"), ready);
        lab.awaitLine("started automatically", Duration.ofSeconds(120));
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(420));
        synchronized (lab.lines) { // recovery has work only when the kill fell between a raw write and its commit
            lab.lines.stream().filter(l -> l.contains("was not stopped")).forEach(l -> System.out.println("durability: " + l));
        }
        // the direct run (./neurolab script) the kill cut is still listed, INTERRUPTED, with when the lab last saw it
        java.util.regex.Matcher started = java.util.regex.Pattern.compile("run (\\S+) RUNNING").matcher(scriptSaid(scriptOut));
        assertTrue(started.find(), "the script's run id: " + scriptSaid(scriptOut));
        String directRun = started.group(1);
        ApiClient admin = ApiClient.anonymous(port).login("admin", adminPassword);
        com.fasterxml.jackson.databind.JsonNode killed = admin.get("/api/experiments/runs/" + directRun).json();
        System.out.println("durability: the killed direct run after the restart: " + killed.get("state") + ", " + killed.get("error"));
        assertEquals("INTERRUPTED", killed.get("state").asText(), killed.toString());
        assertEquals("stimulate.js", killed.get("script").asText());
        assertTrue(killed.get("error").asText().contains("the lab stopped while this run was running"), killed.toString());
        assertTrue(!killed.get("endedAt").isNull(), "ended when the lab last saw it: " + killed);
        assertTrue(admin.get("/api/experiments/runs").body().contains(directRun), "listed among the runs");
        new ProcessBuilder("kill", "-INT", Long.toString(lab.process.pid())).start().waitFor();
        LauncherIT.LabProcess stopping = lab;
        assertTrue(lab.process.waitFor(90, TimeUnit.SECONDS), () -> "the lab did not stop within 90 s of Ctrl-C; its last output: "
                + stopping.lines.subList(Math.max(0, stopping.lines.size() - 40), stopping.lines.size()));
        try (Connection c = h2(home.resolve("data/recording/recordings")); var s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, state, stopped_micros, last_seen_micros, last_seen_epoch_millis, run_id FROM recordings ORDER BY id")) {
            assertTrue(r.next());
            assertEquals(recording, r.getLong(1));
            assertEquals("INTERRUPTED", r.getString(2), "the killed recording is marked");
            assertTrue(r.getLong(4) >= lastMicros, "when the lab last saw it: " + r.getLong(4) + " µs, at least its last acknowledged " + lastMicros);
            assertTrue(r.getLong(5) > 0);
            String killedRun = r.getString(6);
            assertTrue(r.next(), "the new recording");
            assertEquals(recording + 1, r.getLong(1), "the next id follows on (H2 lost 32 cached ids at a kill before)");
            assertEquals("STOPPED", r.getString(2));
            assertTrue(r.getLong(3) > 0, "the new one was stopped cleanly");
            assertTrue(!r.next());
            try (ResultSet run = s.executeQuery("SELECT outcome, ended_micros FROM runs WHERE run_id = '" + killedRun + "'")) {
                assertTrue(run.next());
                assertEquals("INTERRUPTED", run.getString(1), "its automatic run too");
            }
        }
        // every raw chunk file of the killed recording is indexed as far as it holds whole frames
        Path rawDir = home.resolve("data/recording/raw").resolve(rawFolder).resolve("sim_mea0");
        List<Path> files;
        try (Stream<Path> l = Files.list(rawDir)) {
            files = l.filter(p -> p.getFileName().toString().endsWith(".dat")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "raw traces were written");
        try (Connection c = h2(home.resolve("data/recording/recordings"));
             PreparedStatement s = c.prepareStatement("SELECT sample_count, channel_count FROM raw_chunks WHERE recording_id = ? AND file_name = ?")) {
            for (Path f : files) {
                s.setLong(1, recording);
                s.setString(2, "sim_mea0/" + f.getFileName());
                try (ResultSet r = s.executeQuery()) {
                    assertTrue(r.next(), "indexed: " + f.getFileName());
                    assertEquals(Files.size(f), (long) r.getInt(1) * r.getInt(2) * 2, "indexed as far as written: " + f.getFileName());
                }
            }
        }
        System.out.println("durability: " + files.size() + " raw chunk files of the killed recording indexed whole after the restart");
    }

    static String scriptSaid(StringBuilder out) {
        synchronized (out) {
            return out.toString();
        }
    }

    /** H2 from the distribution's own jar, so the test reads the store with the lab's driver version. */
    static Connection h2(Path file) throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("bundles/platform"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("h2-")).findFirst().orElseThrow();
        }
        URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, RecordingDurabilityIT.class.getClassLoader());
        Driver d = (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
        return d.connect("jdbc:h2:file:" + file.toAbsolutePath(), new Properties());
    }
}

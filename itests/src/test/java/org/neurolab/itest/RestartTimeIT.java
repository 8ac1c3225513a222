package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One time base across restarts: a lab records (spikes and incubator telemetry), is killed with SIGKILL (no clean
 * stop: the clock file is as its last periodic write left it), starts again in the same home and records again. The
 * second start's recording, spikes and telemetry all lie after everything of the first in lab time: nothing of two
 * starts shares an instant.
 */
class RestartTimeIT {
    @TempDir
    Path home;
    LauncherIT.LabProcess lab;

    @AfterEach
    void stop() {
        if (lab != null) lab.process.destroyForcibly();
    }

    /** What the store holds of the lab's first start. */
    record FirstStart(long recordings, long lastRecording, long maxSpike, long spikes, long telemetry, long maxTelemetry, long maxSeen) {
    }

    @Test
    void a_killed_lab_s_next_start_records_strictly_later_in_lab_time() throws Exception {
        Path root = LabUnderTest.distribution().getParent().getParent().getParent();
        int port = LabUnderTest.freePort();
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(deploy.resolve("org.neurolab.driver.sim.cfg"),
                "rigId=sim\nmeas=1\norganoidsPerMea=4\nelectrodesPerOrganoid=8\nneuronsPerOrganoid=500\nmode=paced\nseed=4\n");
        Files.writeString(deploy.resolve("org.neurolab.recording.cfg"), "autoRecord=all\nrawTraces=false\ncommitMillis=100\ntelemetryPeriodMillis=500\n");
        Files.copy(LabUnderTest.distribution().resolve("defaults/deploy/org.neurolab.ethics.cfg"), deploy.resolve("org.neurolab.ethics.cfg"));
        Files.writeString(deploy.resolve("org.neurolab.control.cfg"), "requiredGuards=ethics\nrequiredJournals=audit\n");

        lab = LauncherIT.LabProcess.start(root, home, port);
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(420)); // a loaded machine boots slowly
        lab.awaitLine("started automatically", Duration.ofSeconds(120));
        awaitAcknowledged(Long.MIN_VALUE);
        new ProcessBuilder("kill", "-9", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(30, TimeUnit.SECONDS));

        FirstStart first;
        try (Connection c = RecordingDurabilityIT.h2(home.resolve("data/recording/recordings"))) {
            first = new FirstStart(one(c, "SELECT COUNT(*) FROM recordings"), one(c, "SELECT MAX(id) FROM recordings"),
                    one(c, "SELECT MAX(time_micros) FROM spikes"), one(c, "SELECT COUNT(*) FROM spikes"), one(c, "SELECT COUNT(*) FROM telemetry"),
                    one(c, "SELECT MAX(time_micros) FROM telemetry"),
                    one(c, "SELECT MAX(GREATEST(COALESCE(last_seen_micros, started_micros), COALESCE(acked_until_micros, started_micros))) FROM recordings"));
        }
        System.out.println("restart: the first start, killed, left " + first);
        assertTrue(first.spikes() > 0 && first.telemetry() > 0, "the first start recorded spikes and telemetry: " + first);

        lab = LauncherIT.LabProcess.start(root, home, port);
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(420));
        lab.awaitLine("started automatically", Duration.ofSeconds(120));
        awaitAcknowledged(first.lastRecording());
        new ProcessBuilder("kill", "-INT", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(90, TimeUnit.SECONDS), "the lab stops within 90 s of Ctrl-C");

        long firstEnd = Math.max(first.maxSpike(), Math.max(first.maxTelemetry(), first.maxSeen()));
        try (Connection c = RecordingDurabilityIT.h2(home.resolve("data/recording/recordings"))) {
            long secondStart = one(c, "SELECT MIN(started_micros) FROM recordings WHERE id > " + first.lastRecording());
            long secondSpike = one(c, "SELECT MIN(time_micros) FROM spikes WHERE recording_id > " + first.lastRecording());
            long secondSpikes = one(c, "SELECT COUNT(*) FROM spikes WHERE recording_id > " + first.lastRecording());
            long telemetry = one(c, "SELECT COUNT(*) FROM telemetry");
            long telemetryUpToFirst = one(c, "SELECT COUNT(*) FROM telemetry WHERE time_micros <= " + first.maxTelemetry());
            long firstOverlapping = one(c, "SELECT COUNT(*) FROM recordings WHERE id <= " + first.lastRecording() + " AND started_micros >= " + secondStart);
            System.out.printf("restart: first start's data ends at %.3f s of lab time, the second start records from %.3f s (its first spike %.3f s); "
                    + "telemetry %d rows, %d of the first start%n", firstEnd / 1e6, secondStart / 1e6, secondSpike / 1e6, telemetry, telemetryUpToFirst);
            assertTrue(secondSpikes > 0 && telemetry > first.telemetry(), "the second start recorded spikes and telemetry too");
            assertTrue(secondStart > firstEnd, "the second start's recording begins after everything of the first: " + secondStart + " > " + firstEnd);
            assertTrue(secondSpike > first.maxSpike(), "its spikes are later than every spike of the first start");
            assertEquals(first.telemetry(), telemetryUpToFirst, "no reading of the second start falls within the first start's time");
            assertEquals(0, firstOverlapping);
            assertEquals(first.recordings(), one(c, "SELECT COUNT(*) FROM recordings WHERE state = 'INTERRUPTED'"), "the killed start's recordings are marked");
        }
    }

    /** Waits until a recording after {@code afterId} has acknowledged spikes and telemetry (its file under data/recording/acknowledged). */
    private void awaitAcknowledged(long afterId) throws Exception {
        Path dir = home.resolve("data/recording/acknowledged");
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path f : w.filter(p -> p.getFileName().toString().endsWith(".properties")).toList()) {
                    Properties p = new Properties();
                    try {
                        p.load(new StringReader(Files.readString(f)));
                    } catch (java.io.IOException e) {
                        continue; // being rewritten
                    }
                    long id = Long.parseLong(p.getProperty("recordingId", "-1"));
                    if (id > afterId && Long.parseLong(p.getProperty("spikes", "0")) > 20 && Long.parseLong(p.getProperty("telemetry", "0")) >= 2) return;
                }
            }
        }
        throw new AssertionError("no recording after " + afterId + " acknowledged spikes and telemetry within 3 minutes; the lab said: " + lab.lines);
    }

    private static long one(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}

package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording configuration written as people write it ({@code cat > deploy/org.neurolab.recording.cfg}: the file
 * is emptied, then filled, and FileInstall may read it in between): an empty file and a half-written one keep the
 * last good configuration, the recording goes on, the log says what was wrong; the whole file is then taken (a new
 * automatic recording with its settings), and the store is never closed under the lab.
 */
class RecordingConfigIT {
    @TempDir
    Path home;
    LauncherIT.LabProcess lab;

    @AfterEach
    void stop() {
        if (lab != null) lab.process.destroyForcibly();
    }

    /** As {@code cat > file} does: truncate, then write, here in pieces with pauses longer than FileInstall's poll. */
    static void catInPieces(Path file, List<String> pieces, long pauseMillis) throws Exception {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            Thread.sleep(pauseMillis);
            for (String p : pieces) {
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(pauseMillis);
            }
        }
    }

    static String awaitNth(LauncherIT.LabProcess lab, String fragment, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lab.lines) {
                List<String> hits = lab.lines.stream().filter(l -> l.contains(fragment)).toList();
                if (hits.size() >= n) return hits.get(n - 1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + n + " lines containing '" + fragment + "' within " + timeout + "; output: " + lab.lines);
    }

    @Test
    void an_empty_or_half_written_file_never_stops_recording_and_the_whole_file_is_taken() throws Exception {
        Path root = LabUnderTest.distribution().getParent().getParent().getParent();
        int port = LabUnderTest.freePort();
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(deploy.resolve("org.neurolab.driver.sim.cfg"), "rigId=sim\nmeas=1\norganoidsPerMea=2\nelectrodesPerOrganoid=8\nneuronsPerOrganoid=300\nmode=paced\nseed=4\n");
        Path cfg = deploy.resolve("org.neurolab.recording.cfg");
        Files.writeString(cfg, "autoRecord=all\ncommitMillis=50\nthresholdSigmas=6\n");
        lab = LauncherIT.LabProcess.start(root, home, port);
        lab.awaitLine("started automatically", Duration.ofSeconds(600)); // a loaded machine boots slowly; the rest of the lab need not be up

        // emptied, then cut mid-key: each seen for seconds
        catInPieces(cfg, List.of("autoRecord=all\nthresholdSig"), 3_000);
        lab.awaitLine("the configuration is empty", Duration.ofSeconds(30));
        lab.awaitLine("unknown key 'thresholdSig'", Duration.ofSeconds(30));
        // cut mid-value
        catInPieces(cfg, List.of("autoRecord=all\nthresholdSigmas=\n"), 3_000);
        lab.awaitLine("thresholdSigmas must be a number", Duration.ofSeconds(30));
        synchronized (lab.lines) {
            assertEquals(1, lab.lines.stream().filter(l -> l.contains("started automatically")).count(), "the first recording went on throughout");
            assertTrue(lab.lines.stream().noneMatch(l -> l.contains("configuration applied")), "nothing half-written was taken");
        }
        // the whole file lands (a small file: cat writes it at once): taken once it has settled
        catInPieces(cfg, List.of("autoRecord=all\ncommitMillis=40\nthresholdSigmas=5\n"), 100);
        lab.awaitLine("Recording configuration applied", Duration.ofSeconds(30));
        lab.awaitLine("no longer change detection", Duration.ofSeconds(30)); // the old detection keys are read and said to be moved
        String second = awaitNth(lab, "started automatically", 2, Duration.ofSeconds(60));
        System.out.println("config: " + second);

        new ProcessBuilder("kill", "-INT", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(90, TimeUnit.SECONDS), "the lab stops on Ctrl-C");
        List<String> problems = new ArrayList<>();
        synchronized (lab.lines) {
            lab.lines.stream().filter(l -> l.contains("has been closed") || l.contains("could not be stored")).forEach(problems::add);
            lab.lines.stream().filter(l -> l.contains("not taken")).forEach(l -> System.out.println("config: " + l));
        }
        assertEquals(List.of(), problems, "the store stayed open under the recordings");
        try (Connection c = RecordingDurabilityIT.h2(home.resolve("data/recording/recordings")); var s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, state, detection, acked_spikes FROM recordings ORDER BY id")) {
            assertTrue(r.next());
            assertEquals("STOPPED", r.getString(2), "the first recording was stopped for the new configuration (its commit interval changed)");
            assertTrue(r.getString(3).contains("sim/mea0: the driver's own spike events"), "which detector its spikes came from: " + r.getString(3));
            assertTrue(r.getLong(4) > 0, "it recorded while the file was being written");
            assertTrue(r.next());
            assertEquals("STOPPED", r.getString(2));
            assertTrue(r.getString(3).contains("the driver's own spike events"), "detection is the signal path's, not the file's: " + r.getString(3));
            assertTrue(!r.next());
        }
    }
}

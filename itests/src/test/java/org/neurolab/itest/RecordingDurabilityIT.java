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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab records the simulated rig; it is killed with SIGKILL mid-recording. Every spike the recording
 * bundle had acknowledged (committed, and named in data/recording/acknowledged.properties) must be in the
 * store afterwards, and the lab must open the store cleanly on restart.
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
        Files.writeString(deploy.resolve("org.neurolab.recording.cfg"), "autoRecord=all\nrawTraces=true\ncommitMillis=50\nthresholdSigmas=5\n");

        lab = LauncherIT.LabProcess.start(root, home, port);
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(90));
        lab.awaitLine("started automatically", Duration.ofSeconds(60));
        Path ackFile = home.resolve("data/recording/acknowledged.properties");
        Properties ack = new Properties();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            if (Files.exists(ackFile)) {
                ack = new Properties();
                ack.load(new StringReader(Files.readString(ackFile)));
                if (Long.parseLong(ack.getProperty("spikes", "0")) > 200) break;
            }
        }
        Thread.sleep(1_500); // keep recording: the kill lands mid-stream
        ack = new Properties();
        ack.load(new StringReader(Files.readString(ackFile)));
        new ProcessBuilder("kill", "-9", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(30, TimeUnit.SECONDS));
        long recording = Long.parseLong(ack.getProperty("recordingId"));
        long acked = Long.parseLong(ack.getProperty("spikes"));
        long lastMicros = Long.parseLong(ack.getProperty("lastMicros"));
        System.out.println("durability: acknowledged before SIGKILL " + ack);
        assertTrue(acked > 200, "the recording acknowledged spikes before the kill: " + ack);

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
            System.out.println("durability: stored after restart " + stored + " (" + upToAck + " up to the last acknowledged time)");
            assertTrue(upToAck >= acked, "acknowledged " + acked + " spikes up to " + lastMicros + " µs, found " + upToAck);
        }

        lab = LauncherIT.LabProcess.start(root, home, port);
        String ready = lab.awaitLine("Recording store ready", Duration.ofSeconds(90));
        assertTrue(ready.contains("H2"), ready);
        lab.awaitLine("started automatically", Duration.ofSeconds(60));
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(60));
        new ProcessBuilder("kill", "-INT", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(60, TimeUnit.SECONDS));
        try (Connection c = h2(home.resolve("data/recording/recordings")); var s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*), COUNT(stopped_micros) FROM recordings")) {
            r.next();
            assertEquals(2, r.getInt(1), "the killed recording and the new one");
            assertEquals(1, r.getInt(2), "only the new one was stopped cleanly");
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

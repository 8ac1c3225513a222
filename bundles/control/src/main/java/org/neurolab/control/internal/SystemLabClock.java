package org.neurolab.control.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.neurolab.api.clock.LabClock;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's real-time clock: µs since the lab's epoch, the instant this lab home first started
 * ({@code data/control/lab-clock.properties}). So lab time goes on across restarts, and readings of different starts
 * never share an instant. Between starts the wall clock fills the gap; should the wall clock have gone back, lab time
 * continues from the last instant it reached (it never repeats one). A simulator in virtual mode registers a clock of
 * its own with a higher ranking.
 */
@Component(property = {LabClock.KIND_PROPERTY + "=real", "service.ranking:Integer=0"})
public class SystemLabClock implements LabClock {
    private static final Logger LOG = LoggerFactory.getLogger(SystemLabClock.class);
    private static final long PERSIST_SECONDS = 5;

    private final long epochMillis;
    private final long startMicros;
    private final long originNanos = System.nanoTime();
    private final Path file;
    private final ScheduledExecutorService persister;

    /** A clock whose epoch is now and that keeps nothing (tests, benchmarks). */
    public SystemLabClock() {
        this.epochMillis = System.currentTimeMillis();
        this.startMicros = 0;
        this.file = null;
        this.persister = null;
    }

    @Activate
    public SystemLabClock(BundleContext context) {
        this(Path.of(dataDir(context), "control", "lab-clock.properties"));
    }

    /** The clock of the lab home whose clock file is {@code file} (made on the first start). */
    public SystemLabClock(Path file) {
        this.file = file;
        long wallMillis = System.currentTimeMillis();
        Properties p = load(file);
        long epoch, reached;
        try {
            epoch = Long.parseLong(p.getProperty("epochMillis", Long.toString(wallMillis)).trim());
            reached = Long.parseLong(p.getProperty("reachedMicros", "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the lab clock file " + file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup: lab time must not restart", e);
        }
        long fromWall = (wallMillis - epoch) * 1_000;
        if (fromWall < reached)
            LOG.warn("The wall clock is {} ms behind the lab's last instant; lab time continues from {} µs", (reached - fromWall) / 1_000, reached);
        this.epochMillis = epoch;
        this.startMicros = Math.max(fromWall, reached + 1);
        persist();
        LOG.info("Lab clock: epoch {} (this home's first start), lab time now {} s", java.time.Instant.ofEpochMilli(epoch), startMicros / 1_000_000);
        persister = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("lab-clock-persist").unstarted(r));
        persister.scheduleWithFixedDelay(this::persistQuietly, PERSIST_SECONDS, PERSIST_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (persister != null) persister.shutdownNow();
        persistQuietly();
    }

    @Override
    public long nowMicros() {
        return startMicros + (System.nanoTime() - originNanos) / 1_000;
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public boolean isVirtual() {
        return false;
    }

    @Override
    public void awaitMicros(long labTimeMicros) throws InterruptedException {
        long remaining;
        while ((remaining = labTimeMicros - nowMicros()) > 0) {
            // sleep for the bulk, park the last stretch: closed loops care about sub-millisecond waits
            if (remaining > 2_000) Thread.sleep((remaining - 1_000) / 1_000);
            else LockSupport.parkNanos(remaining * 1_000);
            if (Thread.interrupted()) throw new InterruptedException("wait for lab time " + labTimeMicros + " µs interrupted");
        }
    }

    private void persistQuietly() {
        try {
            persist();
        } catch (UncheckedIOException e) {
            LOG.warn("Lab clock state could not be saved: {}", e.getMessage());
        }
    }

    /** Written atomically: a kill mid-write leaves the previous file. */
    private synchronized void persist() {
        if (file == null) return;
        Properties p = new Properties();
        p.setProperty("epochMillis", Long.toString(epochMillis));
        p.setProperty("reachedMicros", Long.toString(nowMicros()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                p.store(out, "the lab's time base: lab time = µs since epochMillis; reachedMicros = the last instant saved");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("the lab clock file " + file + " cannot be read (" + e.getMessage()
                        + "); restore it from a backup: lab time must not restart", e);
            }
        }
        return p;
    }

    private static String dataDir(BundleContext context) {
        String data = context.getProperty("neurolab.data.dir");
        return data == null ? "data" : data;
    }
}

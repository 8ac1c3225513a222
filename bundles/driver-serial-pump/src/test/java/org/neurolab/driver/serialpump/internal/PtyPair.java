package org.neurolab.driver.serialpump.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Two connected pseudo-terminals made by Debian's socat: the driver opens one end as its serial port, the emulator the other. */
final class PtyPair implements AutoCloseable {
    final Path driverEnd;
    final Path deviceEnd;
    private final Process socat;

    PtyPair(Path dir) throws IOException, InterruptedException {
        driverEnd = dir.resolve("ttyPUMP");
        deviceEnd = dir.resolve("ttyEMU");
        try {
            socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + driverEnd, "pty,raw,echo=0,link=" + deviceEnd)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("socat is needed for the serial tests (Debian package socat; .ci/run installs it): " + e.getMessage(), e);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(driverEnd) && Files.exists(deviceEnd))) {
            if (!socat.isAlive()) fail("socat ended: " + Files.readString(dir.resolve("socat.log")));
            if (System.nanoTime() > end) fail("socat made no pty pair within 20 s");
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(10, TimeUnit.SECONDS)) socat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}

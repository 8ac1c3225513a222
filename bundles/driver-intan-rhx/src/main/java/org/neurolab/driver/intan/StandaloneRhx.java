package org.neurolab.driver.intan;

import java.util.Map;
import java.util.function.Consumer;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.driver.intan.internal.StandaloneRhxMea;

/**
 * One Intan RHX array driver without a framework, for benchmarks and tests of other modules: the driver the bundle
 * runs for each configured controller, over a configuration of the same keys ({@code deviceId}, {@code rigId},
 * {@code host}, {@code commandPort}, {@code dataPort}, {@code channels}, ...: README, "Intan RHX controllers"). Inside the lab the
 * driver is hidden behind control, and only control acts on it.
 */
public interface StandaloneRhx extends AutoCloseable {
    /**
     * A driver for the controller the configuration names; it connects at {@link #start()}.
     *
     * @param onRefused told why, when the controller is not one the driver will work with (wrong mode, rate, channels)
     * @throws IllegalArgumentException naming each configuration value that is wrong
     */
    static StandaloneRhx create(Map<String, ?> config, LabClock clock, Consumer<String> onRefused) {
        return StandaloneRhxMea.create(config, clock, onRefused);
    }

    MeaDriver mea();

    /** Connects and streams on the driver's own thread (and reconnects when the link is lost). */
    void start();

    /** CONNECTING, STREAMING, RECONNECTING, REFUSED or STOPPED. */
    String state();

    /** Stretches of the data stream that were not a good block. */
    long malformedBlocks();

    /** Stops as the bundle does: the controller to its safe state, the driver's thread ended, no callback after. */
    @Override
    void close();
}

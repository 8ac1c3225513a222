package org.neurolab.driver.intan.internal;

import java.util.Map;
import java.util.function.Consumer;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.driver.intan.StandaloneRhx;

/** {@link StandaloneRhx}: the bundle's {@link IntanRhxMea}, started and stopped by its caller instead of the component. */
public final class StandaloneRhxMea implements StandaloneRhx {
    private final IntanRhxMea mea;

    private StandaloneRhxMea(IntanRhxMea mea) {
        this.mea = mea;
    }

    public static StandaloneRhx create(Map<String, ?> config, LabClock clock, Consumer<String> onRefused) {
        IntanRhxMea.Presence presence = new IntanRhxMea.Presence() {
            @Override
            public void verified(IntanRhxMea m) {
            }

            @Override
            public void refused(IntanRhxMea m, String reason) {
                onRefused.accept(reason);
            }
        };
        return new StandaloneRhxMea(new IntanRhxMea(DriverSettings.from(config), clock, "standalone", presence));
    }

    @Override
    public MeaDriver mea() {
        return mea;
    }

    @Override
    public void start() {
        mea.start();
    }

    @Override
    public String state() {
        return mea.status().state();
    }

    @Override
    public long malformedBlocks() {
        return mea.status().malformedBlocks();
    }

    @Override
    public void close() {
        mea.stop();
    }
}

package org.example.lab.mea.internal;

import java.lang.annotation.Annotation;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.driver.testkit.MeaDriverContract;

/** The driver passes the kit every MEA driver passes, with its instrument (here the demo; yours: your instrument's emulator). */
class ExampleMeaContractTest extends MeaDriverContract {
    @Override
    protected MeaDriver createDriver() throws Exception {
        return new ExampleMeaDriver(new ExampleMeaConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ExampleMeaConfig.class;
            }

            @Override
            public String deviceId() {
                return "test/mea0";
            }

            @Override
            public String rigId() {
                return "test";
            }

            @Override
            public int electrodes() {
                return 16;
            }

            @Override
            public int sampleRateHz() {
                return 30_000;
            }

            @Override
            public double maxAmplitudeMicroamps() {
                return 50;
            }

            @Override
            public long minPhaseMicros() {
                return 20;
            }

            @Override
            public long maxPhaseMicros() {
                return 1_000;
            }
        }, new WallClock(), new DemoInstrument(16, 30_000), "1.0.0", null);
    }

    /** The demo instrument reports spikes in every block; a second is plenty (the kit's default is 5 s). */
    @Override
    protected long activityWindowMicros() {
        return 1_000_000;
    }

    @Override
    protected void stopDriver(MeaDriver driver) {
        ((ExampleMeaDriver) driver).stop();
    }

    /** Lab time on the wall clock, as on a real rig. */
    static final class WallClock implements LabClock {
        private final long start = System.nanoTime();

        @Override
        public long nowMicros() {
            return (System.nanoTime() - start) / 1_000;
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis() - nowMicros() / 1_000;
        }

        @Override
        public boolean isVirtual() {
            return false;
        }

        @Override
        public void awaitMicros(long t) throws InterruptedException {
            long wait = t - nowMicros();
            if (wait > 0) Thread.sleep(wait / 1_000 + 1);
        }
    }
}

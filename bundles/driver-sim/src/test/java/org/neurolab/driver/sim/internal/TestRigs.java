package org.neurolab.driver.sim.internal;

import java.lang.annotation.Annotation;

/** Rig configurations for tests: small, virtual-time rigs. */
final class TestRigs {
    private TestRigs() {
    }

    static SimulatedRigConfig config(int meas, int neuronsPerOrganoid, String mode, long seed) {
        return config(meas, neuronsPerOrganoid, mode, seed, 2_000, 0);
    }

    /** A rig whose pacing may lag {@code maxLagMillis} and runs at most {@code slowdown} × real time (0: as fast as it can). */
    static SimulatedRigConfig config(int meas, int neuronsPerOrganoid, String mode, long seed, long maxLagMillis, double slowdown) {
        return config(meas, neuronsPerOrganoid, mode, seed, maxLagMillis, slowdown, 10);
    }

    /** … and whose closed-loop lockstep waits up to {@code holdMillis} for an answer (0: free-running). */
    static SimulatedRigConfig config(int meas, int neuronsPerOrganoid, String mode, long seed, long maxLagMillis, double slowdown, double holdMillis) {
        return new SimulatedRigConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SimulatedRigConfig.class;
            }

            @Override
            public String rigId() {
                return "test";
            }

            @Override
            public int meas() {
                return meas;
            }

            @Override
            public int organoidsPerMea() {
                return 4;
            }

            @Override
            public int electrodesPerOrganoid() {
                return 8;
            }

            @Override
            public int neuronsPerOrganoid() {
                return neuronsPerOrganoid;
            }

            @Override
            public int sampleRateHz() {
                return 30_000;
            }

            @Override
            public double electrodePitchMicrons() {
                return 100;
            }

            @Override
            public double cultureAgeDays() {
                return 120;
            }

            @Override
            public long seed() {
                return seed;
            }

            @Override
            public String mode() {
                return mode;
            }

            @Override
            public double headroom() {
                return 0;
            }

            @Override
            public long maxLagMillis() {
                return maxLagMillis;
            }

            @Override
            public double slowdown() {
                return slowdown;
            }

            @Override
            public double closedLoopHoldMillis() {
                return holdMillis;
            }
        };
    }

    static Rig virtualRig() {
        return Rig.build(config(1, 500, "virtual", 7), "test", null);
    }

    static void letTimePass(Rig rig, long micros) throws InterruptedException {
        rig.clock.awaitMicros(rig.clock.nowMicros() + micros);
    }
}

package org.neurolab.driver.sim.internal;

import org.junit.jupiter.api.Nested;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.neurolab.api.driver.LightDriver;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.PumpDriver;
import org.neurolab.driver.testkit.EnvironmentSensorDriverContract;
import org.neurolab.driver.testkit.LightDriverContract;
import org.neurolab.driver.testkit.MeaDriverContract;
import org.neurolab.driver.testkit.PumpDriverContract;

/** The simulated drivers pass the same contracts every real driver must pass. */
class SimulatedDriverContractTest {

    @Nested
    class Mea extends MeaDriverContract {
        Rig rig;

        @Override
        protected MeaDriver createDriver() {
            rig = TestRigs.virtualRig();
            return rig.meas.get(0);
        }

        @Override
        protected void stopDriver(MeaDriver driver) {
            rig.close();
        }

        @Override
        protected void letTimePass(long micros) throws InterruptedException {
            TestRigs.letTimePass(rig, micros);
        }
    }

    @Nested
    class Pump extends PumpDriverContract {
        Rig rig;

        @Override
        protected PumpDriver createDriver() {
            rig = TestRigs.virtualRig();
            return rig.pumps.get(0);
        }

        @Override
        protected void stopDriver(PumpDriver driver) {
            rig.close();
        }

        @Override
        protected void letTimePass(long micros) throws InterruptedException {
            TestRigs.letTimePass(rig, micros);
        }

        @Override
        protected double validFlow() {
            return 20;
        }
    }

    @Nested
    class Light extends LightDriverContract {
        Rig rig;

        @Override
        protected LightDriver createDriver() {
            rig = TestRigs.virtualRig();
            return rig.uv;
        }

        @Override
        protected void stopDriver(LightDriver driver) {
            rig.close();
        }

        @Override
        protected double validIrradiance() {
            return 5;
        }
    }

    @Nested
    class Incubator extends EnvironmentSensorDriverContract {
        Rig rig;

        @Override
        protected EnvironmentSensorDriver createDriver() {
            rig = TestRigs.virtualRig();
            return rig.incubator;
        }

        @Override
        protected void stopDriver(EnvironmentSensorDriver driver) {
            rig.close();
        }

        @Override
        protected void letTimePass(long micros) throws InterruptedException {
            TestRigs.letTimePass(rig, micros);
        }
    }
}

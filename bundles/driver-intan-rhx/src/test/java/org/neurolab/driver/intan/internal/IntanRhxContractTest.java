package org.neurolab.driver.intan.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.driver.intan.emulator.RhxEmulator;
import org.neurolab.driver.testkit.MeaDriverContract;
import org.neurolab.testsupport.RealTimeLabClock;

/** The Intan driver, against the emulated RHX, passes the kit every MEA driver must pass. */
@Timeout(120)
class IntanRhxContractTest extends MeaDriverContract {
    private static RhxEmulator emulator;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = RhxEmulator.start(1, 32);
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        emulator.close();
    }

    @Override
    protected MeaDriver createDriver() throws Exception {
        IntanRhxMea mea = TestRig.start(TestRig.config(emulator, "A-000..A-015"), new RealTimeLabClock(), new TestRig.Presence());
        TestRig.awaitStreaming(mea);
        return mea;
    }

    @Override
    protected void stopDriver(MeaDriver driver) {
        ((IntanRhxMea) driver).stop();
    }
}

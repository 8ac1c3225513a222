package org.neurolab.driver.serialpump.internal;

import java.util.Map;
import org.neurolab.api.driver.PumpDriver;
import org.neurolab.driver.testkit.PumpDriverContract;

/** The serial pump driver, on a pty against the emulated NE-1000, passes the kit every pump passes. */
class SerialPumpContractTest extends PumpDriverContract {
    PumpFixture fixture;

    @Override
    protected PumpDriver createDriver() throws Exception {
        fixture = new PumpFixture(Map.of("maxInjectionMicrolitres", 2000.0));
        fixture.driver.connect();
        return fixture.driver;
    }

    @Override
    protected void stopDriver(PumpDriver driver) throws Exception {
        fixture.driver.stopPump();
        fixture.close();
    }

    @Override
    protected double validFlow() {
        return 10;
    }
}

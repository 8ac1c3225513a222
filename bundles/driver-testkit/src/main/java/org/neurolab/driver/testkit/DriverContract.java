package org.neurolab.driver.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;

/**
 * What every driver must do, whatever its kind. Extend the contract of your driver's kind
 * ({@link MeaDriverContract}, {@link PumpDriverContract}, {@link LightDriverContract},
 * {@link EnvironmentSensorDriverContract}) and say how to make, stop and wait for your driver.
 */
public abstract class DriverContract<D extends DeviceDriver> {
    protected D driver;

    /** A fresh, started driver. */
    protected abstract D createDriver() throws Exception;

    /** Stop the driver as its bundle would on stop: threads ended, hardware released, no callbacks after. */
    protected abstract void stopDriver(D driver) throws Exception;

    /** Let {@code micros} of lab time pass: sleep on hardware, advance the clock on a simulator. */
    protected void letTimePass(long micros) throws Exception {
        Thread.sleep(Math.max(1, micros / 1000));
    }

    protected abstract DeviceKind expectedKind();

    @BeforeEach
    void createTheDriver() throws Exception {
        driver = createDriver();
        assertNotNull(driver, "createDriver() returned null");
    }

    @AfterEach
    void stopTheDriver() throws Exception {
        if (driver != null) stopDriver(driver);
    }

    @Test
    void info_describes_the_device_and_does_not_change() {
        DeviceInfo info = driver.info();
        assertNotNull(info, "info() must not be null");
        assertEquals(expectedKind(), info.kind(), "the device kind matches the driver interface");
        assertEquals(info, driver.info(), "info() is stable");
        assertFalse(info.deviceId().isBlank());
        assertFalse(info.model().isBlank(), "the model names the device");
    }

    @Test
    void safe_state_can_be_entered_any_time_and_again() {
        assertDoesNotThrow(driver::enterSafeState, "safe state from fresh");
        assertDoesNotThrow(driver::enterSafeState, "safe state is idempotent");
    }
}

package org.neurolab.driver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.PumpDriver;

/** Pumps: the flow set is the flow measured, nonsense refused, safe state keeps the base flow. */
public abstract class PumpDriverContract extends DriverContract<PumpDriver> {
    @Override
    protected DeviceKind expectedKind() {
        return DeviceKind.PUMP;
    }

    /** A base flow the pump can hold, µL/min. */
    protected abstract double validFlow();

    /** How close the measured flow must be to the set flow, µL/min. */
    protected double flowTolerance() {
        return validFlow() * 0.05;
    }

    @Test
    void measured_flow_follows_the_set_flow() throws Exception {
        driver.setFlowMicrolitresPerMinute(validFlow());
        letTimePass(100_000);
        assertEquals(validFlow(), driver.measuredFlowMicrolitresPerMinute(), flowTolerance());
    }

    @Test
    void nonsense_is_refused() {
        assertThrows(DeviceException.class, () -> driver.setFlowMicrolitresPerMinute(-1));
        assertThrows(DeviceException.class, () -> driver.setFlowMicrolitresPerMinute(Double.NaN));
        assertThrows(DeviceException.class, () -> driver.inject(-5, validFlow()));
        assertThrows(DeviceException.class, () -> driver.inject(5, 0));
    }

    @Test
    void safe_state_stops_an_injection_but_keeps_the_base_flow() throws Exception {
        driver.setFlowMicrolitresPerMinute(validFlow());
        driver.inject(1_000, validFlow());
        driver.enterSafeState();
        letTimePass(100_000);
        assertEquals(validFlow(), driver.measuredFlowMicrolitresPerMinute(), flowTolerance(),
                "medium keeps flowing after safe state; only the injection stops");
    }
}

package org.neurolab.driver.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.LightDriver;

/** Light sources: a real wavelength, valid pulses accepted, impossible ones refused with a reason. */
public abstract class LightDriverContract extends DriverContract<LightDriver> {
    @Override
    protected DeviceKind expectedKind() {
        return DeviceKind.LIGHT;
    }

    /** An irradiance the device can deliver, mW/mm². */
    protected abstract double validIrradiance();

    @Test
    void wavelength_is_in_the_ultraviolet_to_infrared_range() {
        int nm = driver.wavelengthNanometres();
        assertTrue(nm >= 200 && nm <= 1100, "wavelength " + nm + " nm");
    }

    @Test
    void a_valid_pulse_is_accepted() {
        assertDoesNotThrow(() -> driver.pulse(validIrradiance(), 1_000));
    }

    @Test
    void impossible_pulses_are_refused_with_a_reason() {
        for (double irradiance : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            DeviceException e = assertThrows(DeviceException.class, () -> driver.pulse(irradiance, 1_000), "irradiance " + irradiance);
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "the refusal says why");
        }
        assertThrows(DeviceException.class, () -> driver.pulse(validIrradiance(), 0), "zero duration");
        assertThrows(DeviceException.class, () -> driver.pulse(validIrradiance(), -5), "negative duration");
    }
}

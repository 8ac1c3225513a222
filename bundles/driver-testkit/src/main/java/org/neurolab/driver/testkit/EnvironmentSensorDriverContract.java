package org.neurolab.driver.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.driver.EnvironmentSensorDriver;

/** Incubator sensors: plausible physical values, time moving forward. */
public abstract class EnvironmentSensorDriverContract extends DriverContract<EnvironmentSensorDriver> {
    @Override
    protected DeviceKind expectedKind() {
        return DeviceKind.ENVIRONMENT_SENSOR;
    }

    @Test
    void readings_are_physically_plausible() throws Exception {
        EnvironmentReading r = driver.read();
        assertTrue(r.temperatureCelsius() > 0 && r.temperatureCelsius() < 60, "temperature in °C: " + r);
        assertTrue(r.co2Percent() >= 0 && r.co2Percent() <= 20, "CO2 in %: " + r);
        assertTrue(r.humidityPercent() >= 0 && r.humidityPercent() <= 100, "humidity in %: " + r);
    }

    @Test
    void reading_times_move_forward() throws Exception {
        EnvironmentReading first = driver.read();
        letTimePass(10_000);
        EnvironmentReading second = driver.read();
        assertTrue(second.timeMicros() > first.timeMicros(), "lab time of readings increases: " + first + " then " + second);
    }
}

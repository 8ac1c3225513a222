package org.neurolab.driver.sim.internal;

import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.LightDriver;

/** The rig's 365 nm LED for uncaging. Pulses are counted; the uncaging chemistry belongs to dosing. */
final class SimulatedUvLight implements LightDriver {
    static final double MAX_IRRADIANCE = 50.0;
    static final long MAX_DURATION_MICROS = 10_000_000;

    private final DeviceInfo info;
    private final Object lock;
    private long pulses;
    private double deliveredMillijoulesPerSquareMillimetre;

    SimulatedUvLight(DeviceInfo info, Object lock) {
        this.info = info;
        this.lock = lock;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void enterSafeState() {
        // pulses are delivered at once in the simulation: nothing is ever left on
    }

    @Override
    public int wavelengthNanometres() {
        return 365;
    }

    @Override
    public void pulse(double irradiance, long durationMicros) throws DeviceException {
        if (!Double.isFinite(irradiance) || irradiance <= 0 || irradiance > MAX_IRRADIANCE)
            throw new DeviceException(info.deviceId() + ": irradiance must be in (0, " + MAX_IRRADIANCE + "] mW/mm², was " + irradiance);
        if (durationMicros <= 0 || durationMicros > MAX_DURATION_MICROS)
            throw new DeviceException(info.deviceId() + ": pulse duration must be 1.." + MAX_DURATION_MICROS + " µs, was " + durationMicros);
        synchronized (lock) {
            pulses++;
            deliveredMillijoulesPerSquareMillimetre += irradiance * durationMicros / 1e6;
        }
    }

    long pulses() {
        synchronized (lock) {
            return pulses;
        }
    }

    double deliveredMillijoulesPerSquareMillimetre() {
        synchronized (lock) {
            return deliveredMillijoulesPerSquareMillimetre;
        }
    }
}

package org.neurolab.driver.sim.internal;

import java.util.SplittableRandom;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.driver.EnvironmentSensorDriver;

/** Incubator sensors reading the simulated conditions with realistic sensor noise. */
final class SimulatedIncubator implements EnvironmentSensorDriver {
    private final DeviceInfo info;
    private final LabClock clock;
    private final SplittableRandom noise;
    private double temperature = 37.0;
    private double co2 = 5.0;
    private double humidity = 95.0;

    SimulatedIncubator(DeviceInfo info, LabClock clock, long seed) {
        this.info = info;
        this.clock = clock;
        this.noise = new SplittableRandom(seed);
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public void enterSafeState() {
        // sensors only read
    }

    @Override
    public synchronized EnvironmentReading read() {
        return new EnvironmentReading(clock.nowMicros(), temperature + 0.02 * gaussian(), Math.max(0, co2 + 0.01 * gaussian()),
                Math.min(100, Math.max(0, humidity + 0.2 * gaussian())));
    }

    synchronized void set(double temperatureCelsius, double co2Percent, double humidityPercent) {
        this.temperature = temperatureCelsius;
        this.co2 = co2Percent;
        this.humidity = humidityPercent;
    }

    private double gaussian() {
        // sum of uniforms: cheap, seeded, close enough to normal for sensor noise
        double s = 0;
        for (int i = 0; i < 6; i++) s += noise.nextDouble();
        return (s - 3) * Math.sqrt(2);
    }
}

package org.neurolab.api.driver;

import java.util.Objects;

/**
 * One incubator reading.
 *
 * @param timeMicros          lab time of the reading
 * @param temperatureCelsius  air temperature
 * @param co2Percent          CO2 fraction
 * @param humidityPercent     relative humidity
 * @param o2Percent           O2 fraction, {@code NaN} when the incubator does not measure it (or its value is stale)
 * @param door                the door, {@link DoorState#UNKNOWN} when not measured (or stale)
 */
public record EnvironmentReading(long timeMicros, double temperatureCelsius, double co2Percent, double humidityPercent, double o2Percent,
        DoorState door) {
    public EnvironmentReading {
        if (!Double.isFinite(temperatureCelsius) || !Double.isFinite(co2Percent) || !Double.isFinite(humidityPercent))
            throw new IllegalArgumentException("environment reading values must be finite");
        if (co2Percent < 0 || co2Percent > 100 || humidityPercent < 0 || humidityPercent > 100)
            throw new IllegalArgumentException("CO2 and humidity are percentages 0..100, were " + co2Percent + " and " + humidityPercent);
        if (Double.isInfinite(o2Percent) || o2Percent < 0 || o2Percent > 100)
            throw new IllegalArgumentException("O2 is a percentage 0..100 (NaN when not measured), was " + o2Percent);
        door = Objects.requireNonNullElse(door, DoorState.UNKNOWN);
    }

    /** A reading of an incubator that measures neither O2 nor its door. */
    public EnvironmentReading(long timeMicros, double temperatureCelsius, double co2Percent, double humidityPercent) {
        this(timeMicros, temperatureCelsius, co2Percent, humidityPercent, Double.NaN, DoorState.UNKNOWN);
    }

    /** True when the reading carries an O2 value. */
    public boolean measuresO2() {
        return !Double.isNaN(o2Percent);
    }
}

package org.neurolab.api.driver;

/**
 * One incubator reading.
 *
 * @param timeMicros          lab time of the reading
 * @param temperatureCelsius  air temperature
 * @param co2Percent          CO2 fraction
 * @param humidityPercent     relative humidity
 */
public record EnvironmentReading(long timeMicros, double temperatureCelsius, double co2Percent, double humidityPercent) {
    public EnvironmentReading {
        if (!Double.isFinite(temperatureCelsius) || !Double.isFinite(co2Percent) || !Double.isFinite(humidityPercent))
            throw new IllegalArgumentException("environment reading values must be finite");
        if (co2Percent < 0 || co2Percent > 100 || humidityPercent < 0 || humidityPercent > 100)
            throw new IllegalArgumentException("CO2 and humidity are percentages 0..100, were " + co2Percent + " and " + humidityPercent);
    }
}

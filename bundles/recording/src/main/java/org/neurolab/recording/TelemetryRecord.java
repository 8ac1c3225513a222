package org.neurolab.recording;

/** One environment reading of an incubator sensor. */
public record TelemetryRecord(long timeMicros, String deviceId, double temperatureCelsius, double co2Percent, double humidityPercent) {
}

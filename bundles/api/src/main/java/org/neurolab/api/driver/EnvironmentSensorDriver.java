package org.neurolab.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/** Incubator sensors: temperature, CO2, humidity. */
@ConsumerType
public interface EnvironmentSensorDriver extends DeviceDriver {
    EnvironmentReading read() throws DeviceException;
}

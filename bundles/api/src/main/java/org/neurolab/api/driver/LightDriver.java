package org.neurolab.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/** A light source, e.g. the UV LED that uncages caged compounds. */
@ConsumerType
public interface LightDriver extends DeviceDriver {
    /** Wavelengths the source emits, nm. */
    int wavelengthNanometres();

    /** One pulse of light at the given irradiance. */
    void pulse(double irradianceMilliwattsPerSquareMillimetre, long durationMicros) throws DeviceException;
}

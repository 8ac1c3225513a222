package org.neurolab.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The common part of every device driver. Drivers register their kind's interface as an OSGi service;
 * only the control bundle may obtain them.
 */
@ConsumerType
public interface DeviceDriver {
    /** Service property every driver registration carries: its {@link DeviceInfo#deviceId()}. */
    String DEVICE_ID = "neurolab.device.id";

    DeviceInfo info();

    /**
     * Put the device where it can do no harm: no stimulation pending or running, triggers cleared, light
     * off, injections stopped (base perfusion keeps going: stopping the medium would harm the culture).
     * Must not throw for a device that is already safe; called at the end of every session.
     */
    void enterSafeState() throws DeviceException;
}

package org.neurolab.api.driver;

import java.util.Objects;
import org.neurolab.api.lab.Ids;

/**
 * What a device is and where it sits.
 *
 * @param deviceId        unique in the lab, e.g. {@code rig1/mea0} or {@code rig1/incubator}
 * @param kind            which driver interface it implements
 * @param rigId           the rig it belongs to
 * @param vendor          maker
 * @param model           model name
 * @param firmwareVersion what the device reports, or the driver version for simulated devices
 */
public record DeviceInfo(String deviceId, DeviceKind kind, String rigId, String vendor, String model, String firmwareVersion) {
    public DeviceInfo {
        Ids.require(deviceId, "device id");
        Objects.requireNonNull(kind, "device kind is required");
        Ids.require(rigId, "rig id");
        vendor = Objects.requireNonNullElse(vendor, "");
        model = Objects.requireNonNullElse(model, "");
        firmwareVersion = Objects.requireNonNullElse(firmwareVersion, "");
    }
}

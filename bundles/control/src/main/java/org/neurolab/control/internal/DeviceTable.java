package org.neurolab.control.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The drivers present now, by device id. Drivers come and go with their bundles. */
final class DeviceTable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTable.class);
    private final Map<String, DeviceDriver> byId = new ConcurrentHashMap<>();
    /** The lab's table says when devices come and go; a dry run's private one keeps quiet. */
    private final boolean announce;

    DeviceTable() {
        this(true);
    }

    DeviceTable(boolean announce) {
        this.announce = announce;
    }

    void add(DeviceDriver driver) {
        DeviceInfo info = driver.info();
        DeviceDriver previous = byId.putIfAbsent(info.deviceId(), driver);
        if (previous != null && previous != driver)
            LOG.error("Two drivers claim device '{}'; keeping the first ({}), ignoring {}", info.deviceId(), previous.info().model(), info.model());
        else if (announce)
            LOG.info("Device {} ({} {} {}) is available", info.deviceId(), info.kind(), info.vendor(), info.model());
    }

    void remove(DeviceDriver driver) {
        if (byId.remove(driver.info().deviceId(), driver) && announce) LOG.info("Device {} is gone", driver.info().deviceId());
    }

    List<DeviceInfo> infos() {
        return byId.values().stream().map(DeviceDriver::info).sorted(Comparator.comparing(DeviceInfo::deviceId)).toList();
    }

    Optional<MeaDriver> mea(String meaId) {
        return byId.get(meaId) instanceof MeaDriver mea ? Optional.of(mea) : Optional.empty();
    }

    Optional<DeviceDriver> device(String deviceId) {
        return Optional.ofNullable(byId.get(deviceId));
    }
}

package org.neurolab.itest.probe;

import java.util.Locale;
import org.neurolab.api.control.LabControl;

/** What an operator sees of the rig's real drivers, through the control service: the device list and an incubator's reading. */
public final class RigDriversProbe extends ProbeBase {
    @Override
    protected String name() {
        return "rig-drivers";
    }

    @Override
    protected Object answer(String[] w) {
        return switch (w[0]) {
            case "devices" -> service(LabControl.class).devices().stream()
                    .map(d -> d.deviceId() + "|" + d.kind() + "|" + d.vendor() + "|" + d.model() + "|" + d.firmwareVersion()).toList();
            case "environment" -> service(LabControl.class).environment(w[1])
                    .map(r -> String.format(Locale.ROOT, "%.2f %.2f %.2f %.2f %s", r.temperatureCelsius(), r.co2Percent(), r.humidityPercent(), r.o2Percent(), r.door()))
                    .orElse("none");
            default -> "unknown request " + String.join(" ", w);
        };
    }
}

package org.neurolab.driver.serialpump.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.neurolab.api.lab.Ids;

/** A checked {@link SerialPumpConfig}; every mistake in the file is named at once. */
record PumpSettings(String port, int baud, int address, double diameterMillimetres, double minRate, double maxRate, double maxInjection,
        double baseFlow, int replyTimeoutMillis, long connectRetryMillis, String rigId, String deviceId, String model) {

    static PumpSettings from(SerialPumpConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.port().isBlank()) problems.add("port is empty (e.g. /dev/ttyUSB0)");
        if (!Set.of(300, 1200, 2400, 9600, 19200).contains(c.baud())) problems.add("baud " + c.baud() + " is not one the pump speaks (300, 1200, 2400, 9600, 19200)");
        if (c.address() < 0 || c.address() > 99) problems.add("address " + c.address() + " is not 0..99");
        if (!(c.syringeDiameterMillimetres() >= 0.1 && c.syringeDiameterMillimetres() <= 50))
            problems.add("syringeDiameterMillimetres " + c.syringeDiameterMillimetres() + " is not 0.1..50 mm");
        if (!(c.minRateMicrolitresPerMinute() > 0) || !(c.maxRateMicrolitresPerMinute() > c.minRateMicrolitresPerMinute()))
            problems.add("rates " + c.minRateMicrolitresPerMinute() + ".." + c.maxRateMicrolitresPerMinute() + " µL/min: the minimum must be > 0 and below the maximum");
        double base = c.baseFlowMicrolitresPerMinute();
        if (!(base == 0 || (base >= c.minRateMicrolitresPerMinute() && base <= c.maxRateMicrolitresPerMinute())))
            problems.add("baseFlowMicrolitresPerMinute " + base + " is neither 0 nor within the rates " + c.minRateMicrolitresPerMinute() + ".."
                    + c.maxRateMicrolitresPerMinute() + " µL/min");
        if (!(c.maxInjectionMicrolitres() > 0) || c.maxInjectionMicrolitres() > 9999)
            problems.add("maxInjectionMicrolitres " + c.maxInjectionMicrolitres() + " is not in (0, 9999] µL");
        if (c.replyTimeoutMillis() < 50 || c.replyTimeoutMillis() > 60_000) problems.add("replyTimeoutMillis " + c.replyTimeoutMillis() + " is not 50..60000");
        if (!(c.connectRetrySeconds() > 0)) problems.add("connectRetrySeconds " + c.connectRetrySeconds() + " must be > 0");
        try {
            Ids.require(c.deviceId().trim(), "deviceId");
            Ids.require(c.rigId().trim(), "rigId");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException("serial pump " + c.deviceId() + " is misconfigured: " + String.join("; ", problems));
        return new PumpSettings(c.port().trim(), c.baud(), c.address(), c.syringeDiameterMillimetres(), c.minRateMicrolitresPerMinute(),
                c.maxRateMicrolitresPerMinute(), c.maxInjectionMicrolitres(), base, c.replyTimeoutMillis(), Math.round(c.connectRetrySeconds() * 1000),
                c.rigId().trim(), c.deviceId().trim(), c.model().isBlank() ? "NE-1000" : c.model().trim());
    }
}

package org.neurolab.driver.serialpump.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A pty pair, the emulated pump on one end and the driver on the other. */
final class PumpFixture implements AutoCloseable {
    final PtyPair pty;
    final Ne1000Emulator pump;
    final PumpSettings settings;
    final PumpLink link;
    final Ne1000Pump driver;
    private final Path dir;

    PumpFixture(Map<String, Object> config) throws Exception {
        dir = Files.createTempDirectory("neurolab-pump");
        pty = new PtyPair(dir);
        Map<String, Object> c = new HashMap<>(Map.of("port", pty.driverEnd.toString(), "address", 3, "deviceId", "rig5/pump0", "rigId", "rig5",
                "replyTimeoutMillis", 1000, "minRateMicrolitresPerMinute", 1.0, "maxRateMicrolitresPerMinute", 500.0, "maxInjectionMicrolitres", 200.0));
        c.putAll(config);
        pump = new Ne1000Emulator(pty.deviceEnd, (Integer) c.get("address"));
        settings = PumpSettings.from(config(c));
        link = new PumpLink(settings.port(), settings.baud(), settings.address(), settings.replyTimeoutMillis());
        driver = new Ne1000Pump(settings, link);
    }

    static SerialPumpConfig config(Map<String, Object> values) {
        return (SerialPumpConfig) Proxy.newProxyInstance(SerialPumpConfig.class.getClassLoader(), new Class<?>[] {SerialPumpConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> SerialPumpConfig.class;
                    case "toString" -> "SerialPumpConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    @Override
    public void close() throws Exception {
        link.close();
        pump.close();
        pty.close();
        try (var s = Files.list(dir)) {
            s.forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }
}

package org.neurolab.runtime;

import java.util.Map;
import java.util.Set;

/**
 * What a lab start can change: the HTTP port and host (the console listens on localhost unless told
 * otherwise), extra framework properties, and development mode (unsigned bundles accepted from deploy/; off unless
 * asked for with {@code --dev-mode} or {@code NEUROLAB_DEV_MODE=1}).
 */
public record LabSettings(String httpHost, int httpPort, Set<String> driverConsumers, Map<String, String> extraProperties, boolean devMode) {
    public static final int DEFAULT_HTTP_PORT = 8080;

    public LabSettings(String httpHost, int httpPort, Set<String> driverConsumers, Map<String, String> extraProperties) {
        this(httpHost, httpPort, driverConsumers, extraProperties, false);
    }

    public LabSettings {
        if (httpPort < 0 || httpPort > 65535) throw new IllegalArgumentException("HTTP port must be 0..65535, was " + httpPort);
        driverConsumers = Set.copyOf(driverConsumers);
        extraProperties = Map.copyOf(extraProperties);
    }

    /** Defaults, overridden by {@code NEUROLAB_HTTP_HOST} and {@code NEUROLAB_HTTP_PORT}. */
    public static LabSettings fromEnvironment() {
        String host = System.getenv().getOrDefault("NEUROLAB_HTTP_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("NEUROLAB_HTTP_PORT", Integer.toString(DEFAULT_HTTP_PORT));
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NEUROLAB_HTTP_PORT must be a port number, was '" + port + "'");
        }
        return new LabSettings(host, p, Set.of("org.neurolab.control"), Map.of(), devModeFrom(System.getenv("NEUROLAB_DEV_MODE")));
    }

    /** {@code NEUROLAB_DEV_MODE}: 1/true/yes turns it on, unset/0/false/no leaves it off; anything else is an error, not a guess. */
    static boolean devModeFrom(String value) {
        if (value == null || value.isBlank()) return false;
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("NEUROLAB_DEV_MODE must be 1 or 0 (true/false), was '" + value + "'");
        };
    }

    public LabSettings withHttpPort(int port) {
        return new LabSettings(httpHost, port, driverConsumers, extraProperties, devMode);
    }

    public LabSettings withDevMode(boolean on) {
        return new LabSettings(httpHost, httpPort, driverConsumers, extraProperties, on);
    }
}

package org.neurolab.runtime;

import java.util.Map;
import java.util.Set;

/**
 * What a lab start can change: the HTTP port and host (the console listens on localhost unless told
 * otherwise) and extra framework properties.
 */
public record LabSettings(String httpHost, int httpPort, Set<String> driverConsumers, Map<String, String> extraProperties) {
    public static final int DEFAULT_HTTP_PORT = 8080;

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
        return new LabSettings(host, p, Set.of("org.neurolab.control"), Map.of());
    }

    public LabSettings withHttpPort(int port) {
        return new LabSettings(httpHost, port, driverConsumers, extraProperties);
    }
}

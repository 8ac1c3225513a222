package org.neurolab.runtime.trust;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The trust side's lines in the lab's log, in the shape of the bundles' SLF4J lines (the launcher has no SLF4J of its own). */
public final class TrustLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private TrustLog() {
    }

    public static void info(String message) {
        System.out.println(line("INFO", message));
    }

    public static void warn(String message) {
        System.err.println(line("WARN", message));
    }

    private static String line(String level, String message) {
        return LocalTime.now().format(TIME) + " [" + Thread.currentThread().getName() + "] " + level + " trust - " + message;
    }
}

package org.neurolab.scripting.internal;

import java.time.Duration;
import java.util.Map;
import org.neurolab.scripting.RunLimits;

/**
 * The lab's own limits for script runs, from {@code deploy/org.neurolab.scripting.cfg} (ConfigAdmin PID
 * {@value #PID}): a ceiling on what any run may ask ({@link RunLimits#within}), and the heap share at which the memory
 * guard ends the biggest allocator. Absent keys keep their defaults; a bad value is refused naming the key.
 *
 * @param ceiling        the most any run gets
 * @param heapPercent    live heap after collection (percent of the maximum) at which the guard acts
 */
record ScriptingSettings(RunLimits ceiling, int heapPercent) {
    static final String PID = "org.neurolab.scripting";
    static final ScriptingSettings DEFAULT = new ScriptingSettings(RunLimits.DEFAULT, 80);

    static ScriptingSettings from(Map<String, ?> config) {
        if (config == null) return DEFAULT;
        RunLimits d = RunLimits.DEFAULT;
        RunLimits ceiling = new RunLimits(d.maxWallTime(), d.maxStatements(), d.maxOutputBytes(),
                Duration.ofMillis(Math.round(number(config, "maxCpuSeconds", d.maxCpuTime().toMillis() / 1000.0, 0.1, 24 * 3600) * 1000)),
                Duration.ofMillis(Math.round(number(config, "maxCallbackMillis", d.maxCallbackTime().toMillis(), 1, 3_600_000))),
                Math.round(number(config, "maxResultBytes", d.maxResultBytes(), 1, 1L << 30)),
                Math.round(number(config, "maxRunResultBytes", d.maxRunResultBytes(), 1, 4L << 30)));
        int heap = (int) Math.round(number(config, "heapPercent", 80, 30, 95));
        return new ScriptingSettings(ceiling, heap);
    }

    private static double number(Map<String, ?> config, String key, double fallback, double min, double max) {
        Object v = config.get(key);
        if (v == null || v.toString().isBlank()) return fallback;
        double d;
        try {
            d = Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID + ": " + key + " must be a number, was '" + v + "'");
        }
        if (!(d >= min && d <= max)) throw new IllegalArgumentException(PID + ": " + key + " must be between " + min + " and " + max + ", was " + v);
        return d;
    }
}

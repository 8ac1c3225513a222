package org.neurolab.recording.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recording component's configuration, parsed from ConfigAdmin's properties with every problem named, so that a
 * file being written, cut short or emptied is told apart from a good one and never replaces the last good one.
 */
record RecordingSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String autoRecord, boolean rawTraces, double thresholdSigmas,
                         boolean adaptiveThreshold, long deadTimeMicros, long blankingMicros, long commitMillis, long telemetryPeriodMillis) {
    static final RecordingSettings DEFAULTS = new RecordingSettings("", "", "", "", false, 6.0, false, 1_000, 10_000, 100, 10_000);

    static final Set<String> KEYS = Set.of("jdbcUrl", "jdbcUser", "jdbcPassword", "autoRecord", "rawTraces", "thresholdSigmas", "adaptiveThreshold",
            "deadTimeMicros", "blankingMicros", "commitMillis", "telemetryPeriodMillis");
    /** Keys ConfigAdmin, FileInstall and DS add (service.pid, felix.fileinstall.filename, the component's own properties) all have a dot; ours none. */
    private static boolean frameworkKey(String k) {
        return k.contains(".") || k.equals("objectClass");
    }

    /** A parse: the settings when {@code problems} is empty. */
    record Parsed(RecordingSettings settings, List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Whether the two need another store. */
    boolean sameStore(RecordingSettings o) {
        return jdbcUrl.equals(o.jdbcUrl) && jdbcUser.equals(o.jdbcUser) && jdbcPassword.equals(o.jdbcPassword);
    }

    /** Whether the lab's automatic recording is the same under both. */
    boolean sameAutomaticRecording(RecordingSettings o) {
        // the detection keys are not compared: detection is the signal path's now, a recording need not restart for them
        return autoRecord.equals(o.autoRecord) && rawTraces == o.rawTraces && commitMillis == o.commitMillis;
    }

    static Parsed parse(Map<String, ?> props) {
        List<String> problems = new ArrayList<>();
        Set<String> given = new TreeSet<>();
        for (String k : props.keySet()) if (!frameworkKey(k)) given.add(k);
        if (given.isEmpty()) return new Parsed(DEFAULTS, List.of("the configuration is empty (a file being written, or emptied?)"));
        for (String k : given) if (!KEYS.contains(k)) problems.add("unknown key '" + k + "' (known: " + new TreeSet<>(KEYS) + ")");
        Reader r = new Reader(props, problems);
        RecordingSettings d = DEFAULTS;
        String url = r.text("jdbcUrl", d.jdbcUrl);
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://") && !url.startsWith("jdbc:h2:"))
            problems.add("jdbcUrl must be empty (the embedded H2 file) or jdbc:postgresql://host:port/db, was '" + url + "'");
        else if (url.startsWith("jdbc:postgresql://") && !url.matches("jdbc:postgresql://[^/]+(:\\d+)?/[^/?]+.*"))
            problems.add("jdbcUrl names no database: '" + url + "' (jdbc:postgresql://host:port/db)");
        String auto = r.text("autoRecord", d.autoRecord);
        if (!auto.isEmpty() && !auto.equals("all") && !auto.matches("[A-Za-z0-9._/-]+(\\s*,\\s*[A-Za-z0-9._/-]+)*"))
            problems.add("autoRecord must be empty, 'all' or organoid ids separated by commas, was '" + auto + "'");
        RecordingSettings s = new RecordingSettings(url, r.text("jdbcUser", d.jdbcUser), r.text("jdbcPassword", d.jdbcPassword), auto,
                r.flag("rawTraces", d.rawTraces), r.number("thresholdSigmas", d.thresholdSigmas, 1, 100), r.flag("adaptiveThreshold", d.adaptiveThreshold),
                r.whole("deadTimeMicros", d.deadTimeMicros, 0, 1_000_000), r.whole("blankingMicros", d.blankingMicros, 0, 10_000_000),
                r.whole("commitMillis", d.commitMillis, 1, 60_000), r.whole("telemetryPeriodMillis", d.telemetryPeriodMillis, 0, 86_400_000));
        return new Parsed(s, List.copyOf(problems));
    }

    static Map<String, Object> toMap(Dictionary<String, ?> d) {
        Map<String, Object> m = new java.util.HashMap<>();
        if (d == null) return m;
        for (var e = d.keys(); e.hasMoreElements(); ) {
            String k = e.nextElement();
            m.put(k, d.get(k));
        }
        return m;
    }

    private record Reader(Map<String, ?> props, List<String> problems) {
        String text(String key, String fallback) {
            Object v = props.get(key);
            return v == null ? fallback : v.toString().strip();
        }

        boolean flag(String key, boolean fallback) {
            Object v = props.get(key);
            if (v == null) return fallback;
            if (v instanceof Boolean b) return b;
            String t = v.toString().strip();
            if (t.equalsIgnoreCase("true")) return true;
            if (t.equalsIgnoreCase("false")) return false;
            problems.add(key + " must be true or false, was '" + t + "'");
            return fallback;
        }

        double number(String key, double fallback, double min, double max) {
            Object v = props.get(key);
            if (v == null) return fallback;
            try {
                double x = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().strip());
                if (!(x >= min && x <= max)) problems.add(key + " must be " + min + ".." + max + ", was " + x);
                return x;
            } catch (NumberFormatException e) {
                problems.add(key + " must be a number, was '" + v + "'");
                return fallback;
            }
        }

        long whole(String key, long fallback, long min, long max) {
            Object v = props.get(key);
            if (v == null) return fallback;
            try {
                long x = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().strip());
                if (x < min || x > max) problems.add(key + " must be " + min + ".." + max + ", was " + x);
                return x;
            } catch (NumberFormatException e) {
                problems.add(key + " must be a whole number, was '" + v + "'");
                return fallback;
            }
        }
    }
}

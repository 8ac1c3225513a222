package org.neurolab.driver.intan.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.Ids;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.driver.intan.internal.rhx.StimPlan;

/**
 * A driver's configuration, checked: every value that is wrong is named with what was expected, before anything
 * connects.
 *
 * @param channels controller channel per electrode (index = electrode)
 */
record DriverSettings(String deviceId, String rigId, String host, int commandPort, int dataPort, int sampleRateHz, List<String> channels,
                      MeaLayout layout, double[] impedancesKilohms, List<Organoid> cultures, String triggerSource, double maxRateHz,
                      long refractoryMicros, int blocksPerWrite, int connectTimeoutMillis, int replyTimeoutMillis, int stallTimeoutMillis,
                      int echoTimeoutMillis, int maxBackoffMillis) {
    private static final Pattern CHANNEL = Pattern.compile("([A-Ha-h])-(\\d{3})");
    private static final Pattern CULTURE_KEY = Pattern.compile("culture\\.([^.]+)\\.(electrodes|cellLine|batch|donorConsentRef|seedingDate|state)");

    static DriverSettings from(Map<String, ?> p) {
        String deviceId = Ids.require(text(p, "deviceId", null), "deviceId");
        String rigId = Ids.require(text(p, "rigId", null), "rigId");
        String host = text(p, "host", "127.0.0.1");
        int commandPort = port(p, "commandPort", 5000);
        int dataPort = port(p, "dataPort", 5001);
        int rate = integer(p, "sampleRateHz", 30_000, 1_000, 30_000);
        List<String> channels = channels(text(p, "channels", null));
        List<Electrode> electrodes = electrodes(p, channels.size());
        MeaLayout layout = new MeaLayout(deviceId, electrodes, rate);
        double[] impedances = impedances(text(p, "impedancesKilohms", ""), channels.size());
        List<Organoid> cultures = cultures(p, deviceId, channels.size());
        String trigger;
        try {
            trigger = StimPlan.requireTriggerSource(text(p, "triggerSource", "KeyPressF1"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        double maxRate = decimal(p, "maxRateHz", 1000.0);
        if (!(maxRate > 0)) throw new IllegalArgumentException("maxRateHz must be > 0, was " + maxRate);
        return new DriverSettings(deviceId, rigId, host, commandPort, dataPort, rate, channels, layout, impedances, cultures, trigger, maxRate,
                integer(p, "refractoryMicros", 1000, 0, 1_000_000), integer(p, "blocksPerWrite", 1, 1, 100),
                integer(p, "connectTimeoutMillis", 2000, 1, 600_000), integer(p, "replyTimeoutMillis", 2000, 1, 600_000),
                integer(p, "stallTimeoutMillis", 2000, 1, 600_000), integer(p, "echoTimeoutMillis", 500, 1, 600_000),
                integer(p, "maxBackoffMillis", 30_000, 1, 3_600_000));
    }

    /** {@code A-000..A-031,B-000} → native names in order; each channel once. */
    static List<String> channels(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("channels is required: the controller channels in electrode order, e.g. A-000..A-031");
        List<String> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            String[] range = s.split("\\.\\.", -1);
            if (range.length > 2) throw new IllegalArgumentException("channels: '" + s + "' is not a channel (A-000) or a range (A-000..A-031)");
            Matcher a = CHANNEL.matcher(range[0].trim()), b = CHANNEL.matcher(range[range.length - 1].trim());
            if (!a.matches() || !b.matches())
                throw new IllegalArgumentException("channels: '" + s + "' is not a channel name like A-000 (port A-H, three-digit channel)");
            String port = a.group(1).toUpperCase(Locale.ROOT);
            if (!port.equals(b.group(1).toUpperCase(Locale.ROOT)))
                throw new IllegalArgumentException("channels: range '" + s + "' spans two ports; write one range per port");
            int from = Integer.parseInt(a.group(2)), to = Integer.parseInt(b.group(2));
            if (to < from) throw new IllegalArgumentException("channels: range '" + s + "' runs backwards");
            for (int c = from; c <= to; c++) out.add(String.format(Locale.ROOT, "%s-%03d", port, c));
        }
        Set<String> seen = new HashSet<>();
        for (String c : out) if (!seen.add(c)) throw new IllegalArgumentException("channels: " + c + " is listed twice");
        if (out.isEmpty()) throw new IllegalArgumentException("channels names no channel");
        return List.copyOf(out);
    }

    private static List<Electrode> electrodes(Map<String, ?> p, int n) {
        double diameter = decimal(p, "electrodeDiameterMicrons", 30.0);
        String positions = text(p, "positions", "");
        List<Electrode> out = new ArrayList<>();
        if (!positions.isBlank()) {
            String[] xy = positions.split(",");
            if (xy.length != n) throw new IllegalArgumentException("positions gives " + xy.length + " electrodes, channels names " + n);
            for (int i = 0; i < n; i++) {
                String[] v = xy[i].trim().split(":");
                if (v.length != 2) throw new IllegalArgumentException("positions: electrode " + i + " is '" + xy[i].trim() + "', expected x:y in µm");
                try {
                    out.add(new Electrode(i, Double.parseDouble(v[0]), Double.parseDouble(v[1]), diameter));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("positions: electrode " + i + " is '" + xy[i].trim() + "', expected x:y in µm");
                }
            }
        } else {
            int columns = integer(p, "columns", 8, 1, 4096);
            double pitch = decimal(p, "pitchMicrons", 200.0);
            for (int i = 0; i < n; i++) out.add(new Electrode(i, (i % columns) * pitch, (i / columns) * pitch, diameter));
        }
        return out;
    }

    private static double[] impedances(String spec, int n) {
        if (spec.isBlank()) return null;
        String[] v = spec.split(",");
        if (v.length != n) throw new IllegalArgumentException("impedancesKilohms gives " + v.length + " values for " + n + " electrodes");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Double.parseDouble(v[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("impedancesKilohms: electrode " + i + " is '" + v[i].trim() + "', not a number of kΩ");
            }
            if (!(out[i] > 0) || !Double.isFinite(out[i])) throw new IllegalArgumentException("impedancesKilohms: electrode " + i + " must be > 0 kΩ");
        }
        return out;
    }

    private static List<Organoid> cultures(Map<String, ?> p, String meaId, int electrodes) {
        TreeSet<String> ids = new TreeSet<>();
        for (String k : p.keySet()) {
            Matcher m = CULTURE_KEY.matcher(k);
            if (m.matches()) ids.add(m.group(1));
            else if (k.startsWith("culture.")) throw new IllegalArgumentException("unknown culture key '" + k + "': use culture.<id>.electrodes, "
                    + ".cellLine, .batch, .donorConsentRef, .seedingDate, .state");
        }
        List<Organoid> out = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (String id : ids) {
            String base = "culture." + id + ".";
            List<Integer> es = electrodeList(text(p, base + "electrodes", null), base + "electrodes", electrodes);
            for (int e : es) if (!taken.add(e)) throw new IllegalArgumentException(base + "electrodes: electrode " + e + " is under another culture too");
            LocalDate seeded;
            try {
                seeded = LocalDate.parse(text(p, base + "seedingDate", null));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(base + "seedingDate must be a date like 2026-09-01");
            }
            CultureState state;
            try {
                state = CultureState.valueOf(text(p, base + "state", "ACTIVE").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(base + "state must be ACTIVE, ON_HOLD or RETIRED");
            }
            out.add(new Organoid(id, meaId, es, new Provenance(text(p, base + "cellLine", null), text(p, base + "batch", null),
                    text(p, base + "donorConsentRef", null), seeded), state));
        }
        return List.copyOf(out);
    }

    static List<Integer> electrodeList(String spec, String key, int electrodes) {
        if (spec == null) throw new IllegalArgumentException(key + " is required, e.g. 0-7");
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String s = part.trim();
            try {
                int dash = s.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(s.substring(dash + 1).trim());
                for (int e = from; e <= to; e++) {
                    if (e < 0 || e >= electrodes) throw new IllegalArgumentException(key + ": electrode " + e + " is outside the array (0.." + (electrodes - 1) + ")");
                    out.add(e);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + s + "' is not an electrode or a range like 0-7");
            }
        }
        return out;
    }

    private static String text(Map<String, ?> p, String key, String dflt) {
        Object v = p.get(key);
        if (v == null || v.toString().isBlank()) {
            if (dflt == null) throw new IllegalArgumentException(key + " is required");
            return dflt;
        }
        return v.toString().trim();
    }

    private static int integer(Map<String, ?> p, String key, int dflt, int min, int max) {
        String s = text(p, key, Integer.toString(dflt));
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + s + "'");
        }
        if (v < min || v > max) throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", was " + v);
        return v;
    }

    private static int port(Map<String, ?> p, String key, int dflt) {
        return integer(p, key, dflt, 1, 65_535);
    }

    private static double decimal(Map<String, ?> p, String key, double dflt) {
        String s = text(p, key, Double.toString(dflt));
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + s + "'");
        }
    }
}

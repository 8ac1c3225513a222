package org.neurolab.scheduling.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's settings, checked: quotas (total length of a user's bookings that have not ended), the longest slot,
 * the incubator's safe range, the least medium flow, and how long conditions must be back before a run resumes.
 */
record SchedulingSettings(boolean enforceReservations, Duration defaultQuota, Map<String, Duration> quotas, Duration maxSlot,
                          double temperatureMinCelsius, double temperatureMaxCelsius, double co2MinPercent, double co2MaxPercent,
                          double minFlowMicrolitresPerMinute, Duration resumeAfter, Map<String, String> pumpOfMea, String runtimeId) {

    SchedulingSettings {
        if (defaultQuota.isNegative() || defaultQuota.isZero()) throw new IllegalArgumentException("the default quota must be positive, was " + defaultQuota);
        if (maxSlot.isNegative() || maxSlot.isZero()) throw new IllegalArgumentException("the longest slot must be positive, was " + maxSlot);
        if (!(temperatureMinCelsius < temperatureMaxCelsius)) throw new IllegalArgumentException("temperature range: min must be below max");
        if (!(co2MinPercent < co2MaxPercent)) throw new IllegalArgumentException("CO2 range: min must be below max");
        if (resumeAfter.isNegative()) throw new IllegalArgumentException("resumeAfter must be >= 0");
        quotas = Map.copyOf(quotas);
        pumpOfMea = Map.copyOf(pumpOfMea);
    }

    static SchedulingSettings defaults(String runtimeId) {
        return new SchedulingSettings(true, Duration.ofHours(40), Map.of(), Duration.ofHours(24), 36.0, 38.0, 4.5, 5.5, 1.0, Duration.ofSeconds(30), Map.of(),
                runtimeId);
    }

    Duration quotaOf(String user) {
        return quotas.getOrDefault(user, defaultQuota);
    }

    /** The pump feeding an array: configured, else the rig's pump named like it ({@code rig/mea2} → {@code rig/pump2}), else the rig's only pump. */
    String pumpOf(String meaId, List<String> rigPumps) {
        String configured = pumpOfMea.get(meaId);
        if (configured != null) return configured;
        int slash = meaId.lastIndexOf("/mea");
        if (slash >= 0) {
            String guess = meaId.substring(0, slash) + "/pump" + meaId.substring(slash + 4);
            if (rigPumps.contains(guess)) return guess;
        }
        return rigPumps.size() == 1 ? rigPumps.getFirst() : null;
    }

    /** {@code ["alice=10", "bob=2.5"]} (hours) → quotas. */
    static Map<String, Duration> parseQuotas(String[] entries) {
        Map<String, Duration> out = new HashMap<>();
        for (String[] kv : pairs(entries, "userQuotaHours")) {
            try {
                double h = Double.parseDouble(kv[1]);
                if (!(h > 0)) throw new NumberFormatException();
                out.put(kv[0], Duration.ofMinutes(Math.round(h * 60)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("userQuotaHours: '" + kv[1] + "' for " + kv[0] + " is not a positive number of hours");
            }
        }
        return out;
    }

    static Map<String, String> parseMap(String[] entries, String name) {
        Map<String, String> out = new HashMap<>();
        for (String[] kv : pairs(entries, name)) out.put(kv[0], kv[1]);
        return out;
    }

    private static List<String[]> pairs(String[] entries, String name) {
        List<String[]> out = new java.util.ArrayList<>();
        if (entries == null) return out;
        for (String entry : entries) {
            for (String item : entry.split(",")) {
                String t = item.trim();
                if (t.isEmpty()) continue;
                int eq = t.indexOf('=');
                if (eq <= 0 || eq == t.length() - 1) throw new IllegalArgumentException(name + ": '" + t + "' is not key=value");
                out.add(new String[]{t.substring(0, eq).trim(), t.substring(eq + 1).trim()});
            }
        }
        return out;
    }
}

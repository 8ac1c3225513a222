package org.neurolab.driver.mqttenv.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest value of each measured quantity and whether it is still current. A value older than the limit is stale: it
 * is not served as current. Transitions (current → stale, stale → current) are reported once each, whoever polls how often.
 * Times are wall-clock milliseconds: a publisher's timestamps are wall-clock times too.
 */
final class Freshness {
    /** What is known of one quantity at a moment. */
    record Status(Quantity quantity, boolean received, double value, long atMillis, boolean stale, long staleSinceMillis) {
        /** For messages: {@code temperature stale since 2026-12-03T17:40:12Z (last 36.90 °C at ...; limit 60 s)}. */
        String describe(long limitMillis) {
            String limit = "limit " + limitMillis / 1000.0 + " s";
            if (!received) return quantity.label + " never received (waiting since " + Instant.ofEpochMilli(atMillis) + "; " + limit + ")";
            if (!stale) return quantity.label + " " + quantity.show(value) + " at " + Instant.ofEpochMilli(atMillis);
            return quantity.label + " stale since " + Instant.ofEpochMilli(staleSinceMillis) + " (last " + quantity.show(value) + " at "
                    + Instant.ofEpochMilli(atMillis) + "; " + limit + ")";
        }
    }

    /** A quantity became stale or current again. */
    record Transition(Status status, boolean nowStale) {
    }

    private record Latest(double value, long atMillis) {
    }

    private final Set<Quantity> measured;
    private final long limitMillis;
    private final long startedMillis;
    private final Map<Quantity, Latest> latest = new EnumMap<>(Quantity.class);
    private final Map<Quantity, Boolean> reportedStale = new EnumMap<>(Quantity.class);

    Freshness(Set<Quantity> measured, long limitMillis, long startedMillis) {
        this.measured = Set.copyOf(measured);
        this.limitMillis = limitMillis;
        this.startedMillis = startedMillis;
        // nothing received yet counts as current until the limit has passed once: no alarm in the first seconds of a start
        for (Quantity q : measured) reportedStale.put(q, false);
    }

    long limitMillis() {
        return limitMillis;
    }

    Set<Quantity> measured() {
        return measured;
    }

    /** A value measured at {@code atMillis}; an older value arriving late does not replace a newer one. */
    synchronized void accept(Quantity q, double value, long atMillis) {
        Latest old = latest.get(q);
        if (old == null || atMillis >= old.atMillis()) latest.put(q, new Latest(value, atMillis));
    }

    synchronized Status status(Quantity q, long nowMillis) {
        Latest l = latest.get(q);
        if (l == null) return new Status(q, false, Double.NaN, startedMillis, true, startedMillis + limitMillis);
        long since = l.atMillis() + limitMillis;
        return new Status(q, true, l.value(), l.atMillis(), nowMillis > since, since);
    }

    /** The transitions since the last call; the caller logs them. */
    synchronized List<Transition> transitions(long nowMillis) {
        List<Transition> out = new ArrayList<>();
        for (Quantity q : measured) {
            Status s = status(q, nowMillis);
            boolean alarm = s.stale() && (s.received() || nowMillis > startedMillis + limitMillis);
            if (alarm != reportedStale.get(q)) {
                reportedStale.put(q, alarm);
                out.add(new Transition(s, alarm));
            }
        }
        return out;
    }
}

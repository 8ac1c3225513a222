package org.neurolab.driver.mqttenv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshnessTest {
    final Freshness f = new Freshness(EnumSet.of(Quantity.TEMPERATURE, Quantity.DOOR), 10_000, 1_000_000);

    @Test
    void a_value_is_current_until_the_limit_and_stale_after_it() {
        f.accept(Quantity.TEMPERATURE, 37.0, 1_000_000);
        assertFalse(f.status(Quantity.TEMPERATURE, 1_010_000).stale(), "at the limit still current");
        Freshness.Status s = f.status(Quantity.TEMPERATURE, 1_010_001);
        assertTrue(s.stale());
        assertEquals(1_010_000, s.staleSinceMillis());
        assertTrue(s.describe(10_000).startsWith("temperature stale since 1970-01-01T00:16:50Z (last 37.00 °C"), s.describe(10_000));
    }

    @Test
    void nothing_received_is_never_current_but_alarms_only_after_the_limit() {
        assertTrue(f.status(Quantity.TEMPERATURE, 1_000_001).stale());
        assertEquals(List.of(), f.transitions(1_005_000), "no alarm while the first readings may still come");
        List<Freshness.Transition> t = f.transitions(1_010_001);
        assertEquals(2, t.size());
        assertTrue(t.get(0).nowStale());
        assertTrue(t.get(0).status().describe(10_000).contains("never received"), t.get(0).status().describe(10_000));
    }

    @Test
    void each_transition_is_reported_once_however_often_one_polls() {
        f.accept(Quantity.TEMPERATURE, 37.0, 1_000_000);
        f.accept(Quantity.DOOR, 0, 1_000_000);
        assertEquals(List.of(), f.transitions(1_005_000));
        assertEquals(2, f.transitions(1_020_000).size());
        for (int i = 0; i < 100; i++) assertEquals(List.of(), f.transitions(1_020_000 + i * 10L), "stale stays stale, said once");
        f.accept(Quantity.TEMPERATURE, 37.2, 1_030_000);
        List<Freshness.Transition> back = f.transitions(1_030_001);
        assertEquals(1, back.size());
        assertFalse(back.get(0).nowStale());
        assertEquals(Quantity.TEMPERATURE, back.get(0).status().quantity());
    }

    @Test
    void a_late_older_message_does_not_replace_a_newer_value() {
        f.accept(Quantity.TEMPERATURE, 37.5, 1_002_000);
        f.accept(Quantity.TEMPERATURE, 30.0, 1_001_000);
        assertEquals(37.5, f.status(Quantity.TEMPERATURE, 1_002_000).value());
    }
}

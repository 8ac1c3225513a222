package org.neurolab.driver.intan.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurolab.api.lab.Organoid;

/** The configuration file's values, and the words for each that is wrong. */
class DriverSettingsTest {
    private static Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put("deviceId", "rig1/mea0");
        p.put("rigId", "rig1");
        p.put("channels", "A-000..A-003, b-010..B-011");
        return p;
    }

    @Test
    void channels_layout_and_cultures() {
        Map<String, Object> p = base();
        p.put("columns", "3");
        p.put("pitchMicrons", "100");
        p.put("culture.rig1-mea0-o1.electrodes", "0-2,5");
        p.put("culture.rig1-mea0-o1.cellLine", "HUES-9");
        p.put("culture.rig1-mea0-o1.batch", "B1");
        p.put("culture.rig1-mea0-o1.donorConsentRef", "consent-0042");
        p.put("culture.rig1-mea0-o1.seedingDate", "2026-09-01");
        DriverSettings s = DriverSettings.from(p);
        assertEquals(List.of("A-000", "A-001", "A-002", "A-003", "B-010", "B-011"), s.channels());
        assertEquals(6, s.layout().electrodeCount());
        assertEquals(200, s.layout().electrode(5).xMicrons());
        assertEquals(100, s.layout().electrode(5).yMicrons());
        Organoid o = s.cultures().get(0);
        assertEquals(List.of(0, 1, 2, 5), o.electrodes());
        assertEquals("rig1/mea0", o.meaId());
        assertEquals("KeyPressF1", s.triggerSource());
    }

    @Test
    void the_example_configuration_the_distribution_ships_is_valid() throws Exception {
        java.util.Properties cfg = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("../../runtime/src/main/dist/examples/org.neurolab.driver.intan-rig1.cfg"))) {
            cfg.load(in);
        }
        Map<String, Object> p = new HashMap<>();
        cfg.forEach((k, v) -> p.put(k.toString(), v));
        DriverSettings s = DriverSettings.from(p);
        assertEquals(32, s.layout().electrodeCount());
        assertEquals("B-015", s.channels().get(31));
        assertEquals(List.of("rig1-mea0-o1", "rig1-mea0-o2"), s.cultures().stream().map(Organoid::id).toList());
    }

    @Test
    void what_is_wrong_is_named() {
        assertRefused("channels is required", p -> p.remove("channels"));
        assertRefused("A-000 is listed twice", p -> p.put("channels", "A-000..A-002,A-000"));
        assertRefused("not a channel name", p -> p.put("channels", "A-0"));
        assertRefused("spans two ports", p -> p.put("channels", "A-000..B-003"));
        assertRefused("positions gives 2 electrodes, channels names 6", p -> p.put("positions", "0:0,1:1"));
        assertRefused("impedancesKilohms gives 1 values for 6 electrodes", p -> p.put("impedancesKilohms", "50"));
        assertRefused("trigger source must be", p -> p.put("triggerSource", "F1"));
        assertRefused("commandPort must be 1..65535", p -> p.put("commandPort", "70000"));
        assertRefused("electrode 8 is outside the array (0..5)", p -> {
            p.put("culture.o1.electrodes", "8-9");
            p.put("culture.o1.cellLine", "x");
        });
        assertRefused("unknown culture key 'culture.o1.cells'", p -> p.put("culture.o1.cells", "8"));
    }

    private static void assertRefused(String words, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> p = base();
        change.accept(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriverSettings.from(p));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}

package org.neurolab.api.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabModelTest {
    static final Provenance PROVENANCE = new Provenance("HUES-9", "B1", "consent-1", LocalDate.of(2026, 9, 1));

    @Test
    void ids_are_checked_and_the_error_names_the_field() {
        assertEquals("rig1/mea0", Ids.require("rig1/mea0", "MEA id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ids.require("", "MEA id")).getMessage().startsWith("MEA id must be"));
        assertThrows(IllegalArgumentException.class, () -> Ids.require("a b", "x"));
        assertThrows(IllegalArgumentException.class, () -> Ids.require("<script>", "x"));
        assertThrows(IllegalArgumentException.class, () -> Ids.require("rig/../etc", "x"));
        assertThrows(IllegalArgumentException.class, () -> Ids.require(null, "x"));
    }

    @Test
    void layout_refuses_electrodes_outside_the_array() {
        MeaLayout layout = new MeaLayout("rig1/mea0", List.of(new Electrode(0, 0, 0, 30), new Electrode(1, 100, 0, 30)), 30_000);
        assertEquals(2, layout.electrodeCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.electrode(2));
        assertEquals("electrode 2 is outside MEA rig1/mea0 (0..1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MeaLayout("m", List.of(new Electrode(1, 0, 0, 30)), 30_000));
        assertThrows(IllegalArgumentException.class, () -> new MeaLayout("m", List.of(new Electrode(0, 0, 0, 30)), 0));
    }

    @Test
    void electrode_area_is_in_square_centimetres() {
        assertEquals(Math.PI * 15e-4 * 15e-4, new Electrode(0, 0, 0, 30).areaSquareCentimetres(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new Electrode(0, 0, 0, 0));
    }

    @Test
    void organoid_electrodes_must_be_distinct() {
        Organoid o = new Organoid("o1", "rig1/mea0", List.of(0, 1, 2), PROVENANCE, CultureState.ACTIVE);
        assertTrue(o.covers(2));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Organoid("o1", "m", List.of(1, 1), PROVENANCE, CultureState.ACTIVE)).getMessage().contains("repeat"));
        assertThrows(IllegalArgumentException.class, () -> new Organoid("o1", "m", List.of(), PROVENANCE, CultureState.ACTIVE));
        assertThrows(NullPointerException.class, () -> new Organoid("o1", "m", List.of(0), null, CultureState.ACTIVE));
    }
}

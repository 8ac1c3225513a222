package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CultureEntryTest {
    @Test
    void electrodes_accept_ranges_and_single_indices() {
        assertEquals(List.of(0, 1, 2, 3), CultureEntry.parseElectrodes("o", "0-3"));
        assertEquals(List.of(0, 2, 4, 5, 6), CultureEntry.parseElectrodes("o", "0, 2, 4-6"));
    }

    @Test
    void bad_electrode_specs_say_what_is_expected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CultureEntry.parseElectrodes("o1", "a-b")).getMessage()
                .contains("culture o1: electrodes must be indices and ranges"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CultureEntry.parseElectrodes("o1", "7-3")).getMessage().contains("backwards"));
        assertThrows(IllegalArgumentException.class, () -> CultureEntry.parseElectrodes("o1", " "));
    }
}

package org.neurolab.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnvironmentReadingTest {
    @Test
    void the_four_value_reading_measures_neither_o2_nor_the_door() {
        EnvironmentReading r = new EnvironmentReading(5, 37.0, 5.0, 95.0);
        assertFalse(r.measuresO2());
        assertTrue(Double.isNaN(r.o2Percent()));
        assertEquals(DoorState.UNKNOWN, r.door());
    }

    @Test
    void o2_and_door_when_measured() {
        EnvironmentReading r = new EnvironmentReading(5, 37.0, 5.0, 95.0, 18.5, DoorState.CLOSED);
        assertTrue(r.measuresO2());
        assertEquals(18.5, r.o2Percent());
        assertEquals(DoorState.CLOSED, r.door());
        assertEquals(DoorState.UNKNOWN, new EnvironmentReading(5, 37.0, 5.0, 95.0, Double.NaN, null).door(), "no door state is unknown");
    }

    @Test
    void o2_outside_a_percentage_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new EnvironmentReading(5, 37.0, 5.0, 95.0, 120, DoorState.OPEN));
        assertThrows(IllegalArgumentException.class, () -> new EnvironmentReading(5, 37.0, 5.0, 95.0, -1, DoorState.OPEN));
        assertThrows(IllegalArgumentException.class, () -> new EnvironmentReading(5, 37.0, 5.0, 95.0, Double.POSITIVE_INFINITY, DoorState.OPEN));
    }
}

package org.neurolab.dosing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void acceptsAmountsAndConcentrationsWrittenExactly() {
        assertEquals(1e-3, Units.parse("pmol").factor());
        assertEquals(Units.Kind.AMOUNT, Units.parse("nmol").kind());
        assertEquals(1e3, Units.parse("µmol").factor());
        assertEquals(1e3, Units.parse("umol").factor());
        assertEquals(Units.Kind.CONCENTRATION, Units.parse("µM").kind());
        assertEquals(1.0, Units.parse("uM").factor());
        assertEquals(1e-3, Units.parse("nM").factor());
        assertEquals(1e3, Units.parse(" mM ").factor());
    }

    @Test
    void refusesLengthsMassesVolumesAndUnknownsSayingWhatToWrite() {
        assertTrue(message("nm").contains("nanometres") && message("nm").contains("nM"));
        assertTrue(message("um").contains("µM"));
        assertTrue(message("mm").contains("mM"));
        assertTrue(message("mg").contains("mass"));
        assertTrue(message("ml").contains("volume"));
        assertTrue(message("furlongs").contains("unknown dose unit 'furlongs'"));
        assertTrue(message("").contains("unknown dose unit"));
    }

    private static String message(String unit) {
        return assertThrows(IllegalArgumentException.class, () -> Units.parse(unit)).getMessage();
    }
}

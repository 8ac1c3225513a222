package org.neurolab.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DryRunMarginTest {
    @Test
    void a_fixed_part_and_a_share_of_the_estimate() {
        assertEquals(2_000_000, DryRunMargin.boundMicros(0));
        assertEquals(107_000_000, DryRunMargin.boundMicros(100_000_000));
        assertEquals(40_000_000 + 2_000_000 + 2_000_000, DryRunMargin.boundMicros(40_000_000));
    }

    @Test
    void a_negative_estimate_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> DryRunMargin.boundMicros(-1));
    }
}

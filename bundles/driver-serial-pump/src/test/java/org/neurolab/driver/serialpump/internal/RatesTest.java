package org.neurolab.driver.serialpump.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RatesTest {
    @Test
    void numbers_have_at_most_four_digits_and_three_decimals() {
        assertEquals("14.43", Rates.pumpFloat(14.43));
        assertEquals("0.738", Rates.pumpFloat(0.7381));
        assertEquals("1000", Rates.pumpFloat(999.96));
        assertEquals("123.5", Rates.pumpFloat(123.456));
        assertNull(Rates.pumpFloat(10_000));
        assertNull(Rates.pumpFloat(0.0001));
    }

    @Test
    void a_rate_goes_in_the_unit_that_keeps_most_of_its_digits() {
        assertEquals("300.0 UH", Rates.rateArgument(5));
        assertEquals("0.600 UH", Rates.rateArgument(0.01));
        assertEquals("1500 UM", Rates.rateArgument(1500));
        assertEquals("720.0 MH", Rates.rateArgument(12_000));
        assertEquals(5, Rates.parseRate("300.0UH"), 1e-9);
        assertEquals(1250, Rates.parseRate("1.250MM"), 1e-9);
    }
}

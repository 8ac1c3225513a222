package org.neurolab.ethics.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;

/** Shannon k at and around its ceiling (the shipped policy's density limit binds first on 30 µm contacts, so k is tested here). */
class RulesTest {
    @ParameterizedTest(name = "{0} µA x {1} µs on {2} µm -> k {3}")
    @CsvSource({
            // amplitude, phase, diameter, expected k; Q = a*t*1e-6 µC, A = pi (d/2 * 1e-4)^2
            "10, 200, 30, -0.2474",
            "20, 200, 30, 0.3547",
            "100, 1000, 30, 3.1507",
    })
    void shannon_k_follows_log_d_plus_log_q(double amp, long phase, double diameter, double expected) {
        StimulationPolicy p = new StimulationPolicy("s", 1, diameter, List.of());
        double k = Rules.shannonK(Pulse.biphasic(Polarity.CATHODIC_FIRST, amp, phase, 0), p);
        assertEquals(expected, k, 1e-3);
    }

    @ParameterizedTest(name = "{0} µA x 1000 µs vs k <= 1.85")
    @CsvSource({"22.3, true", "22.4, false"})
    void shannon_ceiling_boundary(double amp, boolean allowed) {
        // 30 µm contact, 1000 µs phases: k = log10(Q^2/A) reaches 1.85 at Q = sqrt(10^1.85 * 7.0686e-6) = 0.02237 µC
        Limit k = new Limit("stim.shannon-k", 1, "shannon-k", 1.85, 0, 0, "");
        StimulationPolicy p = new StimulationPolicy("s", 1, 30, List.of(k));
        double value = Rules.shannonK(Pulse.biphasic(Polarity.CATHODIC_FIRST, amp, 1000, 0), p);
        assertEquals(allowed, value <= 1.85, "k = " + value);
        assertTrue(Rules.fmt(value).startsWith("1.8"), Rules.fmt(value));
    }
}

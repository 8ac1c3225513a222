package org.neurolab.dosing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The model against its closed form: each dose decays on its own, C(t) = Σ aᵢ/V · 2^(−(t−tᵢ)/h) · Π exchanges after tᵢ. */
class ChamberChemistryTest {
    static final double V = 200, H = 600;
    static final long S = 1_000_000;

    @Test
    void singleDoseDecaysWithItsHalfLife() {
        ChamberChemistry c = new ChamberChemistry(V);
        double after = c.dose("glutamate", 2, H, 10 * S);
        assertEquals(2 / V * 1e3, after, 1e-12, "2 nmol in 200 µL is 10 µM");
        for (long t : new long[] {10, 70, 610, 1210, 5000}) {
            double closed = 10.0 * Math.pow(2, -(t - 10) / H);
            assertEquals(closed, c.micromolar("glutamate", t * S), 1e-9 * Math.max(1, closed), "at t=" + t + " s");
        }
        assertEquals(5.0, c.micromolar("glutamate", 610 * S), 1e-9, "one half-life later, half is left");
    }

    @Test
    void repeatedDosesAddUpAsTheClosedFormSays() {
        ChamberChemistry c = new ChamberChemistry(V);
        long[] at = {0, 120, 300, 900};
        double[] nmol = {1, 0.5, 2, 0.25};
        int next = 0;
        for (long t = 0; t <= 3600; t += 37) {
            while (next < at.length && at[next] <= t) {
                c.dose("gaba", nmol[next], H, at[next] * S);
                next++;
            }
            double closed = 0;
            for (int i = 0; i < at.length; i++) if (at[i] <= t) closed += nmol[i] / V * 1e3 * Math.pow(2, -(t - at[i]) / H);
            assertEquals(closed, c.micromolar("gaba", t * S), 1e-9 * Math.max(1, closed), "at t=" + t + " s");
        }
    }

    @Test
    void mediumExchangeLeavesExpOfMinusVolumeOverChamber() {
        ChamberChemistry c = new ChamberChemistry(V);
        c.dose("dopamine", 1, 300, 0);
        c.dose("serotonin", 1, 900, 0);
        double left = c.exchange(100, 60 * S);
        assertEquals(Math.exp(-0.5), left, 1e-12);
        double t = 200;
        assertEquals(5.0 * Math.pow(2, -t / 300) * Math.exp(-0.5), c.micromolar("dopamine", (long) (t * S)), 1e-9);
        assertEquals(5.0 * Math.pow(2, -t / 900) * Math.exp(-0.5), c.micromolar("serotonin", (long) (t * S)), 1e-9);
        c.dose("dopamine", 1, 300, 200 * S);
        assertEquals(5.0 * Math.pow(2, -t / 300) * Math.exp(-0.5) + 5.0, c.micromolar("dopamine", 200 * S), 1e-9, "a dose after the exchange is not diluted by it");
    }

    @Test
    void washedOutCompoundsLeaveTheListing() {
        ChamberChemistry c = new ChamberChemistry(V);
        c.dose("glutamate", 1, 1, 0);
        assertTrue(c.all(0).containsKey("glutamate"));
        assertTrue(c.all(100 * S).isEmpty(), "after 100 half-lives nothing is left to list");
    }
}

package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.SpikeBatch;

/** A closed-loop callback sees its culture's spikes only: the array's other cultures may be another researcher's. */
class OwnSpikesTest {
    @Test
    void only_the_cultures_electrodes_with_their_waveforms_and_nothing_when_none_is_its() {
        SpikeBatch b = new SpikeBatch("m/mea0", 3, new int[]{1, 9, 2}, new long[]{10, 20, 30}, new float[]{-1, -9, -2}, 2, 1,
                new float[]{1, 1, 9, 9, 2, 2});
        SpikeBatch own = LabApi.ownSpikes(b, Set.of(1, 2));
        assertArrayEquals(new int[]{1, 2}, own.electrodes());
        assertArrayEquals(new long[]{10, 30}, own.timesMicros());
        assertArrayEquals(new float[]{1, 1, 2, 2}, own.snippets());
        assertNull(LabApi.ownSpikes(b, Set.of(5)), "no callback for another culture's activity");
        assertEquals(3, LabApi.ownSpikes(b, Set.of(1, 2, 9)).count());
    }
}

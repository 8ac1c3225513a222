package org.neurolab.api.signal;

import org.neurolab.api.lab.Ids;

/**
 * One detected spike, for queries and small results. The stream itself carries {@link SpikeBatch}es.
 *
 * @param meaId                the array
 * @param electrode            electrode index on that array
 * @param timeMicros           lab time of the peak, µs
 * @param amplitudeMicrovolts  peak extracellular voltage (negative for the usual trough)
 */
public record SpikeEvent(String meaId, int electrode, long timeMicros, float amplitudeMicrovolts) {
    public SpikeEvent {
        Ids.require(meaId, "MEA id");
        if (electrode < 0) throw new IllegalArgumentException("electrode must be >= 0, was " + electrode);
        if (!Float.isFinite(amplitudeMicrovolts)) throw new IllegalArgumentException("spike amplitude must be finite");
    }
}

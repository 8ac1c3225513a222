package org.neurolab.simulator.internal.engine;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the spikes of one time step as one batch, on the thread that steps the network. */
@ConsumerType
@FunctionalInterface
public interface SpikeListener {

    /**
     * @param step    the time step the spikes happened in (time = step × dt)
     * @param neurons indices of the neurons that fired, ascending, in {@code neurons[0..count)};
     *                the array is the engine's own and is overwritten next step: copy what you keep
     * @param count   how many neurons fired, at least 1 (steps without spikes are not reported)
     */
    void onSpikes(long step, int[] neurons, int count);
}

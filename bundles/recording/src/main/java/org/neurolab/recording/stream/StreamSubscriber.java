package org.neurolab.recording.stream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the stream on its own delivery thread, never on the acquisition thread. A slow subscriber only
 * loses its own batches (its buffer is bounded) and is told how many through {@link #onMissed}.
 */
@ConsumerType
public interface StreamSubscriber {
    void onSpikes(SpikeEvents spikes);

    default void onStimulations(StimulationEvents stimulations) {
    }

    /** Only for subscriptions that asked for traces. */
    default void onTrace(TraceBlock trace) {
    }

    /** Batches this subscriber missed since the last report because its buffer was full. */
    default void onMissed(MissedReport missed) {
    }
}

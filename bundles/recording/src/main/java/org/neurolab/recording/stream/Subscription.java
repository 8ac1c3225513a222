package org.neurolab.recording.stream;

import org.osgi.annotation.versioning.ProviderType;

/** A live subscription; closing it stops delivery. */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** Batches handed to the subscriber. */
    long deliveredBatches();

    /** Batches dropped because the buffer was full (spike, stimulation and trace batches). */
    long missedBatches();

    /** Spike events in the dropped batches. */
    long missedSpikes();

    /** Trace blocks among the dropped batches (counted apart: a lost trace block loses samples, not spikes). */
    long missedTraceBlocks();

    @Override
    void close();
}

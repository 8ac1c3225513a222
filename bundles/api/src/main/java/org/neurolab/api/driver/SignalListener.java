package org.neurolab.api.driver;

import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what an array records. Called on the driver's acquisition thread: return quickly, never block,
 * copy what you keep.
 */
@ConsumerType
public interface SignalListener {
    void onSpikes(SpikeBatch batch);

    /** Raw samples, delivered only to listeners registered with {@code wantsRaw = true}. */
    default void onSamples(RawSampleBlock block) {
    }

    /**
     * The array's data is complete up to {@code completeUpToMicros} (lab time): every spike and sample before it has been
     * delivered, and nothing earlier will follow. Non-decreasing per array. Windows, waits and queries that end at "now"
     * are answered from data below the watermark only; a source that falls behind holds its watermark back and says so.
     */
    default void onWatermark(String meaId, long completeUpToMicros) {
    }

    /**
     * Data of the array between {@code fromMicros} (inclusive) and {@code toMicros} (exclusive) is missing for good: a
     * dropped connection, simulation time shed because the rig fell behind, a buffer overrun in the instrument. The
     * watermark moves past the gap; recordings, exports and queries show it as a gap, not as silence.
     */
    default void onGap(String meaId, long fromMicros, long toMicros, String reason) {
    }

    /**
     * True while this listener is still answering spikes delivered to it: a closed loop whose callback has a batch
     * waiting or running. A source that can wait (the simulated rig) holds its next chunk a bounded time for the
     * answer, so a stimulation lands where the spikes' data ends, as a fast enough lab would put it; a real instrument
     * does not wait and need not ask. Asked on the source's delivery thread: cheap, never blocking.
     */
    default boolean answering() {
        return false;
    }
}

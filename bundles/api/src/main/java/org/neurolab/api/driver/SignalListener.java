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
}

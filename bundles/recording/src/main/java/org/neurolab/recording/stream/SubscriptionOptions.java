package org.neurolab.recording.stream;

import java.util.Set;

/**
 * How a subscriber wants the stream.
 *
 * @param name              shown in statistics
 * @param bufferBatches     bound of its buffer, in batches
 * @param meaIds            arrays wanted; empty = all
 * @param traces            whether to receive downsampled traces
 * @param traceRateHz       trace sample rate when {@code traces}
 */
public record SubscriptionOptions(String name, int bufferBatches, Set<String> meaIds, boolean traces, int traceRateHz) {
    public SubscriptionOptions {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a subscription needs a name");
        if (bufferBatches < 1 || bufferBatches > 1_000_000) throw new IllegalArgumentException("buffer must be 1..1,000,000 batches, was " + bufferBatches);
        meaIds = Set.copyOf(meaIds);
        if (traces && (traceRateHz < 1 || traceRateHz > 30_000)) throw new IllegalArgumentException("trace rate must be 1..30,000 Hz, was " + traceRateHz);
    }

    public static SubscriptionOptions of(String name) {
        return new SubscriptionOptions(name, 1024, Set.of(), false, 0);
    }

    public SubscriptionOptions withTraces(int rateHz) {
        return new SubscriptionOptions(name, bufferBatches, meaIds, true, rateHz);
    }

    public SubscriptionOptions withBuffer(int batches) {
        return new SubscriptionOptions(name, batches, meaIds, traces, traceRateHz);
    }
}

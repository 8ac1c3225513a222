package org.example.lab.mea.internal;

import java.util.List;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * The instrument behind the driver: the one part to replace by your hardware's protocol (a TCP command server, a vendor
 * SDK, a serial line). Everything else in this template (checks, listeners, time base, watermark, safe state) stays.
 */
interface Instrument extends AutoCloseable {
    /** What the instrument delivers: consecutive sample blocks and the spikes its on-board detection found in them. */
    interface Sink {
        /** {@code samples}: channel after channel, µV; {@code spikeSamples}/{@code spikeChannels}: detected events, by sample index. */
        void block(long firstSample, int sampleCount, float[] samples, long[] spikeSamples, int[] spikeChannels);

        /** Samples {@code [from, to)} were lost for good (buffer overrun, dropped link). */
        void lost(long fromSample, long toSample, String why);
    }

    void start(Sink sink) throws Exception;

    /** Arms and fires {@code train} on {@code channels}; returns the sample index at which the first pulse is applied. */
    long stimulate(List<Integer> channels, PulseTrain train) throws Exception;

    /** Disarms every channel: nothing pending, nothing running. Idempotent. */
    void disarm() throws Exception;

    @Override
    void close();
}

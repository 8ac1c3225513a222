package org.neurolab.recording.internal.bus;

import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.stream.TraceBlock;

/** Block means: each output sample is the mean of {@code factor} input samples. */
final class Downsample {
    private Downsample() {
    }

    static TraceBlock of(RawSampleBlock b, int rateHz) {
        int factor = Math.max(1, b.sampleRateHz() / Math.max(1, rateHz));
        int n = b.sampleCount() / factor;
        int ch = b.channelCount();
        float[] out = new float[ch * n];
        float[] in = b.samplesMicrovolts();
        for (int c = 0; c < ch; c++) {
            int base = c * b.sampleCount();
            for (int i = 0; i < n; i++) {
                float sum = 0;
                for (int j = 0; j < factor; j++) sum += in[base + i * factor + j];
                out[c * n + i] = sum / factor;
            }
        }
        return new TraceBlock(b.meaId(), b.startMicros(), b.sampleRateHz() / factor, ch, n, out);
    }
}

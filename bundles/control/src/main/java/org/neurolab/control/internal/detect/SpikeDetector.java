package org.neurolab.control.internal.detect;

import java.util.Arrays;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.signal.SpikeBatch;

/**
 * Threshold detection on the raw blocks of one array. Not thread-safe: one acquisition thread feeds it
 * ({@link #blank} may be called from any thread).
 *
 * <p>Each channel keeps the last few milliseconds of the previous block, so that a spike near a block edge
 * still gets its whole snippet: detection lags the input by one snippet plus the peak window.
 */
public final class SpikeDetector {
    private static final int NOISE_SUBSAMPLE_MAX = 2048;

    private final String meaId;
    /** Threshold, polarity, blanking and noise tracking may change while it runs ({@link #retune}); the rest is fixed. */
    private volatile DetectionSettings settings;
    private int channels;
    private int rateHz;
    private int pre, post, snippetLength, peakWindow, deadSamples, carry;

    private float[][] buf;
    private int carryLen;
    private long bufStart = -1; // absolute sample index of buf[c][0]
    private long[] scanFrom;
    private double[] sigma;
    private long[] calibrated;
    private float[][] calibration;
    private int[] calibrationCount;
    private float[] scratch = new float[NOISE_SUBSAMPLE_MAX];

    private long nextIndex = -1;
    private long lastFirstIndex = -1;
    private long lastStartMicros = Long.MIN_VALUE;
    private final Blanking blanking = new Blanking();

    // output under construction
    private int outCount;
    private int[] outElectrodes = new int[256];
    private long[] outIndices = new long[256];
    private float[] outAmplitudes = new float[256];
    private float[] outSnippets;

    private long blocks, samples, spikes, gaps, blanked;
    private final long[] rejected = new long[MalformedBlockException.Reason.values().length];

    /** @param expectedChannels the array's electrode count, or 0 to take it from the first block */
    public SpikeDetector(String meaId, int expectedChannels, DetectionSettings settings) {
        this.meaId = meaId;
        this.channels = expectedChannels;
        this.settings = settings;
    }

    public String meaId() {
        return meaId;
    }

    /**
     * New threshold, polarity, blanking after pulses or noise tracking, from the next block on: the noise estimate, the
     * blanking already set and the stream position carry on. The shape of what is detected (snippet, peak window, dead
     * time, calibration) is fixed for a detector's life.
     *
     * @throws IllegalArgumentException when {@code next} changes that shape (the caller starts a new detector instead)
     */
    public void retune(DetectionSettings next) {
        if (!sameShape(settings, next))
            throw new IllegalArgumentException("snippet, peak window, dead time and calibration are fixed for a running detector of " + meaId);
        settings = next;
    }

    /** Whether {@code a} and {@code b} detect the same shape of event, so that one detector may go from one to the other. */
    public static boolean sameShape(DetectionSettings a, DetectionSettings b) {
        return a.snippetMicros() == b.snippetMicros() && a.snippetPreMicros() == b.snippetPreMicros() && a.peakWindowMicros() == b.peakWindowMicros()
                && a.deadTimeMicros() == b.deadTimeMicros() && a.calibrationMicros() == b.calibrationMicros();
    }

    public DetectionSettings settings() {
        return settings;
    }

    /** Ignore crossings in [fromMicros, toMicros) (stimulation artifacts). */
    public void blank(long fromMicros, long toMicros) {
        blanking.add(fromMicros, toMicros);
    }

    /** Blank after each pulse of a train: {@code count} pulses every {@code periodMicros} from {@code startMicros}. */
    public void blankTrain(long startMicros, int count, long periodMicros, long pulseMicros) {
        long b = settings.blankingMicros();
        if (b == 0) return;
        if (count <= 1 || periodMicros <= b) {
            blank(startMicros, startMicros + (count - 1L) * periodMicros + pulseMicros + b);
        } else {
            for (int i = 0; i < count; i++) {
                long t = startMicros + i * periodMicros;
                blank(t, t + pulseMicros + b);
            }
        }
    }

    /**
     * Detects spikes in {@code block}.
     *
     * @return the spikes whose snippets are complete (a spike near the end of a block comes with the next one)
     * @throws MalformedBlockException when the block does not fit the stream; nothing is changed then
     */
    public SpikeBatch process(RawSampleBlock block) throws MalformedBlockException {
        validate(block);
        if (buf == null) init(block);
        int m = block.sampleCount();
        if (nextIndex >= 0 && block.firstSampleIndex() > nextIndex) { // a gap: the carried samples are not contiguous
            gaps++;
            carryLen = 0;
        }
        if (carryLen == 0) bufStart = block.firstSampleIndex();
        int n = carryLen + m;
        if (buf[0].length < n) for (int c = 0; c < channels; c++) buf[c] = Arrays.copyOf(buf[c], n + carry);
        float[] s = block.samplesMicrovolts();
        estimateNoise(s, m, block.sampleRateHz(), block.firstSampleIndex());

        outCount = 0;
        int limit = n - post - peakWindow;
        long blockFirst = block.firstSampleIndex();
        long blockStart = block.startMicros();
        for (int c = 0; c < channels; c++) {
            float[] b = buf[c];
            System.arraycopy(s, c * m, b, carryLen, m);
            float thr = (float) (-settings.thresholdSigmas() * sigma[c]);
            int i = (int) Math.max(pre, scanFrom[c] - bufStart);
            if (settings.bothPolarities()) i = scanBoth(c, b, i, limit, thr, blockFirst, blockStart);
            else i = scanNegative(c, b, i, limit, thr, blockFirst, blockStart);
            scanFrom[c] = bufStart + Math.max(i, limit);
            if (n > carry) System.arraycopy(b, n - carry, b, 0, carry);
        }
        if (n > carry) {
            bufStart += n - carry;
            carryLen = carry;
        } else {
            carryLen = n;
        }
        nextIndex = block.firstSampleIndex() + m;
        lastFirstIndex = block.firstSampleIndex();
        lastStartMicros = block.startMicros();
        blocks++;
        samples += (long) m * channels;
        spikes += outCount;
        blanking.dropBefore(micros(bufStart, blockFirst, blockStart));
        return emit(blockFirst, blockStart);
    }

    private int scanNegative(int c, float[] b, int i, int limit, float thr, long blockFirst, long blockStart) {
        for (; i < limit; i++) {
            if (b[i] < thr) {
                int p = i;
                float v = b[i];
                for (int j = i + 1, end = i + peakWindow; j < end; j++) {
                    if (b[j] < v) {
                        v = b[j];
                        p = j;
                    }
                }
                found(c, b, i, p, v, blockFirst, blockStart);
                i = p + deadSamples - 1;
            }
        }
        return i;
    }

    private int scanBoth(int c, float[] b, int i, int limit, float thr, long blockFirst, long blockStart) {
        float pos = -thr;
        for (; i < limit; i++) {
            float x = b[i];
            if (x < thr || x > pos) {
                int p = i;
                float v = Math.abs(x);
                for (int j = i + 1, end = i + peakWindow; j < end; j++) {
                    float a = Math.abs(b[j]);
                    if (a > v) {
                        v = a;
                        p = j;
                    }
                }
                found(c, b, i, p, b[p], blockFirst, blockStart);
                i = p + deadSamples - 1;
            }
        }
        return i;
    }

    private void found(int c, float[] b, int crossing, int p, float v, long blockFirst, long blockStart) {
        long abs = bufStart + p;
        if (!blanking.isEmpty() && (blanking.covers(micros(bufStart + crossing, blockFirst, blockStart)) || blanking.covers(micros(abs, blockFirst, blockStart)))) {
            blanked++;
            return;
        }
        if (outCount == outElectrodes.length) grow();
        outElectrodes[outCount] = c;
        outIndices[outCount] = abs;
        outAmplitudes[outCount] = v;
        System.arraycopy(b, p - pre, outSnippets, outCount * snippetLength, snippetLength);
        outCount++;
    }

    private long micros(long sampleIndex, long blockFirst, long blockStart) {
        return blockStart + Math.floorDiv((sampleIndex - blockFirst) * 1_000_000L, rateHz);
    }

    private SpikeBatch emit(long blockFirst, long blockStart) {
        int k = outCount;
        if (k == 0) return new SpikeBatch(meaId, 0, new int[0], new long[0], new float[0], snippetLength, pre, new float[0]);
        int[] e = new int[k];
        long[] idx = new long[k];
        long[] t = new long[k];
        float[] a = new float[k];
        float[] sn = new float[k * snippetLength];
        long[] order = new long[k];
        long base = outIndices[0];
        for (int i = 0; i < k; i++) base = Math.min(base, outIndices[i]);
        for (int i = 0; i < k; i++) order[i] = ((outIndices[i] - base) << 20) | i;
        Arrays.sort(order);
        for (int r = 0; r < k; r++) {
            int i = (int) (order[r] & 0xFFFFF);
            e[r] = outElectrodes[i];
            idx[r] = outIndices[i];
            t[r] = micros(idx[r], blockFirst, blockStart);
            a[r] = outAmplitudes[i];
            System.arraycopy(outSnippets, i * snippetLength, sn, r * snippetLength, snippetLength);
        }
        return new SpikeBatch(meaId, k, e, t, a, snippetLength, pre, sn);
    }

    private void grow() {
        int cap = outElectrodes.length * 2;
        outElectrodes = Arrays.copyOf(outElectrodes, cap);
        outIndices = Arrays.copyOf(outIndices, cap);
        outAmplitudes = Arrays.copyOf(outAmplitudes, cap);
        outSnippets = Arrays.copyOf(outSnippets, cap * snippetLength);
    }

    private void validate(RawSampleBlock block) throws MalformedBlockException {
        if (channels > 0 && block.channelCount() != channels) {
            reject(MalformedBlockException.Reason.CHANNEL_COUNT, "MEA " + meaId + ": block at sample " + block.firstSampleIndex() + " has "
                    + block.channelCount() + " channels, the array has " + channels + "; block refused");
        }
        if (rateHz > 0 && block.sampleRateHz() != rateHz) {
            reject(MalformedBlockException.Reason.SAMPLE_RATE, "MEA " + meaId + ": block at sample " + block.firstSampleIndex() + " is sampled at "
                    + block.sampleRateHz() + " Hz, the stream at " + rateHz + " Hz; block refused");
        }
        if (nextIndex >= 0 && (block.firstSampleIndex() < nextIndex || block.startMicros() < lastStartMicros)) {
            reject(MalformedBlockException.Reason.TIME_BACKWARDS, "MEA " + meaId + ": time went backwards: block starts at sample "
                    + block.firstSampleIndex() + " (" + block.startMicros() + " µs), the stream is at sample " + nextIndex + " ("
                    + lastStartMicros + " µs); block refused");
        }
        float[] s = block.samplesMicrovolts();
        int bad = 0, firstBad = -1;
        for (int i = 0; i < s.length; i++) {
            float x = s[i];
            if (x - x != 0f) { // NaN or infinite
                if (bad++ == 0) firstBad = i;
            }
        }
        if (bad > 0) {
            reject(MalformedBlockException.Reason.NOT_FINITE, "MEA " + meaId + ": block at sample " + block.firstSampleIndex() + " has " + bad
                    + " NaN or infinite samples (first at channel " + firstBad / block.sampleCount() + ", sample " + firstBad % block.sampleCount()
                    + "); block refused");
        }
    }

    private void reject(MalformedBlockException.Reason reason, String message) throws MalformedBlockException {
        rejected[reason.ordinal()]++;
        throw new MalformedBlockException(reason, message);
    }

    private void init(RawSampleBlock block) {
        if (channels == 0) channels = block.channelCount();
        rateHz = block.sampleRateHz();
        pre = samplesOf(settings.snippetPreMicros());
        snippetLength = Math.max(pre + 1, samplesOf(settings.snippetMicros()));
        post = snippetLength - pre;
        peakWindow = Math.max(1, samplesOf(settings.peakWindowMicros()));
        deadSamples = Math.max(1, samplesOf(settings.deadTimeMicros()));
        carry = pre + post + peakWindow;
        buf = new float[channels][carry + block.sampleCount() + carry];
        scanFrom = new long[channels];
        Arrays.fill(scanFrom, Long.MIN_VALUE / 4);
        sigma = new double[channels];
        calibrated = new long[channels];
        calibration = new float[channels][NOISE_SUBSAMPLE_MAX];
        calibrationCount = new int[channels];
        outSnippets = new float[outElectrodes.length * snippetLength];
    }

    private int samplesOf(long micros) {
        return (int) Math.round(micros * (double) rateHz / 1e6);
    }

    private void estimateNoise(float[] s, int m, int rate, long firstIndex) {
        long calibrationSamples = Math.max(1, settings.calibrationMicros() * rate / 1_000_000);
        int calStep = (int) Math.max(1, (calibrationSamples + NOISE_SUBSAMPLE_MAX - 1) / NOISE_SUBSAMPLE_MAX);
        double alpha = 1 - Math.exp(-m * 1e6 / rate / settings.adaptiveTimeConstantMicros());
        int step = Math.max(1, (m + NOISE_SUBSAMPLE_MAX - 1) / NOISE_SUBSAMPLE_MAX);
        for (int c = 0; c < channels; c++) {
            if (calibrated[c] < calibrationSamples) {
                // calibration: a reservoir of samples spread over the first stretch, σ re-estimated on all of it
                float[] cal = calibration[c];
                int k = calibrationCount[c];
                for (int i = 0; i < m && k < cal.length; i++) if ((firstIndex + i) % calStep == 0) cal[k++] = s[c * m + i];
                calibrationCount[c] = k;
                calibrated[c] += m;
                System.arraycopy(cal, 0, scratch, 0, k);
                sigma[c] = Robust.madSigma(scratch, k);
                if (calibrated[c] >= calibrationSamples) calibration[c] = null;
            } else if (settings.adaptive()) {
                int k = 0;
                for (int i = c * m, end = (c + 1) * m; i < end; i += step) scratch[k++] = s[i];
                sigma[c] += alpha * (Robust.madSigma(scratch, k) - sigma[c]);
            }
        }
    }

    /** σ per channel, µV (a copy). */
    /**
     * Lab time before which every spike in the blocks so far has been emitted: detection lags its input by the peak
     * window and the snippet after the peak, so the array's data is complete for consumers only up to here.
     */
    public long completeUpToMicros() {
        if (scanFrom == null || lastFirstIndex < 0) return Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (long f : scanFrom) min = Math.min(min, f);
        return micros(min, lastFirstIndex, lastStartMicros);
    }

    public double[] noiseSigmas() {
        return sigma == null ? new double[0] : sigma.clone();
    }

    public long blocks() {
        return blocks;
    }

    public long samples() {
        return samples;
    }

    public long spikes() {
        return spikes;
    }

    public long gaps() {
        return gaps;
    }

    public long blankedCrossings() {
        return blanked;
    }

    public long rejected(MalformedBlockException.Reason reason) {
        return rejected[reason.ordinal()];
    }

    public long rejectedTotal() {
        long r = 0;
        for (long x : rejected) r += x;
        return r;
    }
}

package org.neurolab.api.signal;

/**
 * How spikes are found in raw traces. The noise of each channel is estimated robustly as
 * σ = median(|x − median(x)|) / 0.6745; a spike is a crossing of k·σ.
 *
 * @param thresholdSigmas            k (default 6)
 * @param adaptive                   true: σ follows the noise (exponential average of per-block estimates);
 *                                   false: σ is estimated over the first {@code calibrationMicros} and then fixed
 * @param adaptiveTimeConstantMicros how fast an adaptive σ follows the noise
 * @param calibrationMicros          the stretch a fixed σ is estimated on
 * @param deadTimeMicros             after a spike, no other on the same channel for this long
 * @param peakWindowMicros           the peak is searched this long after the crossing
 * @param snippetMicros              length of the waveform kept per spike (default 3 ms)
 * @param snippetPreMicros           of which before the peak
 * @param blankingMicros             after each stimulation pulse, crossings are ignored this long (artifacts)
 * @param bothPolarities             also detect positive peaks (default: negative troughs only)
 */
public record DetectionSettings(double thresholdSigmas, boolean adaptive, long adaptiveTimeConstantMicros, long calibrationMicros,
                                long deadTimeMicros, long peakWindowMicros, long snippetMicros, long snippetPreMicros, long blankingMicros,
                                boolean bothPolarities) {
    public DetectionSettings {
        if (!(thresholdSigmas >= 2 && thresholdSigmas <= 50)) throw new IllegalArgumentException("threshold must be 2..50 σ, was " + thresholdSigmas);
        if (adaptiveTimeConstantMicros < 1_000) throw new IllegalArgumentException("adaptive time constant must be >= 1 ms");
        if (calibrationMicros < 1_000) throw new IllegalArgumentException("calibration must be >= 1 ms");
        if (deadTimeMicros < 0 || deadTimeMicros > 100_000) throw new IllegalArgumentException("dead time must be 0..100 ms, was " + deadTimeMicros + " µs");
        if (peakWindowMicros < 0 || peakWindowMicros > 5_000) throw new IllegalArgumentException("peak window must be 0..5 ms");
        if (snippetMicros < 100 || snippetMicros > 20_000) throw new IllegalArgumentException("snippet must be 0.1..20 ms, was " + snippetMicros + " µs");
        if (snippetPreMicros < 0 || snippetPreMicros >= snippetMicros) throw new IllegalArgumentException("snippet pre-peak part must be within the snippet");
        if (blankingMicros < 0 || blankingMicros > 1_000_000) throw new IllegalArgumentException("blanking must be 0..1 s, was " + blankingMicros + " µs");
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(6.0, false, 2_000_000, 200_000, 1_000, 500, 3_000, 1_000, 10_000, false);
    }

    public DetectionSettings withThreshold(double sigmas) {
        return new DetectionSettings(sigmas, adaptive, adaptiveTimeConstantMicros, calibrationMicros, deadTimeMicros, peakWindowMicros, snippetMicros,
                snippetPreMicros, blankingMicros, bothPolarities);
    }

    public DetectionSettings withAdaptive(boolean on) {
        return new DetectionSettings(thresholdSigmas, on, adaptiveTimeConstantMicros, calibrationMicros, deadTimeMicros, peakWindowMicros, snippetMicros,
                snippetPreMicros, blankingMicros, bothPolarities);
    }

    public DetectionSettings withBlanking(long micros) {
        return new DetectionSettings(thresholdSigmas, adaptive, adaptiveTimeConstantMicros, calibrationMicros, deadTimeMicros, peakWindowMicros, snippetMicros,
                snippetPreMicros, micros, bothPolarities);
    }

    public DetectionSettings withDeadTime(long micros) {
        return new DetectionSettings(thresholdSigmas, adaptive, adaptiveTimeConstantMicros, calibrationMicros, micros, peakWindowMicros, snippetMicros,
                snippetPreMicros, blankingMicros, bothPolarities);
    }
}

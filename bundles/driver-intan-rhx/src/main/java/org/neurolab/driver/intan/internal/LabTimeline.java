package org.neurolab.driver.intan.internal;

/**
 * Maps the controller's sample counter onto lab time. Each run of the controller is anchored once: its first sample is
 * put at the lab time the driver sent {@code set RunMode Run} (the controller cannot sample before it is told to, so data
 * is never stamped in the lab's future; the error is RHX's start latency), or, when a run started without the driver,
 * where its first block's arrival puts it at the latest; from there on a sample's lab time follows from its sample count and
 * the rate, so it never depends on when a block happened to arrive. A jump in the counter (samples RHX or a bad block
 * lost) and a new run (after a reconnect or a stop) leave a gap; sample indices jump with it, so index and lab time stay
 * one line per run and the watermark never goes back.
 *
 * <p>Not thread-safe: the acquisition thread owns it. The controller's crystal and the host's clock drift apart by their
 * ppm (a new anchor at every run start bounds it to one run; no correction within a run).
 */
final class LabTimeline {
    /** Where a block goes, and the data lost just before it ({@code gapFrom == gapTo} when none). */
    record Placement(long firstSampleIndex, long startMicros, long endMicros, long gapFromMicros, long gapToMicros, boolean newRun) {
        boolean hasGap() {
            return gapToMicros > gapFromMicros;
        }
    }

    private final int rateHz;
    private final int frames;
    private boolean ever, anchoredThisRun;
    private long anchorLab, anchorIndex, nextIndex, watermark;
    private int expectedTimestamp;

    LabTimeline(int rateHz, int framesPerBlock) {
        this.rateHz = rateHz;
        this.frames = framesPerBlock;
    }

    private long runCommandMicros = -1;

    /** The next block starts a new run of the controller, which the driver started at lab time {@code runCommandMicros}. */
    void newRun(long runCommandMicros) {
        anchoredThisRun = false;
        this.runCommandMicros = runCommandMicros;
    }

    Placement place(int firstTimestamp, long nowMicros) {
        long gapFrom = watermark, gapTo = watermark;
        boolean newRun = false;
        if (!anchoredThisRun || firstTimestamp - expectedTimestamp < 0 || firstTimestamp - expectedTimestamp > 60 * rateHz) {
            // a new run, or a counter that went back or leapt by more than a minute: RHX restarted the run. The run's sample 0
            // (its counter restarts at 0) is placed; blocks before the first one that arrived were never delivered.
            long counted = (long) firstTimestamp * 1_000_000L / rateHz;
            long latest = nowMicros - frames * 1_000_000L / rateHz - counted; // the block's samples all existed when it arrived
            long runStart = runCommandMicros >= 0 ? Math.min(runCommandMicros, latest) : latest;
            runCommandMicros = -1;
            boolean first = !ever;
            if (first) {
                anchorLab = runStart;
                anchorIndex = 0;
                ever = true;
            } else {
                long gapSamples = Math.max(0, ceilDiv((runStart - watermark) * rateHz, 1_000_000L));
                anchorIndex = nextIndex + gapSamples;
                anchorLab = watermark + gapSamples * 1_000_000L / rateHz;
            }
            nextIndex = anchorIndex + firstTimestamp;
            if (first) gapFrom = anchorLab; // before the first run there was no data to miss
            gapTo = timeOf(nextIndex);
            anchoredThisRun = true;
            newRun = true;
        } else if (firstTimestamp != expectedTimestamp) {
            nextIndex += firstTimestamp - expectedTimestamp; // samples lost inside the run
            gapTo = timeOf(nextIndex);
        }
        long index = nextIndex;
        long start = timeOf(index), end = timeOf(index + frames);
        nextIndex = index + frames;
        expectedTimestamp = firstTimestamp + frames;
        watermark = end;
        return new Placement(index, start, end, gapFrom, gapTo, newRun);
    }

    /** Lab time of a sample index of the current run. */
    long timeOf(long sampleIndex) {
        return anchorLab + (sampleIndex - anchorIndex) * 1_000_000L / rateHz;
    }

    long watermark() {
        return watermark;
    }

    long nextIndex() {
        return nextIndex;
    }

    boolean anchored() {
        return ever;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}

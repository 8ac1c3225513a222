package org.neurolab.driver.intan.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a stimulation to show in the waveform stream: the first frame at or after {@code fromIndex} in which any
 * of the watched stream channels carries stimulation current (its stimulation word's magnitude).
 */
final class EchoWatch {
    private final boolean[] watched;
    private final long fromIndex;
    private final CompletableFuture<Long> seen = new CompletableFuture<>();

    EchoWatch(boolean[] watchedStreamChannels, long fromIndex) {
        this.watched = watchedStreamChannels;
        this.fromIndex = fromIndex;
    }

    /** Called by the acquisition thread for every block. @return true once the echo was found */
    boolean offer(long blockFirstIndex, int[] firstStimFrame, LabTimeline timeline) {
        long best = Long.MAX_VALUE;
        for (int c = 0; c < firstStimFrame.length; c++) {
            if (!watched[c] || firstStimFrame[c] < 0) continue;
            long index = blockFirstIndex + firstStimFrame[c];
            if (index >= fromIndex) best = Math.min(best, index);
        }
        if (best == Long.MAX_VALUE) return false;
        seen.complete(timeline.timeOf(best));
        return true;
    }

    /** The lab time of the first stimulated sample, or -1 when it did not show within the timeout. */
    long await(long timeoutMillis) throws InterruptedException {
        try {
            return seen.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return -1;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}

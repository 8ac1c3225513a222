package org.example.lab.mea.internal;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * A stand-in instrument so the template runs and passes the contract kit: noise with occasional spikes on a paced
 * acquisition thread, 10 ms blocks, stimulation applied at the next block. Replace it by your instrument's protocol.
 */
final class DemoInstrument implements Instrument {
    private final int channels;
    private final int sampleRateHz;
    private final AtomicLong nextSample = new AtomicLong();
    private volatile Thread thread;
    private volatile boolean armed;

    DemoInstrument(int channels, int sampleRateHz) {
        this.channels = channels;
        this.sampleRateHz = sampleRateHz;
    }

    @Override
    public void start(Sink sink) {
        int blockSamples = sampleRateHz / 100;
        Thread t = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(7);
            long startNanos = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                long first = nextSample.get();
                float[] samples = new float[channels * blockSamples];
                for (int i = 0; i < samples.length; i++) samples[i] = (float) (random.nextGaussian() * 5);
                int spikes = random.nextInt(3);
                long[] at = new long[spikes];
                int[] on = new int[spikes];
                for (int s = 0; s < spikes; s++) {
                    at[s] = first + (long) s * blockSamples / Math.max(1, spikes); // in time order
                    on[s] = random.nextInt(channels);
                    samples[on[s] * blockSamples + (int) (at[s] - first)] -= 80;
                }
                sink.block(first, blockSamples, samples, at, on);
                nextSample.addAndGet(blockSamples);
                long due = startNanos + nextSample.get() * 1_000_000_000L / sampleRateHz;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "example-mea acquisition");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public long stimulate(List<Integer> channelList, PulseTrain train) {
        armed = true;
        long at = nextSample.get(); // the next block
        armed = false; // a single train: fired, nothing left armed
        return at;
    }

    @Override
    public void disarm() {
        armed = false;
    }

    boolean armed() {
        return armed;
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t == null) return;
        t.interrupt();
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.neurolab.control.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.control.internal.detect.MalformedBlockException;
import org.neurolab.control.internal.detect.SpikeDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One array's signal path: the lab's single listener on its driver, fanning the same events, watermarks and gaps out to
 * every subscriber (scripts, live view, tripwire, recording), and keeping the array's data health. Raw samples are asked
 * of the driver only while some subscriber wants them (a simulator computes traces only then).
 *
 * <p>A driver that delivers raw samples only (a real amplifier) gets the lab's detector here, once for every consumer:
 * its spikes (with their waveforms) are the events everyone sees, blanked after the array's own stimulations, and the
 * array's watermark waits for detection (which lags its input by a peak window and a snippet).
 */
final class MeaSignal {
    private static final Logger LOG = LoggerFactory.getLogger(MeaSignal.class);

    private record Subscriber(SignalListener listener, boolean raw) {
    }

    private final MeaDriver driver;
    private final String meaId;
    private final LongSupplier labNow;
    private final long behindMicros;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final SignalListener events = new Events();
    private final SignalListener rawTap = new RawTap();
    private boolean rawTapped;
    /** The lab's detector, for a raw-only driver; null when the driver brings its own events. */
    private final SpikeDetector detector;
    private volatile long driverWatermark = Long.MIN_VALUE;
    private long refusedBlocks;

    private volatile long watermark = Long.MIN_VALUE;
    private volatile long gaps, gapMicros;
    private volatile String lastGap = "";
    // real-time factor: watermark progress over wall time, sampled at most every 500 ms
    private long rateWallNanos = System.nanoTime(), rateWatermark = Long.MIN_VALUE;
    private volatile double realTimeFactor = 1.0;
    private volatile boolean behind;
    /** Wall time of the last gap: a source that keeps shedding stays in alarm instead of flapping at each catch-up. */
    private volatile long lastGapNanos = Long.MIN_VALUE;
    static final long GAP_ALARM_NANOS = 10_000_000_000L;

    MeaSignal(MeaDriver driver, LongSupplier labNow, long behindMicros) {
        this(driver, labNow, behindMicros, DetectionSettings.defaults());
    }

    /** @param detection how the lab finds spikes if the driver delivers raw samples only */
    MeaSignal(MeaDriver driver, LongSupplier labNow, long behindMicros, DetectionSettings detection) {
        this.driver = driver;
        this.meaId = driver.info().deviceId();
        this.labNow = labNow;
        this.behindMicros = behindMicros;
        boolean raw = !driver.detectsSpikes();
        this.detector = raw ? new SpikeDetector(meaId, driver.layout().electrodeCount(), detection) : null;
        driver.addSignalListener(events, raw); // a raw-only array is read raw all along: its spikes are found in it
        if (raw) LOG.info("{} delivers raw samples only: the lab detects its spikes ({})", meaId, detection);
    }

    /** How the lab finds this array's spikes; empty when the driver brings its own events. */
    Optional<DetectionSettings> detection() {
        return Optional.ofNullable(detector).map(SpikeDetector::settings);
    }

    /**
     * The lab's detection settings changed (control's configuration): a detecting array takes the new threshold, polarity,
     * blanking and noise tracking from its next block on, keeping its noise estimate. A change of the event's shape
     * (snippet, windows) needs a new detector: that applies when the array is added again (a driver restart).
     */
    void detection(DetectionSettings next) {
        if (detector == null || next.equals(detector.settings())) return;
        if (SpikeDetector.sameShape(detector.settings(), next)) {
            detector.retune(next);
            LOG.info("{}: the lab detects its spikes with {} from now on", meaId, next);
        } else {
            LOG.warn("{}: new detection settings change the shape of a spike ({}); they apply when the array is added again", meaId, next);
        }
    }

    /** A stimulation the array applied: the lab's detector ignores the artifact that follows each pulse. */
    void stimulated(long appliedMicros, PulseTrain train) {
        if (detector != null) detector.blankTrain(appliedMicros, train.count(), train.periodMicros(), train.pulse().totalDurationMicros());
    }

    String meaId() {
        return meaId;
    }

    MeaDriver driver() {
        return driver;
    }

    AutoCloseable subscribe(SignalListener listener, boolean wantsRaw) {
        Subscriber s = new Subscriber(listener, wantsRaw);
        subscribers.add(s);
        long wm = watermark;
        if (wm != Long.MIN_VALUE) listener.onWatermark(meaId, wm); // what is complete already, so a new reader need not wait for the next data
        if (wantsRaw) updateRawTap();
        return () -> {
            if (subscribers.remove(s) && s.raw()) updateRawTap();
        };
    }

    private synchronized void updateRawTap() {
        if (detector != null) return; // raw comes with the events all along
        boolean wanted = subscribers.stream().anyMatch(Subscriber::raw);
        if (wanted == rawTapped) return;
        if (wanted) driver.addSignalListener(rawTap, true);
        else driver.removeSignalListener(rawTap);
        rawTapped = wanted;
    }

    void close() {
        driver.removeSignalListener(events);
        driver.removeSignalListener(rawTap);
        subscribers.clear();
    }

    long watermarkMicros() {
        return watermark;
    }

    DataSourceHealth health() {
        long wm = watermark;
        long now = labNow.getAsLong();
        long lag = wm == Long.MIN_VALUE ? 0 : Math.max(0, now - wm);
        refreshBehind(now);
        return new DataSourceHealth(meaId, wm, lag, realTimeFactor, gaps, gapMicros, lastGap, behind, summary(wm, lag));
    }

    private String summary(long wm, long lag) {
        if (wm == Long.MIN_VALUE) return meaId + " has delivered no data yet";
        String s = String.format(Locale.ROOT, "%s runs at %.2f× real time, %.1f s behind", meaId, realTimeFactor, lag / 1e6);
        if (gaps > 0) s += String.format(Locale.ROOT, "; %d gap(s), %.1f s of data missing (last: %s)", gaps, gapMicros / 1e6, lastGap);
        return s;
    }

    /**
     * Raises and clears the alarm on transitions only, so a slow source logs twice, not every batch: raised when the data
     * is later than the tolerance or has a gap; cleared once it is within half the tolerance and no gap came for 10 s.
     */
    private void refreshBehind(long now) {
        long wm = watermark;
        long lag = wm == Long.MIN_VALUE ? 0 : now - wm;
        boolean recentGap = lastGapNanos != Long.MIN_VALUE && System.nanoTime() - lastGapNanos < GAP_ALARM_NANOS;
        boolean late = behind ? lag > behindMicros / 2 || recentGap : lag > behindMicros || recentGap;
        if (late == behind) return;
        behind = late;
        if (late) LOG.warn("Data of {} is late: {}", meaId, summary(wm, now - wm));
        else LOG.info("Data of {} caught up: {}", meaId, summary(wm, Math.max(0, now - wm)));
    }

    private synchronized void sampleRate(long wm) {
        long wall = System.nanoTime();
        if (rateWatermark == Long.MIN_VALUE) {
            rateWallNanos = wall;
            rateWatermark = wm;
            return;
        }
        long dWall = wall - rateWallNanos;
        if (dWall < 500_000_000L) return;
        double factor = (wm - rateWatermark) * 1_000.0 / dWall;
        realTimeFactor = 0.5 * realTimeFactor + 0.5 * factor;
        rateWallNanos = wall;
        rateWatermark = wm;
        refreshBehind(labNow.getAsLong());
    }

    private void toSubscribers(SpikeBatch batch) {
        for (Subscriber s : subscribers) {
            try {
                s.listener().onSpikes(batch);
            } catch (RuntimeException e) {
                LOG.warn("A subscriber of {} failed on a spike batch; it stays subscribed", meaId, e);
            }
        }
    }

    private void rawToSubscribers(RawSampleBlock block) {
        for (Subscriber s : subscribers) {
            if (!s.raw()) continue;
            try {
                s.listener().onSamples(block);
            } catch (RuntimeException e) {
                LOG.warn("A raw subscriber of {} failed on a block", meaId, e);
            }
        }
    }

    /** Data complete up to {@code completeUpToMicros}: the driver's word, held back by detection where the lab detects. */
    private void advanceWatermark(long completeUpToMicros) {
        if (completeUpToMicros <= watermark) return;
        watermark = completeUpToMicros;
        sampleRate(completeUpToMicros);
        for (Subscriber s : subscribers) {
            try {
                s.listener().onWatermark(meaId, completeUpToMicros);
            } catch (RuntimeException e) {
                LOG.warn("A subscriber of {} failed on a watermark", meaId, e);
            }
        }
    }

    private long detectedUpTo() {
        long d = detector.completeUpToMicros();
        return Math.min(driverWatermark, d);
    }

    private final class Events implements SignalListener {
        @Override
        public void onSamples(RawSampleBlock block) {
            if (detector == null) return; // raw subscribers of a detecting driver are served by the raw tap
            SpikeBatch found;
            try {
                found = detector.process(block);
            } catch (MalformedBlockException e) {
                long n = ++refusedBlocks;
                if (Long.bitCount(n) == 1) LOG.warn("{} ({} refused so far)", e.getMessage(), n);
                return;
            }
            if (found.count() > 0) toSubscribers(found);
            rawToSubscribers(block);
            advanceWatermark(detectedUpTo());
        }

        @Override
        public void onSpikes(SpikeBatch batch) {
            if (detector != null) return; // a raw-only driver's stray events are not the lab's spikes
            toSubscribers(batch);
        }

        @Override
        public boolean answering() {
            for (Subscriber s : subscribers) {
                try {
                    if (s.listener().answering()) return true;
                } catch (RuntimeException e) {
                    LOG.warn("A subscriber of {} failed to say whether it is answering", meaId, e);
                }
            }
            return false;
        }

        @Override
        public void onWatermark(String mea, long completeUpToMicros) {
            if (completeUpToMicros <= driverWatermark) return;
            driverWatermark = completeUpToMicros;
            advanceWatermark(detector == null ? completeUpToMicros : detectedUpTo());
        }

        @Override
        public void onGap(String mea, long fromMicros, long toMicros, String reason) {
            long n = ++gaps;
            gapMicros += toMicros - fromMicros;
            lastGap = reason;
            lastGapNanos = System.nanoTime();
            synchronized (MeaSignal.this) { // shed time is not progress: keep it out of the real-time factor
                if (rateWatermark != Long.MIN_VALUE) rateWatermark += toMicros - fromMicros;
            }
            refreshBehind(labNow.getAsLong());
            if (Long.bitCount(n) == 1)
                LOG.warn("Data of {} has a gap of {} ms at lab time {} s: {} ({} gap(s) so far)", meaId, (toMicros - fromMicros) / 1_000,
                        fromMicros / 1_000_000, reason, n);
            for (Subscriber s : subscribers) {
                try {
                    s.listener().onGap(mea, fromMicros, toMicros, reason);
                } catch (RuntimeException e) {
                    LOG.warn("A subscriber of {} failed on a gap", meaId, e);
                }
            }
        }
    }

    /** Only samples come this way; the same spikes and watermarks come through {@link Events}. */
    private final class RawTap implements SignalListener {
        @Override
        public void onSpikes(SpikeBatch batch) {
        }

        @Override
        public void onSamples(RawSampleBlock block) {
            rawToSubscribers(block);
        }
    }
}

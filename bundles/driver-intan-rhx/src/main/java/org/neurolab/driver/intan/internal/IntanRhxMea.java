package org.neurolab.driver.intan.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.driver.intan.internal.rhx.ControllerFacts;
import org.neurolab.driver.intan.internal.rhx.RhxCommandClient;
import org.neurolab.driver.intan.internal.rhx.RhxCommandException;
import org.neurolab.driver.intan.internal.rhx.StimPlan;
import org.neurolab.driver.intan.internal.rhx.WaveformBlock;
import org.neurolab.driver.intan.internal.rhx.WaveformLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Intan stimulation/recording controller, run by RHX, as one MEA of the lab. It delivers raw wideband samples only
 * (the lab detects spikes), stimulates exactly the channels a call names, and reports when the controller applied the
 * first pulse from the stimulation words in the data stream.
 *
 * <p>Stimulation goes only through a connection this driver has verified and put in its safe state; between a lost
 * connection and the next verified one, {@link #stimulate} refuses.
 */
public final class IntanRhxMea implements MeaDriver {
    private static final Logger LOG = LoggerFactory.getLogger(IntanRhxMea.class);

    /** Who wants to know when the driver becomes usable or unusable (the component registers and unregisters its services). */
    interface Presence {
        void verified(IntanRhxMea mea);

        void refused(IntanRhxMea mea, String reason);
    }

    private record Link(RhxCommandClient cmd, ControllerFacts facts, StimulatorRange range) {
    }

    private final DriverSettings s;
    private final DeviceInfo info;
    private final LabClock clock;
    private final SignalFanout fanout = new SignalFanout();
    private final Acquisition acquisition;
    private final Presence presence;
    private final Thread thread;
    private final ScheduledExecutorService disarmer;

    private final Object stimLock = new Object();
    private volatile Link link;
    private volatile StimulatorRange lastRange;
    private volatile EchoWatch watch;
    private volatile boolean stopped;
    private volatile String state = "CONNECTING", reason = "";
    /** Channels this driver enabled since the last safe state, with the parameters uploaded to each. */
    private final Map<String, List<String>> armed = new HashMap<>();
    private final long[] busyUntilMicros;
    private long disarmGeneration;
    private final AtomicLong blocks = new AtomicLong(), gaps = new AtomicLong(), gapMicros = new AtomicLong(), malformed = new AtomicLong(),
            reconnects = new AtomicLong(), stimulations = new AtomicLong(), echoMisses = new AtomicLong(), compliance = new AtomicLong();
    private volatile long watermark;

    IntanRhxMea(DriverSettings settings, LabClock clock, String driverVersion, Presence presence) {
        this.s = settings;
        this.clock = clock;
        this.presence = presence;
        this.info = new DeviceInfo(settings.deviceId(), DeviceKind.MEA, settings.rigId(), "Intan Technologies",
                "Stimulation/recording controller via RHX Remote TCP Control (" + settings.host() + ":" + settings.commandPort() + ")",
                "driver " + driverVersion);
        this.busyUntilMicros = new long[settings.channels().size()];
        this.acquisition = new Acquisition(this, settings, clock, fanout);
        this.thread = Thread.ofPlatform().daemon().name("intan-rhx " + settings.deviceId()).unstarted(acquisition);
        this.disarmer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("intan-rhx disarm " + settings.deviceId()).unstarted(r));
    }

    void start() {
        thread.start();
    }

    /** Stop as a bundle stop does: the controller to its safe state (run stopped), the thread ended, no callback after. */
    void stop() {
        stopped = true;
        fanout.close();
        synchronized (stimLock) {
            Link l = link;
            link = null;
            if (l != null) {
                try {
                    SafeState.stopAndDisarm(l.cmd, l.facts.amplifierChannels());
                    armed.clear();
                } catch (IOException | RhxCommandException e) {
                    LOG.warn("{}: could not put the controller in its safe state while stopping: {}", s.deviceId(), e.getMessage());
                }
            }
        }
        acquisition.close();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disarmer.shutdownNow();
        state("STOPPED", "driver stopped");
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public MeaLayout layout() {
        return s.layout();
    }

    @Override
    public boolean detectsSpikes() {
        return false;
    }

    /** 255 steps of the controller's current step; phases of whole sample periods up to RHX's 5 ms. */
    @Override
    public StimulatorRange stimulatorRange() {
        StimulatorRange r = lastRange;
        if (r == null) throw new IllegalStateException(s.deviceId() + " has not verified its controller yet: " + reason);
        return r;
    }

    @Override
    public double[] electrodeImpedancesKilohms() throws DeviceException {
        if (s.impedancesKilohms() == null) {
            throw new DeviceException(s.deviceId() + ": RHX measures impedances (execute MeasureImpedance) but its Remote TCP Control cannot return the "
                    + "values, and no impedancesKilohms are configured for this array");
        }
        return s.impedancesKilohms().clone();
    }

    @Override
    public void addSignalListener(SignalListener listener, boolean wantsRaw) {
        fanout.add(listener, wantsRaw);
    }

    @Override
    public void removeSignalListener(SignalListener listener) {
        fanout.remove(listener);
    }

    @Override
    public long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException {
        if (electrodes == null || electrodes.isEmpty()) throw new DeviceException(s.deviceId() + ": stimulate needs at least one electrode");
        int n = s.channels().size();
        Set<Integer> distinct = new LinkedHashSet<>();
        for (Integer e : electrodes) {
            if (e == null || e < 0 || e >= n) throw new DeviceException("electrode " + e + " is outside " + s.deviceId() + " (0.." + (n - 1) + ")");
            if (!distinct.add(e)) throw new DeviceException(s.deviceId() + ": electrode " + e + " is named twice");
        }
        synchronized (stimLock) {
            Link l = link;
            if (l == null || stopped)
                throw new DeviceException(s.deviceId() + ": no verified connection to the RHX controller (" + state + ": " + reason + "); nothing was delivered");
            String outOfRange = l.range.check(train);
            if (outOfRange != null) throw new DeviceException(s.deviceId() + ": " + outOfRange);
            long now = clock.nowMicros();
            for (int e : distinct) {
                if (busyUntilMicros[e] > now)
                    throw new DeviceException(s.deviceId() + ": electrode " + e + " (" + s.channels().get(e) + ") is still delivering its previous train "
                            + "(until lab time " + busyUntilMicros[e] + " µs, refractory included); nothing was delivered");
            }
            Map<String, List<String>> plans = new HashMap<>();
            try {
                for (int e : distinct) {
                    String ch = s.channels().get(e);
                    plans.put(ch, StimPlan.arm(ch, train, l.facts.stimStepMicroamps(), l.facts.sampleRateHz(), s.triggerSource()));
                }
            } catch (IllegalArgumentException cannot) {
                throw new DeviceException(s.deviceId() + ": " + cannot.getMessage());
            }
            List<String> commands = new ArrayList<>();
            for (String ch : new ArrayList<>(armed.keySet())) {
                if (!plans.containsKey(ch)) commands.addAll(StimPlan.disarm(ch)); // only what this call names may fire
            }
            for (Map.Entry<String, List<String>> p : plans.entrySet()) {
                if (!p.getValue().equals(armed.get(p.getKey()))) commands.addAll(p.getValue()); // an unchanged channel needs no upload
            }
            try {
                l.cmd.send(commands);
            } catch (RhxCommandException refused) {
                disarmQuietly(l, plans.keySet());
                throw new DeviceException(s.deviceId() + ": " + refused.getMessage() + "; nothing was fired");
            } catch (IOException lost) {
                acquisition.reconnect("command server failed: " + lost.getMessage());
                throw new DeviceException(s.deviceId() + ": the RHX command connection failed while arming (" + lost.getMessage() + "); nothing was fired");
            }
            armed.keySet().retainAll(plans.keySet());
            armed.putAll(plans);
            boolean[] watched = new boolean[acquisition.streamOrder().size()];
            for (String ch : plans.keySet()) watched[acquisition.streamOrder().indexOf(ch)] = true;
            EchoWatch w = new EchoWatch(watched, acquisition.nextIndex());
            watch = w;
            boolean key = StimPlan.isKey(s.triggerSource());
            try {
                // the controller cannot apply the pulse before the trigger is sent: the bound when the echo does not show in time
                long sentAt = clock.nowMicros();
                if (key) l.cmd.send(StimPlan.fire(s.triggerSource()));
                long applied = w.await(s.echoTimeoutMillis());
                stimulations.incrementAndGet();
                if (applied < 0 && !key) {
                    disarmQuietly(l, plans.keySet());
                    stimulations.decrementAndGet();
                    throw new DeviceException(s.deviceId() + ": armed on " + s.triggerSource() + " but no trigger came within " + s.echoTimeoutMillis()
                            + " ms; disarmed, nothing was delivered");
                }
                if (applied < 0) {
                    echoMisses.incrementAndGet();
                    LOG.warn("{}: the stimulation on {} did not show in the data within {} ms (the stream is {} µs behind the lab clock); reporting the "
                                    + "lab time the trigger was sent, {} µs, as its applied time (a lower bound)", s.deviceId(), plans.keySet(), s.echoTimeoutMillis(),
                            clock.nowMicros() - watermark, sentAt);
                    applied = sentAt;
                }
                long end = applied + train.durationMicros() + s.refractoryMicros();
                for (int e : distinct) busyUntilMicros[e] = end;
                if (!key) scheduleDisarm(plans.keySet(), end - applied);
                return applied;
            } catch (RhxCommandException refused) {
                disarmQuietly(l, plans.keySet());
                throw new DeviceException(s.deviceId() + ": " + refused.getMessage() + "; nothing was fired");
            } catch (IOException lost) {
                acquisition.reconnect("command server failed: " + lost.getMessage());
                throw new DeviceException(s.deviceId() + ": the RHX command connection failed while firing (" + lost.getMessage()
                        + "); whether the pulse was delivered is unknown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(s.deviceId() + ": interrupted while waiting for the stimulation to show in the data");
            } finally {
                watch = null;
            }
        }
    }

    /**
     * Stimulation disabled on every channel of the controller. The run goes on (a session's end must not cut the lab's
     * recording); the controller's run is stopped on first connection, on a lost stream and when the driver stops.
     */
    @Override
    public void enterSafeState() throws DeviceException {
        synchronized (stimLock) {
            Link l = link;
            if (l == null || armed.isEmpty()) return; // nothing armed since the last safe state, or nothing to command
            try {
                SafeState.disarmRunning(l.cmd, l.facts.amplifierChannels());
                armed.clear();
                disarmGeneration++;
            } catch (RhxCommandException e) {
                throw new DeviceException(s.deviceId() + ": could not disable stimulation: " + e.getMessage(), e);
            } catch (IOException e) {
                acquisition.reconnect("command server failed: " + e.getMessage()); // the next connection starts with the run stopped and stimulation off
                throw new DeviceException(s.deviceId() + ": could not disable stimulation: " + e.getMessage(), e);
            }
        }
    }

    DriverStatus status() {
        return new DriverStatus(s.deviceId(), state, reason, blocks.get(), gaps.get(), gapMicros.get(), malformed.get(), reconnects.get(),
                stimulations.get(), echoMisses.get(), compliance.get(), watermark);
    }

    DriverSettings settings() {
        return s;
    }

    // --- called by the acquisition thread

    void state(String newState, String why) {
        state = newState;
        reason = why;
    }

    void countReconnect() {
        reconnects.incrementAndGet();
    }

    void countMalformed(long n) {
        malformed.addAndGet(n);
    }

    void linkUp(RhxCommandClient cmd, ControllerFacts facts) {
        double maxAmplitude = StimPlan.MAX_STEPS * facts.stimStepMicroamps();
        long minPhase = (long) Math.ceil(1e6 / facts.sampleRateHz());
        StimulatorRange range = new StimulatorRange(maxAmplitude, minPhase, StimPlan.MAX_PHASE_MICROS, StimPlan.MAX_PHASE_MICROS, s.maxRateHz());
        synchronized (stimLock) {
            armed.clear();
            lastRange = range;
            link = new Link(cmd, facts, range);
        }
        state("STREAMING", reconnects.get() == 0 ? "" : "recovered: " + reason);
        LOG.info("{}: RHX {} verified ({} Hz, stimulation step {} µA, {} channels mapped), streaming", s.deviceId(), facts.type(), facts.sampleRateHz(),
                facts.stimStepMicroamps(), s.channels().size());
        presence.verified(this);
    }

    void refused(String why) {
        state("REFUSED", why);
        LOG.error("{}: controller refused: {}", s.deviceId(), why);
        presence.refused(this, why);
    }

    /** The connection ended: nothing may stimulate through it; the safe state where RHX still answers. */
    void linkDown(RhxCommandClient cmd, String loss) {
        synchronized (stimLock) {
            Link l = link;
            link = null;
            if (loss != null && l != null && cmd != null && cmd.isOpen()) {
                try {
                    SafeState.stopAndDisarm(cmd, l.facts.amplifierChannels());
                    armed.clear();
                } catch (IOException | RhxCommandException e) {
                    LOG.warn("{}: the controller did not take the safe state after the connection was lost: {}", s.deviceId(), e.getMessage());
                }
            }
        }
        if (loss == null) return;
        state("RECONNECTING", "connection lost: " + loss); // at once: not STREAMING while the driver waits to reconnect
        LOG.warn("{}: connection to RHX lost ({}); stimulation refused until a new connection is verified", s.deviceId(), loss);
    }

    void gap(long from, long to, String why) {
        gaps.incrementAndGet();
        gapMicros.addAndGet(to - from);
        LOG.info("{}: gap in the data {}..{} µs ({} ms): {}", s.deviceId(), from, to, (to - from) / 1000, why);
        fanout.gap(s.deviceId(), from, to, why);
    }

    void block(long firstIndex, WaveformBlock b, LabTimeline timeline) {
        blocks.incrementAndGet();
        if (b.complianceLimit() && compliance.getAndIncrement() % 1000 == 0)
            LOG.warn("{}: a channel reached its compliance limit while stimulating (the electrode may be open or the current too high)", s.deviceId());
        EchoWatch w = watch;
        if (w != null && w.offer(firstIndex, b.firstStimFrame(), timeline)) watch = null;
        watermark = timeline.timeOf(firstIndex + WaveformLayout.FRAMES_PER_BLOCK);
    }

    private void disarmQuietly(Link l, Set<String> channels) {
        List<String> c = new ArrayList<>();
        for (String ch : channels) c.addAll(StimPlan.disarm(ch));
        try {
            l.cmd.send(c);
            armed.keySet().removeAll(channels);
        } catch (IOException | RhxCommandException e) {
            LOG.warn("{}: could not disarm {}: {}", s.deviceId(), channels, e.getMessage());
        }
    }

    /** Triggers from the controller's inputs would fire an armed channel again: disarm once its train is done. */
    private void scheduleDisarm(Set<String> channels, long afterMicros) {
        long generation = ++disarmGeneration;
        Set<String> these = new HashSet<>(channels);
        disarmer.schedule(() -> {
            synchronized (stimLock) {
                Link l = link;
                if (l != null && generation == disarmGeneration) disarmQuietly(l, these);
            }
        }, afterMicros, TimeUnit.MICROSECONDS);
    }
}

package org.example.lab.mea.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * An MEA driver: one instance per {@code deploy/org.example.mea-<name>.cfg}. The lab's control service is its only
 * caller; it has already checked the culture, the electrodes and the stimulator range, and run the guards and journals,
 * so the driver's own checks are the last line, not the policy.
 *
 * <p>Time: the instrument counts samples; sample {@code i} is at lab time {@code start + i / rate}, where {@code start} is
 * the lab time at which acquisition began. Stimulation returns the lab time of the sample at which the instrument applied
 * the first pulse, on the same time base as the data, so a script's windows line up with what was recorded.
 */
@Component(configurationPid = "org.example.mea", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ExampleMeaConfig.class, factory = true)
public class ExampleMeaDriver implements MeaDriver, Instrument.Sink {
    private final DeviceInfo info;
    private final MeaLayout layout;
    private final StimulatorRange range;
    private final Instrument instrument;
    private final long startMicros;
    private final Map<SignalListener, Boolean> listeners = new ConcurrentHashMap<>(); // listener → wants raw
    private final ServiceRegistration<MeaDriver> registration;
    private volatile boolean stopped;

    @Activate
    public ExampleMeaDriver(ExampleMeaConfig config, @Reference LabClock clock, BundleContext context) throws Exception {
        this(config, clock, new DemoInstrument(config.electrodes(), config.sampleRateHz()), context.getBundle().getVersion().toString(), context);
    }

    ExampleMeaDriver(ExampleMeaConfig config, LabClock clock, Instrument instrument, String version, BundleContext context) throws Exception {
        this.info = new DeviceInfo(config.deviceId(), DeviceKind.MEA, config.rigId(), "Example Instruments", "Example MEA", version);
        List<Electrode> electrodes = new ArrayList<>();
        int side = (int) Math.ceil(Math.sqrt(config.electrodes()));
        for (int i = 0; i < config.electrodes(); i++) electrodes.add(new Electrode(i, (i % side) * 200.0, (i / side) * 200.0, 30.0));
        this.layout = new MeaLayout(config.deviceId(), electrodes, config.sampleRateHz());
        this.range = new StimulatorRange(config.maxAmplitudeMicroamps(), config.minPhaseMicros(), config.maxPhaseMicros(), 1_000, 1_000);
        this.instrument = instrument;
        instrument.disarm(); // safe state when first connected: whatever a previous session left armed
        this.startMicros = clock.nowMicros();
        instrument.start(this);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceDriver.DEVICE_ID, info.deviceId());
        this.registration = context == null ? null : context.registerService(MeaDriver.class, this, props);
    }

    @Deactivate
    void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
        try {
            instrument.disarm();
        } catch (Exception e) {
            // leaving anyway; the instrument's own watchdog must disarm it
        }
        stopped = true;
        instrument.close();
        listeners.clear();
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public MeaLayout layout() {
        return layout;
    }

    @Override
    public StimulatorRange stimulatorRange() {
        return range;
    }

    /** The demo instrument detects spikes on board; a raw-only instrument returns false and the lab detects them. */
    @Override
    public boolean detectsSpikes() {
        return true;
    }

    @Override
    public long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException {
        if (electrodes == null || electrodes.isEmpty()) throw new DeviceException(info.deviceId() + ": no electrode to stimulate through");
        for (int e : electrodes)
            if (e < 0 || e >= layout.electrodeCount())
                throw new DeviceException(info.deviceId() + ": electrode " + e + " is not on this array (0.." + (layout.electrodeCount() - 1) + ")");
        String outOfRange = range.check(train);
        if (outOfRange != null) throw new DeviceException(info.deviceId() + ": " + outOfRange);
        try {
            return labMicros(instrument.stimulate(electrodes, train));
        } catch (Exception e) {
            throw new DeviceException(info.deviceId() + ": the instrument did not take the stimulation: " + e.getMessage(), e);
        }
    }

    @Override
    public void enterSafeState() throws DeviceException {
        try {
            instrument.disarm();
        } catch (Exception e) {
            throw new DeviceException(info.deviceId() + ": could not disarm the stimulator: " + e.getMessage(), e);
        }
    }

    @Override
    public void addSignalListener(SignalListener listener, boolean wantsRaw) {
        if (!stopped) listeners.put(listener, wantsRaw);
    }

    @Override
    public void removeSignalListener(SignalListener listener) {
        listeners.remove(listener);
    }

    /** On the instrument's acquisition thread: spikes, raw samples to those who want them, then the watermark. */
    @Override
    public void block(long firstSample, int sampleCount, float[] samples, long[] spikeSamples, int[] spikeChannels) {
        if (stopped || listeners.isEmpty()) return;
        long[] times = new long[spikeSamples.length];
        float[] amplitudes = new float[spikeSamples.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = labMicros(spikeSamples[i]);
            amplitudes[i] = samples[spikeChannels[i] * sampleCount + (int) (spikeSamples[i] - firstSample)];
        }
        SpikeBatch spikes = new SpikeBatch(layout.meaId(), times.length, spikeChannels, times, amplitudes);
        RawSampleBlock raw = new RawSampleBlock(layout.meaId(), firstSample, labMicros(firstSample), layout.sampleRateHz(), layout.electrodeCount(),
                sampleCount, samples);
        long completeUpTo = labMicros(firstSample + sampleCount);
        listeners.forEach((l, wantsRaw) -> {
            try {
                l.onSpikes(spikes);
                if (wantsRaw) l.onSamples(raw);
                l.onWatermark(layout.meaId(), completeUpTo);
            } catch (RuntimeException e) {
                // a listener's failure is the listener's: the acquisition goes on for the others
            }
        });
    }

    @Override
    public void lost(long fromSample, long toSample, String why) {
        if (stopped) return;
        listeners.keySet().forEach(l -> l.onGap(layout.meaId(), labMicros(fromSample), labMicros(toSample), why));
    }

    private long labMicros(long sample) {
        return startMicros + sample * 1_000_000L / layout.sampleRateHz();
    }
}

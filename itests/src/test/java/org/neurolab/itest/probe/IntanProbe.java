package org.neurolab.itest.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** A researcher's view of an Intan MEA, through the control service only: devices, cultures, raw samples, a stimulation. */
public final class IntanProbe extends ProbeBase {
    @Override
    protected String name() {
        return "intan";
    }

    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "devices" -> service(LabControl.class).devices().stream().map(DeviceInfo::deviceId).toList();
            case "model" -> service(LabControl.class).devices().stream().filter(d -> d.deviceId().equals(w[1])).map(DeviceInfo::model).findFirst().orElse("");
            case "cultures" -> service(CultureRegistry.class).cultures().stream().map(Organoid::id).sorted().toList();
            case "raw" -> raw(w[1], Long.parseLong(w[2]));
            case "stimulate" -> stimulate(w[1], Integer.parseInt(w[2]), Double.parseDouble(w[3]));
            default -> "unknown request " + String.join(" ", w);
        };
    }

    private static Caller researcher() {
        return new Caller("probe-researcher", Set.of("researcher"), "research");
    }

    private Map<String, Object> raw(String organoid, long millis) throws Exception {
        AtomicLong blocks = new AtomicLong(), channels = new AtomicLong(), marks = new AtomicLong(), lastMark = new AtomicLong(-1);
        AtomicLong spikes = new AtomicLong(), snippetLength = new AtomicLong();
        try (LabSession session = service(LabControl.class).openSession(researcher());
             AutoCloseable sub = session.subscribe(organoid, new SignalListener() {
                 @Override
                 public void onSpikes(SpikeBatch batch) {
                     spikes.addAndGet(batch.count());
                     snippetLength.set(batch.snippetLength());
                 }

                 @Override
                 public void onSamples(RawSampleBlock block) {
                     blocks.incrementAndGet();
                     channels.set(block.channelCount());
                 }

                 @Override
                 public void onWatermark(String meaId, long t) {
                     marks.incrementAndGet();
                     lastMark.set(t);
                 }
             }, true)) {
            Thread.sleep(millis);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("blocks", blocks.get());
        out.put("channels", channels.get());
        out.put("watermarks", marks.get());
        out.put("spikes", spikes.get());
        out.put("snippetLength", snippetLength.get());
        return out;
    }

    private String stimulate(String organoid, int electrode, double microamps) {
        try (LabSession session = service(LabControl.class).openSession(researcher())) {
            CommandReceipt r = session.stimulate(new Stimulate(organoid, List.of(electrode),
                    PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, microamps, 200, 0))));
            return "applied " + r.appliedMicros() + " issued " + r.labTimeMicros() + " on " + r.deviceId();
        } catch (CommandRefusedException e) {
            return "refused: " + e.getMessage();
        }
    }
}

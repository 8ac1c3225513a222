package org.neurolab.itest.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** A researcher's view of the simulated rig, through the control service only: stimulate, then count the spikes that come back. */
public final class SimProbe extends ProbeBase {

    @Override
    protected String name() {
        return "sim";
    }

    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "devices" -> service(LabControl.class).devices().stream().map(DeviceInfo::deviceId).toList();
            case "cultures" -> service(CultureRegistry.class).cultures().stream().map(Organoid::id).toList();
            case "clock" -> service(LabClock.class).isVirtual() + " " + service(LabClock.class).nowMicros();
            case "evoked" -> evoked(w[1], Double.parseDouble(w[2]));
            default -> "unknown request " + String.join(" ", w);
        };
    }

    /**
     * Spikes on a culture's electrodes in the 100 ms after each of 20 pulses, against the 100 ms before each.
     * Lab time is the rig's virtual time, moved on by waiting on the lab clock.
     */
    private Map<String, Object> evoked(String organoidId, double amplitude) throws Exception {
        LabClock clock = service(LabClock.class);
        Organoid organoid = service(CultureRegistry.class).culture(organoidId).orElseThrow();
        Set<Integer> electrodes = Set.copyOf(organoid.electrodes());
        long[] window = new long[2]; // [start, end) of the window being counted
        AtomicLong counted = new AtomicLong();
        long before = 0, after = 0;
        try (LabSession session = service(LabControl.class).openSession(new Caller("probe-researcher", Set.of("researcher"), "research"));
             AutoCloseable sub = session.subscribe(organoidId, (SpikeBatch b) -> {
                 for (int i = 0; i < b.count(); i++)
                     if (electrodes.contains(b.electrodes()[i]) && b.timesMicros()[i] >= window[0] && b.timesMicros()[i] < window[1])
                         counted.incrementAndGet();
             }, false)) {
            clock.awaitMicros(clock.nowMicros() + 1_000_000); // settle
            PulseTrain pulse = PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, amplitude, 200, 0));
            for (int trial = 0; trial < 20; trial++) {
                long t = clock.nowMicros();
                window[0] = t;
                window[1] = t + 100_000;
                counted.set(0);
                clock.awaitMicros(t + 100_000);
                before += counted.get();
                long s = clock.nowMicros();
                session.stimulate(new Stimulate(organoidId, List.of(organoid.electrodes().get(0)), pulse));
                window[0] = s;
                window[1] = s + 100_000;
                counted.set(0);
                clock.awaitMicros(s + 100_000);
                after += counted.get();
                clock.awaitMicros(clock.nowMicros() + 800_000);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", before);
        out.put("after", after);
        return out;
    }

}

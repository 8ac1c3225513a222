package org.neurolab.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.driver.sim.SimulationControl;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingService;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.stream.StreamBus;
import org.neurolab.recording.stream.SubscriptionOptions;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptSource;

/** The lab's time and data as a user's tools see them: script runs, data health, holds, what recordings hold. */
public final class ClockProbe extends ProbeBase {
    private final List<Long> live = new CopyOnWriteArrayList<>();
    private volatile AutoCloseable liveSubscription;

    @Override
    protected String name() {
        return "clock";
    }

    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "now" -> service(LabClock.class).nowMicros();
            case "run", "dry" -> run(w[0].equals("dry"), Path.of(w[1]), w[2]);
            case "margin" -> org.neurolab.scheduling.DryRunMargin.boundMicros(Long.parseLong(w[1])); // what the queue books for an estimate
            case "health" -> service(LabControl.class).dataHealth().stream().map(ClockProbe::plain).toList();
            case "slowdown" -> {
                service(SimulationControl.class).setSlowdown(Double.parseDouble(w[1]));
                yield "ok";
            }
            case "holds" -> new TreeSet<>(service(EthicsOffice.class).holds().keySet()).stream().toList();
            case "recordings" -> service(RecordingService.class).recordings().stream()
                    .map(r -> List.of(r.id(), r.startedMicros(), r.stoppedMicros() == null ? -1L : r.stoppedMicros())).toList();
            case "spike-times" -> { // recording organoid from to: the stored spike times of one culture
                List<StoredSpike> s = service(RecordingService.class).spikes(SpikeQuery.of(Long.parseLong(w[1]), Long.parseLong(w[3]), Long.parseLong(w[4]))
                        .organoid(w[2]));
                yield s.stream().map(StoredSpike::timeMicros).toList();
            }
            case "live-start" -> { // organoid: collect the culture's spikes from the live stream (the console's feed)
                Organoid o = service(CultureRegistry.class).culture(w[1]).orElseThrow();
                Set<Integer> electrodes = Set.copyOf(o.electrodes());
                live.clear();
                liveSubscription = service(StreamBus.class).subscribe(spikes -> {
                    for (int i = 0; i < spikes.count(); i++)
                        if (spikes.meaId().equals(o.meaId()) && electrodes.contains(spikes.electrodes()[i])) live.add(spikes.timesMicros()[i]);
                }, SubscriptionOptions.of("clock probe live view"));
                yield "ok";
            }
            case "live-stop" -> {
                liveSubscription.close();
                yield List.copyOf(live);
            }
            case "gaps" -> service(RecordingService.class).gaps(Long.parseLong(w[1]), Long.MIN_VALUE, Long.MAX_VALUE).stream() // recording: its stored gaps
                    .map(g -> List.<Object>of(g.meaId(), g.fromMicros(), g.toMicros(), g.reason())).toList();
            case "complete-up-to" -> { // recording: how far it is complete, as stored
                Long c = service(RecordingService.class).recordings().stream().filter(r -> r.id() == Long.parseLong(w[1])).findFirst().orElseThrow()
                        .completeUpToMicros();
                yield c == null ? -1L : c;
            }
            case "stimulation-times" -> service(RecordingService.class).stimulations(Long.parseLong(w[1]), 0, Long.MAX_VALUE).stream()
                    .map(StoredStimulation::timeMicros).toList();
            default -> "error: unknown request " + w[0];
        };
    }

    private static Map<String, Object> plain(DataSourceHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meaId", h.meaId());
        m.put("watermark", h.watermarkMicros());
        m.put("lag", h.lagMicros());
        m.put("factor", h.realTimeFactor());
        m.put("gaps", h.gaps());
        m.put("gapMicros", h.gapMicros());
        m.put("behind", h.behind());
        m.put("summary", h.summary());
        return m;
    }

    private Map<String, Object> run(boolean dry, Path file, String organoid) throws Exception {
        ScriptSource source = ScriptSource.of(file.getFileName().toString(), Files.readString(file));
        RunRequest request = new RunRequest(source, new Caller("probe-researcher", Set.of("researcher"), "research"), List.of(organoid), null);
        ExperimentRunner runner = service(ExperimentRunner.class);
        RunRecord r = dry ? runner.dryRun(request) : runner.runAndWait(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", r.state().name());
        out.put("error", r.error());
        out.put("output", r.output());
        out.put("results", r.results());
        out.put("labMicros", r.labMicros());
        return out;
    }
}

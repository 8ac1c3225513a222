package org.neurolab.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptSource;

/** Runs a script file through the lab's ExperimentRunner, as the console and the CLI will, and hands back the record as plain values. */
public final class ScriptProbe extends ProbeBase {
    @Override
    protected String name() {
        return "script";
    }

    /** "run <file> <organoid>", "dry <file> <organoid>" (a dry run), "clock" (the lab clock's µs) */
    @Override
    protected Object answer(String[] w) throws Exception {
        if (w[0].equals("clock")) return service(org.neurolab.api.clock.LabClock.class).nowMicros();
        if (w[0].equals("cancel-storm")) return cancelStorm(Path.of(w[1]), w[2], Integer.parseInt(w[3]));
        try {
            Path file = Path.of(w[1]);
            ScriptSource source = ScriptSource.of(file.getFileName().toString(), Files.readString(file));
            RunRequest request = new RunRequest(source, new Caller("probe-researcher", Set.of("researcher"), "research"), List.of(w[2]), null);
            ExperimentRunner runner = service(ExperimentRunner.class);
            RunRecord r = w[0].equals("dry") ? runner.dryRun(request) : runner.runAndWait(request);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", r.state().name());
            out.put("error", r.error());
            out.put("output", r.output());
            out.put("results", r.results());
            out.put("labMicros", r.labMicros());
            out.put("provenance", r.provenance());
            return out;
        } catch (Exception e) {
            return Map.of("state", "PROBE-ERROR", "error", e.toString());
        }
    }

    /** "cancel-storm <file> <organoid> <n>": starts the script n times and cancels each a different while in; the final states. */
    private Object cancelStorm(Path file, String organoid, int n) throws Exception {
        ScriptSource source = ScriptSource.of(file.getFileName().toString(), Files.readString(file));
        ExperimentRunner runner = service(ExperimentRunner.class);
        Map<String, Integer> states = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            RunRecord r = runner.submit(new RunRequest(source, new Caller("probe-researcher", Set.of("researcher"), "research"), List.of(organoid), null));
            Thread.sleep(150 + (i * 37) % 200);
            runner.cancel(r.id());
            RunRecord end = r;
            for (int t = 0; t < 300 && !end.state().isFinal(); t++) {
                Thread.sleep(50);
                end = runner.run(r.id()).orElseThrow();
            }
            states.merge(end.state().name(), 1, Integer::sum);
        }
        return states;
    }
}

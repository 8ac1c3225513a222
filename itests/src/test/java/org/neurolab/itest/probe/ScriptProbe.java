package org.neurolab.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.neurolab.api.control.Caller;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptSource;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Runs a script file through the lab's ExperimentRunner, as the console and the CLI will, and hands back the record as plain values. */
public final class ScriptProbe implements BundleActivator, Function<String, Object> {
    private BundleContext context;

    @Override
    public void start(BundleContext context) {
        this.context = context;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("probe", "script");
        context.registerService(Function.class, this, props);
    }

    @Override
    public void stop(BundleContext context) {
    }

    /** "run <file> <organoid>" */
    @Override
    public Object apply(String request) {
        String[] w = request.split(" ");
        try {
            Path file = Path.of(w[1]);
            ScriptSource source = ScriptSource.of(file.getFileName().toString(), Files.readString(file));
            ServiceReference<ExperimentRunner> ref = context.getServiceReference(ExperimentRunner.class);
            RunRecord r = context.getService(ref).runAndWait(
                    new RunRequest(source, new Caller("probe-researcher", Set.of("researcher"), "research"), List.of(w[2]), null));
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
}

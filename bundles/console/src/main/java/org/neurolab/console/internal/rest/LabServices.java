package org.neurolab.console.internal.rest;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.dosing.Dosing;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.scheduling.Scheduler;
import org.neurolab.recording.RecordingService;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.ScriptLibrary;
import org.osgi.framework.BundleContext;

/**
 * The lab services the resources use. Each may come and go (a bundle stopped, a configuration deleted): a resource
 * asks for one when it needs it, and its absence is a clear 503 rather than a console that does not start.
 */
public record LabServices(BundleContext context, Supplier<LabControl> controlRef, Supplier<CultureRegistry> culturesRef,
                          Supplier<ExperimentRunner> runnerRef, Supplier<ScriptLibrary> scriptsRef, Supplier<RecordingService> recordingsRef,
                          Supplier<EthicsOffice> ethicsRef, Supplier<LabClock> clockRef, Supplier<Dosing> dosingRef,
                          Supplier<Scheduler> schedulerRef) {

    public LabControl control() {
        return need(controlRef, "lab control (bundle org.neurolab.control)");
    }

    public CultureRegistry cultures() {
        return need(culturesRef, "culture registry (the simulated rig or a culture provider)");
    }

    public ExperimentRunner runner() {
        return need(runnerRef, "experiment runner (bundle org.neurolab.scripting)");
    }

    public ScriptLibrary scripts() {
        return need(scriptsRef, "script library (bundle org.neurolab.scripting)");
    }

    public RecordingService recordings() {
        return need(recordingsRef, "recording service (bundle org.neurolab.recording and its configuration)");
    }

    public EthicsOffice ethics() {
        return need(ethicsRef, "ethics office (bundle org.neurolab.ethics and deploy/org.neurolab.ethics.cfg)");
    }

    public EthicsOffice ethicsOrNull() {
        return ethicsRef.get();
    }

    public Dosing dosing() {
        return need(dosingRef, "dosing (bundle org.neurolab.dosing)");
    }

    public Scheduler scheduler() {
        return need(schedulerRef, "scheduling (bundle org.neurolab.scheduling and deploy/org.neurolab.scheduling.cfg)");
    }

    public LabClock clock() {
        return need(clockRef, "lab clock");
    }

    public Path folder(String property, String fallback) {
        String dir = context.getProperty(property);
        return Path.of(dir == null ? fallback : dir);
    }

    private static <T> T need(Supplier<T> s, String what) {
        T t = s.get();
        if (t == null) throw new ApiException(503, "the " + what + " is not running");
        return t;
    }
}

package org.neurolab.driver.intan.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.driver.intan.internal.rhx.RhxCommandClient;
import org.neurolab.driver.intan.internal.rhx.RhxCommandException;
import org.neurolab.driver.intan.internal.rhx.StimPlan;

/** The controller's safe states, as RHX commands. */
final class SafeState {
    private SafeState() {
    }

    /**
     * Run stopped, stimulation disabled on every channel and uploaded (RHX uploads every channel at once only while
     * stopped): when a connection is made, when the driver stops and when the waveform stream is lost.
     */
    static void stopAndDisarm(RhxCommandClient cmd, List<String> channels) throws IOException, RhxCommandException {
        if (!"Stop".equalsIgnoreCase(cmd.runMode())) cmd.send("set RunMode Stop");
        List<String> c = new ArrayList<>();
        for (String ch : channels) c.add("set " + ch + ".StimEnabled False");
        c.add("execute UploadStimParameters");
        cmd.send(c);
    }

    /** Stimulation disabled on every channel, one channel's upload at a time, while the run goes on (the end of a session). */
    static void disarmRunning(RhxCommandClient cmd, List<String> channels) throws IOException, RhxCommandException {
        List<String> c = new ArrayList<>();
        for (String ch : channels) c.addAll(StimPlan.disarm(ch));
        cmd.send(c);
    }
}

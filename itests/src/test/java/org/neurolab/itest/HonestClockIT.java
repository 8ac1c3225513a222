package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One honest clock on a real lab whose simulated rig cannot keep up (slowed on purpose to 0.5 × real time, as an
 * overloaded machine would run it): lab time never runs ahead of the data a script reads, the overrun is raised and
 * cleared, no culture is held for it, and script, store and recording agree on when things happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HonestClockIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.ClockProbe";
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        // a paced rig at its configured size (no shrinking) that runs at most 0.5 × real time and may lag 1 s
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=1\nmode=paced\nseed=5\nneuronsPerOrganoid=500\nheadroom=0\nslowdown=0.5\nmaxLagMillis=1000\n");
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\nrequiredJournals=audit\n");
        // tripwire on, with a short window, so that a silent-looking overrun would hold the cultures within the test
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=64\ntripwires=true\ntripwireWindowSeconds=20\ntripwireMinEvents=1\n");
        probe = Probes.install(lab, "clock", Probes.jar(home.resolve("build"), "org.neurolab.itest.clockprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.driver.sim,org.neurolab.ethics,org.neurolab.recording,"
                        + "org.neurolab.scheduling,org.neurolab.scripting,org.osgi.framework", PROBE));
        LabUnderTest.await("the slowed rig, ethics and the recording store", Duration.ofSeconds(60), () -> probe.apply("holds") instanceof List<?>
                && probe.apply("health") instanceof List<?> h && !h.isEmpty() && probe.apply("recordings") instanceof List<?>);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> health() {
        return ((List<Map<String, Object>>) probe.apply("health")).get(0);
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void the_amplitude_sweep_on_an_overloaded_rig_reports_real_responses_that_agree_with_its_recording() throws Exception {
        LabUnderTest.await("the overrun alarm", Duration.ofSeconds(30), () -> Boolean.TRUE.equals(health().get("behind")));
        assertTrue(((String) health().get("summary")).contains("behind"), "the alarm says by how much: " + health());

        Map<String, Object> r = (Map<String, Object>) probe.apply("run " + scripts().resolve("amplitude_sweep.py") + " sim-mea0-o2");
        System.out.println("sweep on the slowed rig -> " + r.get("state") + " " + r.get("error") + "\n" + r.get("output") + "\n" + r.get("results"));
        assertEquals("SUCCEEDED", r.get("state"), String.valueOf(r.get("error")));
        Map<String, Object> results = (Map<String, Object>) r.get("results");
        List<Map<String, Object>> sweep = (List<Map<String, Object>>) results.get("sweep");
        double weakest = ((Number) sweep.get(0).get("evoked_per_pulse")).doubleValue();
        double strongest = ((Number) sweep.get(3).get("evoked_per_pulse")).doubleValue();
        double baseline = ((Number) sweep.get(3).get("baseline_per_100ms")).doubleValue();
        assertTrue(strongest > weakest && strongest > baseline, "20 µA evokes more than 2 µA and than baseline: " + sweep);
        // the run's recording: its stimulations lie where its spikes are, and its spikes are the ones the script counted
        long recording = ((Number) ((Map<String, Object>) results.get("recording")).get("id")).longValue();
        List<Number> stims = (List<Number>) probe.apply("stimulation-times " + recording);
        assertEquals(40, stims.size(), "every pulse of the sweep, stored once");
        List<Number> spikes = (List<Number>) probe.apply("spike-times " + recording + " sim-mea0-o2 0 " + Long.MAX_VALUE);
        assertTrue(!spikes.isEmpty(), "the recording holds the culture's spikes");
        List<Number> span = ((List<List<Number>>) probe.apply("recordings")).stream().filter(x -> x.get(0).longValue() == recording).findFirst().orElseThrow();
        long started = span.get(1).longValue(), stopped = span.get(2).longValue();

        // windows anchored on the applied time lie in the data; a baseline window anchored on lab.now() may fall in time
        // the rig shed, and then the run's log says so instead of a silent zero. A culture may also truly be quiet
        // between pulses: a zero baseline is a lie only if the recording shows spontaneous activity in so many 100 ms
        // bins that 40 silent windows would be improbable (p < 0.002 at 15 % of bins active).
        String output = String.valueOf(r.get("output"));
        double activeBins = spontaneouslyActiveBinFraction(spikes, stims, started, stopped);
        assertTrue(baseline > 0 || output.contains("is missing") || activeBins < 0.15,
                "an empty baseline is explained in the run's log or by a quiet culture (" + activeBins + " of 100 ms bins active): " + output);
        for (Number s : stims)
            assertTrue(s.longValue() >= started && s.longValue() <= stopped, "stimulation " + s + " inside the recording " + started + ".." + stopped);
        long lastSpike = spikes.get(spikes.size() - 1).longValue();
        assertTrue(lastSpike > stims.get(stims.size() - 1).longValue(), "the data runs past the last pulse: the pulses are on the data's time base");
        // the last pulse's response, as stored, against the script's count for 20 µA: the same events
        long lastPulse = stims.get(stims.size() - 1).longValue();
        int stored = ((List<Number>) probe.apply("spike-times " + recording + " sim-mea0-o2 " + lastPulse + " " + (lastPulse + 100_000))).size();
        assertTrue(stored > 0, "the store holds the response the script counted after the last pulse");

        assertEquals(List.of(), probe.apply("holds"), "an overrun is the rig's alarm, not the cultures' loss of activity");
        assertTrue(((Number) health().get("gaps")).longValue() > 0, "the rig shed time, counted: " + health());

        // the time it shed is in the run's recording as gaps, not as silence: no stored spike lies in one
        List<List<Object>> gaps = (List<List<Object>>) probe.apply("gaps " + recording);
        System.out.println("sweep on the slowed rig: its recording holds " + gaps.size() + " gaps, first " + (gaps.isEmpty() ? "-" : gaps.get(0)));
        assertTrue(!gaps.isEmpty(), "the shed model time is stored with the recording");
        for (List<Object> g : gaps) {
            long from = ((Number) g.get(1)).longValue(), to = ((Number) g.get(2)).longValue();
            assertEquals("sim/mea0", g.get(0));
            assertTrue(to > from && !String.valueOf(g.get(3)).isBlank(), "a gap with a length and a reason: " + g);
            assertTrue(spikes.stream().noneMatch(t -> t.longValue() >= from && t.longValue() < to), "no spike in the gap " + g);
        }
        long complete = ((Number) probe.apply("complete-up-to " + recording)).longValue();
        assertTrue(complete > lastPulse && complete <= stopped, "the recording is complete past the sweep's last pulse (the script waited for that data): "
                + complete + " (last pulse " + lastPulse + ", stopped " + stopped + ")");
    }

    @Test
    @Order(2)
    void the_alarm_clears_when_the_rig_keeps_up_again() throws Exception {
        probe.apply("slowdown 0");
        LabUnderTest.await("the alarm to clear", Duration.ofSeconds(60), () -> Boolean.FALSE.equals(health().get("behind")));
        long lag = ((Number) health().get("lag")).longValue();
        assertTrue(lag < 500_000, "caught up: " + health());
        assertEquals(List.of(), probe.apply("holds"));
    }

    /** The share of 100 ms bins of the recording, outside the 200 ms after each pulse, that hold at least one spike. */
    static double spontaneouslyActiveBinFraction(List<Number> spikes, List<Number> stims, long started, long stopped) {
        long bin = 100_000;
        Set<Long> evoked = new HashSet<>(), active = new HashSet<>();
        for (Number s : stims)
            for (long b = s.longValue() / bin; b <= (s.longValue() + 200_000) / bin; b++)
                evoked.add(b);
        for (Number s : spikes)
            if (!evoked.contains(s.longValue() / bin))
                active.add(s.longValue() / bin);
        long bins = (stopped - started) / bin - evoked.size();
        return bins <= 0 ? 0 : (double) active.size() / bins;
    }

    static java.nio.file.Path scripts() {
        return LabUnderTest.distribution().getParent().getParent().getParent().resolve("scripts");
    }
}

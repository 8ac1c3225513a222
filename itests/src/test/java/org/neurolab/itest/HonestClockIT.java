package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * cleared (and shown by the console's /api/health), a remote session's count window waits for complete data, no culture is
 * held for it, and script, store and recording agree on when things happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HonestClockIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.ClockProbe";
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        ConsoleLab.writeAdminCredential(home.resolve("data/security/admin.credential"), ConsoleLab.ADMIN_PASSWORD, 1000);
        lab = LabUnderTest.start(home);
        // a paced rig at its configured size (no shrinking) that runs at most 0.5 × real time and may lag 1 s
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=1\nmode=paced\nseed=5\nneuronsPerOrganoid=500\nheadroom=0\nslowdown=0.5\nmaxLagMillis=1000\n");
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\nrequiredJournals=audit\n");
        // tripwire on, with a short window, so that a silent-looking overrun would hold the cultures within the test
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=64\ntripwires=true\ntripwireWindowSeconds=20\ntripwireMinEvents=1\n");
        probe = Probes.install(lab, "clock", Probes.jar(home.resolve("build"), "org.neurolab.itest.clockprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.api.lab,org.neurolab.driver.sim,org.neurolab.ethics,org.neurolab.recording,"
                        + "org.neurolab.recording.stream,org.neurolab.scheduling,org.neurolab.scripting,org.osgi.framework", PROBE));
        LabUnderTest.await("the slowed rig, ethics and the recording store", Duration.ofSeconds(60), () -> probe.apply("holds") instanceof List<?>
                && probe.apply("health") instanceof List<?> h && !h.isEmpty() && probe.apply("recordings") instanceof List<?>);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> health() {
        return ((List<Map<String, Object>>) probe.apply("health")).get(0);
    }

    @Test
    @Order(1)
    void the_console_reports_the_overrun_and_a_remote_count_window_is_answered_from_complete_data() throws Exception {
        LabUnderTest.await("the overrun alarm", Duration.ofSeconds(30), () -> Boolean.TRUE.equals(health().get("behind")));
        ApiClient anonymous = ApiClient.anonymous(lab.httpPort);
        LabUnderTest.await("console API up", Duration.ofSeconds(120), () -> anonymous.tryLogin("admin", ConsoleLab.ADMIN_PASSWORD));
        ApiClient admin = anonymous.login("admin", ConsoleLab.ADMIN_PASSWORD);
        com.fasterxml.jackson.databind.JsonNode h = LabUnderTest.awaitValue("the overrun in /api/health", Duration.ofSeconds(60), () -> {
            com.fasterxml.jackson.databind.JsonNode n = admin.get("/api/health").json();
            return n.path("overrun").has("sim/mea0") ? n : null;
        });
        assertTrue(h.get("overrun").get("sim/mea0").asText().contains("behind"), "the array's summary: " + h);
        assertTrue(!h.get("status").asText().equals("ok"), "an overrun needs attention: " + h);
        com.fasterxml.jackson.databind.JsonNode mea0 = h.get("dataHealth").get(0);
        assertEquals("sim/mea0", mea0.get("meaId").asText(), h.toString());
        assertTrue(mea0.get("behind").asBoolean() && mea0.get("lagMicros").asLong() > 0, h.toString());
        assertTrue(h.get("warnings").toString().contains("data behind: sim/mea0"), h.toString());

        // a remote session on the lagging rig: the window is counted once the array's data is complete up to its end
        ApiClient.Response opened = admin.post("/api/remote-sessions", "{\"organoid\":\"sim-mea0-o1\",\"heartbeatSeconds\":60}");
        assertEquals(201, opened.status(), opened.toString());
        String base = "/api/remote-sessions/" + opened.json().get("id").asText();
        try {
            long after = admin.post(base + "/heartbeat", "{}").json().get("labMicros").asLong();
            String window = "{\"afterMicros\":" + after + ",\"windowMicros\":500000,\"blankMicros\":0}";
            ApiClient.Response first = admin.post(base + "/count-window", window);
            assertEquals(200, first.status(), first.toString());
            assertTrue(first.json().get("completeUpToMicros").asLong() >= after + 500_000, "complete up to the window's end: " + first);
            long gap = first.json().get("gapMicros").asLong();
            assertTrue(gap >= 0 && gap <= 500_000 && (gap == 0 || first.json().get("note").asText().contains("missing for good")), first.toString());
            Thread.sleep(1500);
            ApiClient.Response again = admin.post(base + "/count-window", window);
            assertEquals(first.json().get("counts"), again.json().get("counts"), "counting the window later, from more data, changes nothing");
        } finally {
            admin.delete(base);
        }
    }

    @Test
    @Order(2)
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
    @Order(3)
    void the_alarm_clears_when_the_rig_keeps_up_again() throws Exception {
        probe.apply("slowdown 0");
        LabUnderTest.await("the alarm to clear", Duration.ofSeconds(60), () -> Boolean.FALSE.equals(health().get("behind")));
        long lag = ((Number) health().get("lag")).longValue();
        assertTrue(lag < 500_000, "caught up: " + health());
        assertEquals(List.of(), probe.apply("holds"));
    }

    /** One signal path: a script's window, the live stream and the store hold the same spikes, at the same times. */
    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void a_script_the_live_stream_and_the_store_see_the_same_spikes_in_one_window() throws Exception {
        Path script = home.resolve("window.py");
        Files.writeString(script, """
                o = lab.organoids()[0]
                rec = lab.start_recording()
                lab.wait(1000)
                t0 = lab.now()
                for _ in range(4):  # evoked responses, so a quiet culture fires in the window too
                    lab.wait(500)
                    lab.stimulate(o, [lab.electrodes(o)[0]], 20.0, phase_us=200, interphase_us=50)
                    lab.wait(400)
                lab.wait_until(t0 + 4000)
                s = lab.spikes(o, t0, t0 + 4000)
                lab.result("from", t0)
                lab.result("times", s["times"])
                lab.result("recording", lab.stop_recording(rec))
                """);
        probe.apply("live-start sim-mea0-o2");
        Map<String, Object> r = (Map<String, Object>) probe.apply("run " + script + " sim-mea0-o2");
        List<Number> live = (List<Number>) probe.apply("live-stop");
        assertEquals("SUCCEEDED", r.get("state"), String.valueOf(r.get("error")));
        Map<String, Object> results = (Map<String, Object>) r.get("results");
        long from = Math.round(((Number) results.get("from")).doubleValue() * 1000) + 1_000, to = from + 3_998_000; // inside the window, off its edges
        List<Long> inScript = ((List<Number>) results.get("times")).stream().map(t -> Math.round(t.doubleValue() * 1000)).filter(t -> t >= from && t < to).sorted().toList();
        long recording = ((Number) ((Map<String, Object>) results.get("recording")).get("id")).longValue();
        List<Long> stored = ((List<Number>) probe.apply("spike-times " + recording + " sim-mea0-o2 " + from + " " + to)).stream().map(Number::longValue).sorted().toList();
        List<Long> streamed = live.stream().map(Number::longValue).filter(t -> t >= from && t < to).sorted().toList();
        System.out.println("one window: script " + inScript.size() + ", store " + stored.size() + ", live stream " + streamed.size() + " spikes");
        assertTrue(!inScript.isEmpty(), "the culture answered the pulses");
        assertEquals(inScript, stored, "the store holds the spikes the script counted, at the same lab times (to the µs)");
        assertEquals(inScript, streamed, "and the live stream showed them, each once");
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

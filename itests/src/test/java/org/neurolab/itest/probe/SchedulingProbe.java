package org.neurolab.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.driver.sim.SimulationControl;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Scheduler;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.ScriptSource;

/** Books, stimulates as a given user, submits runs and moves the simulated incubator, as the console and the CLI would. */
public final class SchedulingProbe extends MeaProbe {
    @Override
    protected String name() {
        return "scheduling";
    }

    @Override
    protected Object answerMore(String[] w) throws Exception {
        return switch (w[0]) {
            // book <user> <target> <start> <end>
            case "book" -> {
                try {
                    yield service(Scheduler.class).book(new BookingRequest(w[1], w[2], Instant.parse(w[3]), Instant.parse(w[4]), "research")).id();
                } catch (SchedulingConflictException | IllegalArgumentException e) {
                    yield "refused: " + e.getMessage();
                }
            }
            // stimulate <user> <organoid>: one small pulse on the organoid's first electrode, in a session of that user
            case "stimulate" -> {
                Organoid o = service(CultureRegistry.class).culture(w[2]).orElseThrow();
                try (LabSession s = control().openSession(new Caller(w[1], Set.of("researcher"), "research"))) {
                    s.stimulate(new Stimulate(o.id(), List.of(o.electrodes().get(0)), new PulseTrain(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 200, 0), 1, 0)));
                    yield "ok";
                } catch (CommandRefusedException e) {
                    yield "refused: " + e.getMessage();
                }
            }
            // submit <user> <reservation> <file>
            case "submit" -> {
                Path file = Path.of(w[3]);
                try {
                    yield service(Scheduler.class).submit(Long.parseLong(w[2]), w[1], ScriptSource.of(file.getFileName().toString(), Files.readString(file))).id();
                } catch (SchedulingConflictException | IllegalArgumentException | IllegalStateException e) {
                    yield "refused: " + e.getMessage();
                }
            }
            case "queued" -> {
                QueuedRun q = service(Scheduler.class).queuedRun(Long.parseLong(w[1])).orElseThrow();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("state", q.state().name());
                out.put("runId", q.runId());
                out.put("detail", q.detail());
                out.put("history", q.history().stream().map(e -> e.event() + ": " + e.detail()).toList());
                yield out;
            }
            case "run" -> {
                RunRecord r = service(ExperimentRunner.class).run(w[1]).orElseThrow();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("state", r.state().name());
                out.put("error", r.error());
                out.put("output", r.output());
                out.put("history", r.history().stream().map(e -> e.event() + ": " + e.detail()).toList());
                yield out;
            }
            case "incubator" -> {
                service(SimulationControl.class).setIncubator(Double.parseDouble(w[1]), Double.parseDouble(w[2]), 95);
                yield "ok";
            }
            case "pump-stuck" -> {
                service(SimulationControl.class).setPumpStuck(w[1], Boolean.parseBoolean(w[2]));
                yield "ok";
            }
            default -> "unknown request " + w[0];
        };
    }
}

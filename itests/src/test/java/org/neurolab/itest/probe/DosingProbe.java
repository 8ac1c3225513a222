package org.neurolab.itest.probe;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.control.Stimulate;
import org.neurolab.dosing.DoseOrder;
import org.neurolab.dosing.DoseOutcome;
import org.neurolab.dosing.Dosing;

/** A researcher dosing through the lab's dosing service and watching the spikes, in the rig's virtual time. */
public final class DosingProbe extends ProbeBase {
    private static final Caller RESEARCHER = new Caller("probe-researcher", Set.of("researcher"), "research");

    @Override
    protected String name() {
        return "dosing";
    }

    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "ready" -> context.getServiceReference(Dosing.class) != null;
            case "rate" -> rate(w[1], Long.parseLong(w[2]));
            case "rates" -> rates(Long.parseLong(w[1]));
            case "dose" -> withSession(s -> {
                DoseOutcome o = service(Dosing.class).dose(s, new DoseOrder(w[1], w[2], Double.parseDouble(w[3]), w[4], null));
                return o.route() + " " + o.amountNanomoles() + " nmol -> " + o.concentrationAfterMicromolar() + " uM";
            });
            case "exchange" -> withSession(s -> "left " + service(Dosing.class).exchangeMedium(s, w[1], Double.parseDouble(w[2])).remainingFraction());
            case "stored-doses" -> service(org.neurolab.recording.RecordingService.class).doses(w[1], 0, Long.MAX_VALUE).stream()
                    .map(d -> d.compound() + " " + d.amount() + " " + d.unit() + " " + d.method() + " by " + d.user() + " -> " + d.resultingMicromolar()).toList();
            case "kill-electrode" -> {
                service(org.neurolab.driver.sim.SimulationControl.class).injectFault(w[1],
                        new org.neurolab.simulator.culture.Fault(org.neurolab.simulator.culture.Fault.Kind.DEAD_ELECTRODE, Integer.parseInt(w[2]), -1, 1));
                yield "ok";
            }
            case "refill" -> { // "refill <reservoir> <level> <user> <role>"
                try {
                    var r = service(Dosing.class).refill(new Caller(w[3], Set.of(w[4]), "maintenance"), w[1], Double.parseDouble(w[2]));
                    yield "refilled " + r.id() + " " + r.level();
                } catch (RuntimeException e) {
                    yield "refused: " + e.getMessage();
                }
            }
            case "queue" -> { // "queue <file> <organoid>": books an hour from now, submits (the scheduler dry-runs it), cancels
                var scheduler = service(org.neurolab.scheduling.Scheduler.class);
                java.time.Instant start = java.time.Instant.now().plus(java.time.Duration.ofHours(1));
                var booked = scheduler.book(new org.neurolab.scheduling.BookingRequest(RESEARCHER.user(), w[2], start,
                        start.plus(java.time.Duration.ofMinutes(30)), "research"));
                try {
                    java.nio.file.Path file = java.nio.file.Path.of(w[1]);
                    var queued = scheduler.submit(booked.id(), RESEARCHER.user(),
                            org.neurolab.scripting.ScriptSource.of(file.getFileName().toString(), java.nio.file.Files.readString(file)));
                    scheduler.cancelRun(queued.id(), RESEARCHER);
                    yield queued.estimatedLabMicros();
                } catch (RuntimeException e) {
                    yield "refused: " + e.getMessage();
                } finally {
                    scheduler.cancel(booked.id(), RESEARCHER);
                }
            }
            case "feed", "check-impedance" -> { // the scheduler's maintenance tasks, called as the scheduler calls them
                String task = w[0].equals("feed") ? "medium-exchange" : "impedance-check";
                var refs = context.getServiceReferences(org.neurolab.scheduling.MaintenanceTask.class, "(neurolab.maintenance.task=" + task + ")");
                if (refs.isEmpty()) yield "no " + task + " task";
                var job = new org.neurolab.scheduling.MaintenanceJob(1, task, w[1], "", java.time.Instant.now(), java.time.Duration.ofHours(12),
                        java.time.Duration.ofMinutes(5), null, null, "", "");
                yield context.getService(refs.iterator().next()).perform(job, new Caller(org.neurolab.scheduling.MaintenanceTask.SYSTEM_USER,
                        Set.of("operator"), org.neurolab.scheduling.MaintenanceTask.PURPOSE));
            }
            case "reservoirs" -> service(Dosing.class).reservoirs().stream().map(r -> r.id()).toList().toString();
            case "concentrations" -> service(Dosing.class).concentrations(w[1]);
            case "raw-dose" -> withSession(s -> "done " + s.dose(new Dose(w[1], "gaba", 0.1, new Delivery.Infusion(w[2], 0.1, 50), 0.5)).commandId());
            case "stimulate" -> withSession(s -> {
                Organoid o = service(CultureRegistry.class).culture(w[1]).orElseThrow();
                return "done " + s.stimulate(new Stimulate(w[1], List.of(o.electrodes().get(0)),
                        PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 200, 0)))).commandId();
            });
            case "bundle" -> {
                var b = java.util.Arrays.stream(context.getBundles()).filter(x -> x.getSymbolicName().equals(w[1])).findFirst().orElseThrow();
                if (w[2].equals("stop")) b.stop();
                else b.start();
                yield b.getState();
            }
            default -> "unknown request " + String.join(" ", w);
        };
    }

    private interface Action {
        Object run(LabSession s) throws Exception;
    }

    private Object withSession(Action a) throws Exception {
        try (LabSession s = service(LabControl.class).openSession(RESEARCHER)) {
            return a.run(s);
        } catch (CommandRefusedException e) {
            return "refused: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "bad: " + e.getMessage();
        }
    }

    /** Spikes per second on each culture's own electrodes over the next {@code seconds} of lab time. */
    private java.util.Map<String, Double> rates(long seconds) throws Exception {
        LabClock clock = service(LabClock.class);
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        java.util.Map<Integer, String> owner = new java.util.HashMap<>();
        java.util.Map<String, AtomicLong> counts = new java.util.TreeMap<>();
        for (Organoid o : service(CultureRegistry.class).cultures()) {
            for (int e : o.electrodes()) owner.put(e, o.id());
            counts.put(o.id(), new AtomicLong());
        }
        String first = counts.keySet().iterator().next();
        try (LabSession s = service(LabControl.class).openSession(RESEARCHER);
             AutoCloseable sub = s.subscribe(first, (SpikeBatch b) -> {
                 for (int i = 0; i < b.count(); i++) {
                     String o = owner.get(b.electrodes()[i]);
                     if (o != null) counts.get(o).incrementAndGet();
                 }
             }, false)) {
            clock.awaitMicros(clock.nowMicros() + seconds * 1_000_000);
        }
        counts.forEach((o, c) -> out.put(o, c.get() / (double) seconds));
        return out;
    }

    /** Spikes per second on the culture's MEA over the next {@code seconds} of lab time. */
    private double rate(String organoidId, long seconds) throws Exception {
        LabClock clock = service(LabClock.class);
        AtomicLong spikes = new AtomicLong();
        try (LabSession s = service(LabControl.class).openSession(RESEARCHER);
             AutoCloseable sub = s.subscribe(organoidId, (SpikeBatch b) -> spikes.addAndGet(b.count()), false)) {
            clock.awaitMicros(clock.nowMicros() + seconds * 1_000_000);
        }
        return spikes.get() / (double) seconds;
    }
}

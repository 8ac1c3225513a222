package org.neurolab.scheduling.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.neurolab.api.control.Caller;
import org.neurolab.api.management.CommandLine;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceSchedule;
import org.neurolab.scheduling.QueueEvent;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.Scheduler;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scheduling.TimeText;
import org.neurolab.scripting.ScriptSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The scheduling commands of {@code ./neurolab} (management socket, reachable only by the lab's OS user, who therefore
 * acts with the operator role): {@code book}, {@code reservations}, {@code cancel}, {@code submit}, {@code queue},
 * {@code maintenance}. Times are typed with their zone and shown in {@code --zone} (default: the lab's zone).
 */
@Component(immediate = true, service = {})
public final class SchedulingCommands {
    static final String USAGE = """
            usage: neurolab book <organoid|mea> <start> <end> [--user U] [--purpose P] [--zone Z]
                   neurolab reservations [--from T] [--to T] [--zone Z]      (default: the next 7 days)
                   neurolab cancel <reservation-id> [--user U]   |   neurolab cancel --run <queued-run-id> [--user U]
                   neurolab submit <reservation-id> <script.py|script.js> [--user U]
                   neurolab queue [--zone Z]
                   neurolab maintenance [add <task> <organoid> <first> <every-minutes> <window-minutes> | remove <job-id>] [--zone Z]
            times carry their zone: 2026-12-01T10:00Z, 2026-12-01T10:00+01:00, 2026-12-01T10:00+01:00[Europe/Zurich]""";

    private final Scheduler scheduler;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** Outside OSGi (tests): the commands without their registrations. */
    SchedulingCommands(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Activate
    public SchedulingCommands(BundleContext context, @Reference Scheduler scheduler) {
        this(scheduler);
        for (String name : List.of("book", "reservations", "cancel", "submit", "queue", "maintenance")) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("neurolab.management.command", name);
            BiFunction<String, Consumer<String>, Integer> command = (args, out) -> run(name, args, out);
            registrations.add(context.registerService(BiFunction.class.getName(), command, props));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) r.unregister();
    }

    int run(String name, String args, Consumer<String> out) {
        try {
            Parsed p = Parsed.of(args);
            ZoneId zone = p.options.containsKey("--zone") ? ZoneId.of(p.options.get("--zone")) : ZoneId.systemDefault();
            String user = p.options.getOrDefault("--user", "cli:" + System.getProperty("user.name", "operator"));
            Caller caller = new Caller(user, Set.of("operator"), p.options.getOrDefault("--purpose", "research"));
            switch (name) {
                case "book" -> {
                    p.need(3, "book <organoid|mea> <start> <end>");
                    Reservation r = scheduler.book(new BookingRequest(user, p.words.get(0), TimeText.parse(p.words.get(1)), TimeText.parse(p.words.get(2)),
                            caller.purpose()));
                    out.accept("booked " + line(r, zone));
                }
                case "reservations" -> {
                    Instant from = p.options.containsKey("--from") ? TimeText.parse(p.options.get("--from")) : Instant.now();
                    Instant to = p.options.containsKey("--to") ? TimeText.parse(p.options.get("--to")) : from.plus(Duration.ofDays(7));
                    List<Reservation> list = scheduler.reservations(from, to);
                    if (list.isEmpty()) out.accept("no reservations between " + TimeText.show(from, zone) + " and " + TimeText.show(to, zone));
                    list.forEach(r -> out.accept(line(r, zone)));
                }
                case "cancel" -> {
                    if (p.options.containsKey("--run")) {
                        long id = number(p.options.get("--run"), "queued run id");
                        out.accept(scheduler.cancelRun(id, caller) ? "queued run " + id + " cancelled" : "queued run " + id + " had already ended");
                    } else {
                        p.need(1, "cancel <reservation-id>");
                        Reservation r = scheduler.cancel(number(p.words.get(0), "reservation id"), caller);
                        out.accept("cancelled " + line(r, zone));
                    }
                }
                case "submit" -> {
                    p.need(2, "submit <reservation-id> <script>");
                    Path file = Path.of(p.words.get(1));
                    String code;
                    try {
                        code = Files.readString(file);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
                    }
                    QueuedRun q = scheduler.submit(number(p.words.get(0), "reservation id"), user, ScriptSource.of(file.getFileName().toString(), code));
                    out.accept("queued run " + q.id() + " (" + q.scriptName() + ", dry run " + String.format("%.1f s", q.estimatedLabMicros() / 1e6)
                            + ") in reservation " + q.reservationId());
                }
                case "queue" -> {
                    List<QueuedRun> queue = scheduler.queue();
                    if (queue.isEmpty()) out.accept("the queue is empty");
                    for (QueuedRun q : queue) {
                        out.accept(q.id() + "  " + q.state() + "  " + q.scriptName() + "  reservation " + q.reservationId() + "  " + q.user()
                                + (q.runId().isEmpty() ? "" : "  " + q.runId()) + (q.detail().isEmpty() ? "" : "  — " + q.detail()));
                        for (QueueEvent e : q.history())
                            out.accept("    " + TimeText.show(e.at(), zone) + "  " + e.event() + (e.detail().isEmpty() ? "" : ": " + e.detail()));
                    }
                }
                case "maintenance" -> {
                    if (!p.words.isEmpty() && p.words.get(0).equals("add")) {
                        p.need(6, "maintenance add <task> <organoid> <first> <every-minutes> <window-minutes>");
                        MaintenanceJob j = scheduler.addMaintenance(new MaintenanceSchedule(p.words.get(1), p.words.get(2), TimeText.parse(p.words.get(3)),
                                Duration.ofMinutes(number(p.words.get(4), "every-minutes")), Duration.ofMinutes(number(p.words.get(5), "window-minutes"))));
                        out.accept("added " + line(j, zone));
                    } else if (!p.words.isEmpty() && p.words.get(0).equals("remove")) {
                        p.need(2, "maintenance remove <job-id>");
                        long id = number(p.words.get(1), "job id");
                        out.accept(scheduler.removeMaintenance(id) ? "removed maintenance job " + id : "no maintenance job " + id);
                    } else {
                        List<MaintenanceJob> jobs = scheduler.maintenance();
                        if (jobs.isEmpty()) out.accept("no maintenance jobs");
                        jobs.forEach(j -> out.accept(line(j, zone)));
                    }
                }
                default -> throw new IllegalArgumentException("unknown command " + name);
            }
            return 0;
        } catch (SchedulingConflictException e) {
            out.accept("REFUSED " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
            out.accept("ERROR " + e.getMessage());
            out.accept(USAGE);
            return 2;
        }
    }

    static String line(Reservation r, ZoneId zone) {
        return "reservation " + r.id() + "  " + r.target() + "  " + r.user() + "  " + TimeText.show(r.start(), zone) + " .. " + TimeText.show(r.end(), zone)
                + "  " + r.purpose() + (r.state() == org.neurolab.scheduling.ReservationState.CANCELLED ? "  CANCELLED by " + r.cancelledBy() : "");
    }

    static String line(MaintenanceJob j, ZoneId zone) {
        return "maintenance job " + j.id() + "  " + j.task() + "  " + j.organoidId() + "  every " + j.every().toMinutes() + " min for " + j.window().toMinutes()
                + " min  next " + TimeText.show(j.nextAt(), zone) + "  last " + TimeText.show(j.lastRunAt(), zone)
                + (j.lastOutcome().isEmpty() ? "" : " (" + j.lastOutcome() + ")") + "  status: " + j.status();
    }

    private static long number(String s, String what) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, was '" + s + "'");
        }
    }

    /** Words and {@code --option value} pairs, read by the lab's one command-line reader. */
    private record Parsed(List<String> words, Map<String, String> options) {
        static final Set<String> OPTIONS = Set.of("--zone", "--user", "--purpose", "--from", "--to", "--run");

        static Parsed of(String args) {
            CommandLine c = CommandLine.parse(args, OPTIONS, Set.of());
            Map<String, String> options = new HashMap<>();
            for (String o : OPTIONS) c.option(o).ifPresent(v -> options.put(o, v));
            return new Parsed(c.words(), options);
        }

        void need(int n, String usage) {
            if (words.size() < n) throw new IllegalArgumentException("missing arguments: " + usage);
        }
    }
}

package org.neurolab.scripting.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.neurolab.api.control.Caller;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.management.CommandLine;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptLibrary;
import org.neurolab.scripting.ScriptSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurolab script <file> [--organoid ID]... [--purpose P] [--user U] [--dry-run [--seed N]]}: runs a script in the
 * running lab (or, with {@code --dry-run}, on a private simulated rig in virtual time, for the lab time a booking needs)
 * and streams its progress (state, printed output, lab time) and then its results. Contributed to the launcher's
 * management channel, which only the lab's own OS user can reach.
 */
@Component(service = BiFunction.class, property = "neurolab.management.command=script")
public class ScriptCommand implements BiFunction<String, Consumer<String>, Integer> {
    static final long POLL_MILLIS = 200;
    static final long PROGRESS_EVERY_MILLIS = 2_000;

    private final ExperimentRunner runner;
    private final CultureRegistry cultures;
    private final ScriptLibrary library;

    @Activate
    public ScriptCommand(@Reference ExperimentRunner runner, @Reference CultureRegistry cultures, @Reference ScriptLibrary library) {
        this.runner = runner;
        this.cultures = cultures;
        this.library = library;
    }

    static final String USAGE = "usage: neurolab script <file.py|file.js> [--organoid ID]... [--purpose P] [--user U] [--dry-run [--seed N]]";

    @Override
    public Integer apply(String args, Consumer<String> out) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of("--organoid", "--purpose", "--user", "--seed"), Set.of("--dry-run"));
            line.number("--seed", 0); // a seed that is no number is refused before anything runs
        } catch (IllegalArgumentException e) {
            out.accept("ERROR " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (line.words().size() != 1) {
            out.accept((line.words().isEmpty() ? "" : "ERROR give one script file, was " + line.words() + "\n") + USAGE);
            return 2;
        }
        Path file = Path.of(line.words().get(0));
        List<String> organoids = new ArrayList<>(line.all("--organoid"));
        String purpose = line.option("--purpose").orElse("research");
        String user = line.option("--user").orElse("cli:" + System.getProperty("user.name", "operator"));
        boolean dryRun = line.flag("--dry-run");
        Long seed = line.option("--seed").isPresent() ? line.number("--seed", 0) : null;
        ScriptSource source;
        if (!Files.exists(file) && library.script(file.getFileName().toString()).isPresent()) {
            source = library.script(file.getFileName().toString()).get(); // by name, from the lab's watched scripts/ folder
            out.accept("from the lab's scripts/: " + source.name() + " (sha256 " + source.sha256().substring(0, 12) + ")");
        } else {
            try {
                source = ScriptSource.of(file.getFileName().toString(), Files.readString(file));
            } catch (IOException | IllegalArgumentException e) {
                out.accept("ERROR cannot read " + file + " and the lab's scripts/ has no " + file.getFileName() + ": " + e.getMessage());
                return 2;
            }
        }
        if (organoids.isEmpty()) {
            Organoid first = cultures.cultures().stream().filter(o -> o.state() == CultureState.ACTIVE).findFirst().orElse(null);
            if (first == null) {
                out.accept("ERROR the lab has no active culture to run on");
                return 2;
            }
            organoids.add(first.id());
            out.accept("on " + first.id() + " (no --organoid given)");
        }
        if (seed != null && !dryRun) {
            out.accept("ERROR --seed applies to dry runs only (the lab's cultures are not seeded); add --dry-run");
            return 2;
        }
        RunRecord r;
        try {
            RunRequest request = new RunRequest(source, new Caller(user, Set.of("researcher"), purpose), organoids, null);
            if (dryRun) {
                if (!(runner instanceof ScriptRunner local)) {
                    out.accept("ERROR dry runs are not offered by this lab's script runner");
                    return 2;
                }
                r = local.submitDryRun(request, seed);
                out.accept("dry run on a private simulated rig in virtual time (seed " + r.provenance().get("simulator.seed")
                        + "); nothing in the lab is touched");
            } else {
                r = runner.submit(request);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.accept("ERROR " + e.getMessage());
            return 2;
        }
        return follow(r.id(), out);
    }

    /** 1 h 02 min 05 s style. */
    static String labDuration(long micros) {
        long s = Math.round(micros / 1e6);
        return (s >= 3600 ? s / 3600 + " h " : "") + (s >= 60 ? (s % 3600) / 60 + " min " : "") + s % 60 + " s";
    }

    /** Streams the run's progress until it ends. */
    private int follow(String id, Consumer<String> out) {
        int printed = 0;
        String lastState = "";
        long lastProgress = 0;
        RunRecord r;
        while (true) {
            r = runner.run(id).orElseThrow();
            if (!r.state().name().equals(lastState)) {
                lastState = r.state().name();
                out.accept("run " + id + " " + lastState);
            }
            String output = r.output();
            if (output.length() > printed) {
                output.substring(printed).lines().forEach(l -> out.accept("  | " + l));
                printed = output.length();
            }
            if (r.state().isFinal()) break;
            if (System.currentTimeMillis() - lastProgress > PROGRESS_EVERY_MILLIS && r.startedAt() != null) {
                lastProgress = System.currentTimeMillis();
                out.accept(String.format("  … running for %.1f s", (System.currentTimeMillis() - r.startedAt().toEpochMilli()) / 1000.0));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                runner.cancel(id);
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if ("true".equals(r.provenance().get("dryRun"))) {
            out.accept(String.format("lab time a booking needs: %.3f s (%s), simulated in %.1f s of wall time", r.labMicros() / 1e6,
                    labDuration(r.labMicros()), java.time.Duration.between(r.startedAt() == null ? r.queuedAt() : r.startedAt(), r.endedAt()).toMillis() / 1000.0));
            out.accept("checked: " + r.provenance().get("dryRun.checks"));
        } else {
            out.accept(String.format("lab time used: %.3f s", r.labMicros() / 1e6));
        }
        if (!r.error().isEmpty()) out.accept("error: " + r.error());
        r.results().forEach((k, v) -> out.accept("result " + k + " = " + v));
        return r.state() == org.neurolab.scripting.RunState.SUCCEEDED ? 0 : 1;
    }
}

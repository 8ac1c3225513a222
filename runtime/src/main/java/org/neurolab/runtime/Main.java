package org.neurolab.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.api.management.CommandLine;

/**
 * {@code neurolab} on the Java side: {@code run} starts the lab in this JVM; {@code bundles} and
 * {@code install} talk to a running lab through its management socket.
 */
public final class Main {
    static final int MIN_JAVA = 21;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (Runtime.version().feature() < MIN_JAVA) {
            System.err.println("NeuroLab needs Java " + MIN_JAVA + " or newer; this is Java " + Runtime.version()
                    + ". Install Temurin 25 (or set JAVA_HOME to a JDK >= 21) and use the ./neurolab script, which finds it.");
            System.exit(2);
        }
        List<String> rest = new ArrayList<>(List.of(args));
        Path home = Path.of(option(rest, "--home", System.getenv().getOrDefault("NEUROLAB_HOME", "."))).toAbsolutePath().normalize();
        LabHome layout = new LabHome(LabHome.distributionOfLauncher(), home);
        String command = rest.isEmpty() ? "help" : rest.remove(0);
        try {
            dispatch(layout, command, rest);
        } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
            fail("cannot reach the lab in " + home + ": " + e.getMessage() + " (is it running? start it with `neurolab run`)");
        } catch (java.io.IOException e) {
            if (command.equals("run")) throw e;
            fail(e.getMessage());
        }
    }

    private static void dispatch(LabHome layout, String command, List<String> rest) throws Exception {
        switch (command) {
            case "run" -> run(layout, rest);
            case "bundles" -> System.exit(ManagementServer.request(layout.managementSocket(), "bundles", System.out::println));
            case "install" -> {
                if (rest.isEmpty()) fail("usage: neurolab install <bundle.jar>");
                System.exit(ManagementServer.request(layout.managementSocket(), "install " + CommandLine.join(List.of(Path.of(rest.get(0)).toAbsolutePath().toString())), System.out::println));
            }
            case "trust" -> {
                // trust add's certificate path is the caller's, made absolute
                if (rest.size() >= 2 && rest.get(0).equals("add") && !rest.get(1).startsWith("--")) rest.set(1, Path.of(rest.get(1)).toAbsolutePath().toString());
                System.exit(ManagementServer.request(layout.managementSocket(), "trust " + CommandLine.join(rest), System.out::println));
            }
            case "script" -> {
                if (rest.isEmpty()) fail("usage: neurolab script <file.py|file.js> [--organoid ID]... [--purpose P] [--user U] [--dry-run [--seed N]]");
                rest.set(0, Path.of(rest.get(0)).toAbsolutePath().toString());
                System.exit(ManagementServer.request(layout.managementSocket(), "script " + CommandLine.join(rest), System.out::println));
            }
            case "export" -> {
                // neurolab export <id> --format F <folder>: the folder is the caller's, made absolute; PROGRESS lines become a bar
                if (!rest.isEmpty() && !rest.get(rest.size() - 1).startsWith("--"))
                    rest.set(rest.size() - 1, Path.of(rest.get(rest.size() - 1)).toAbsolutePath().toString());
                ProgressBar bar = new ProgressBar(System.out, System.console() != null);
                int code = ManagementServer.request(layout.managementSocket(), "export " + CommandLine.join(rest), bar::line);
                bar.end();
                System.exit(code);
            }
            case "book", "reservations", "cancel", "submit", "queue", "maintenance", "dosing", "status" -> {
                // commands of the scheduling and dosing bundles; submit's script path is the caller's, made absolute
                if (command.equals("submit") && rest.size() >= 2) rest.set(1, Path.of(rest.get(1)).toAbsolutePath().toString());
                System.exit(ManagementServer.request(layout.managementSocket(), command + " " + CommandLine.join(rest), System.out::println));
            }
            default -> {
                System.out.println("""
                        usage: neurolab run [--port N] [--home DIR] [--dev-mode]   start the lab (console on http://127.0.0.1:8080/);
                                                                     --dev-mode (or NEUROLAB_DEV_MODE=1) accepts unsigned bundles
                               neurolab status                       lab time, missing guards, each array's data health (exit 1: attention)
                               neurolab bundles                      list bundles of the running lab, with problems
                               neurolab install <bundle.jar>         hot-install a bundle into the running lab (signed by a trusted key)
                               neurolab trust list|add <cert.pem> [--alias A]|remove <alias>   the keys bundles must be signed by
                               neurolab script <file> [--organoid ID] run an experiment script in the running lab
                               neurolab script <file> --dry-run      ... on a private simulated rig in virtual time (lab time for booking)
                               neurolab book|reservations|cancel|submit|queue|maintenance   the lab's schedule (README: Scheduling)
                               neurolab dosing status|compounds|dose|exchange|refill      dosing and reservoirs (README: Dosing)
                               neurolab export <id> --format openephys|phy <folder>     a recording, for Neo, SpikeInterface, Phy
                        """);
                if (!command.equals("help")) System.exit(2);
            }
        }
    }

    private static void run(LabHome layout, List<String> args) throws Exception {
        LabSettings settings;
        try {
            settings = LabSettings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        String port = option(args, "--port", null);
        if (port != null) settings = settings.withHttpPort(parsePort(port));
        if (args.remove("--dev-mode")) settings = settings.withDevMode(true);
        if (!args.isEmpty()) fail("unknown argument(s) for run: " + args);
        if (PolyglotExports.module().isEmpty())
            System.err.println("WARNING: GraalVM polyglot is not on the module path; scripts cannot run. Start the lab with ./neurolab run.");

        long t0 = System.nanoTime();
        for (Path laid : layout.seedDefaultsOnFirstStart()) System.out.println("First start: laid " + laid);
        LabFramework lab = new LabFramework(layout, settings);
        java.util.concurrent.atomic.AtomicReference<ManagementServer> management = new java.util.concurrent.atomic.AtomicReference<>();
        // registered before the start: a Ctrl-C while bundles are still starting must stop them cleanly too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NeuroLab stopping: every bundle stops and returns its devices to a safe state...");
            try {
                if (management.get() != null) management.get().close();
                lab.close();
            } catch (Exception e) {
                System.err.println("clean stop failed: " + e);
            }
        }, "neurolab-shutdown"));
        lab.start();
        management.set(new ManagementServer(lab));
        System.out.printf("NeuroLab OS ready in %d ms: console http://%s:%d/system/console, deploy folder %s, data %s%s%n",
                (System.nanoTime() - t0) / 1_000_000, settings.httpHost(), settings.httpPort(), layout.deploy(), layout.data(),
                settings.devMode() ? " — DEVELOPMENT MODE: unsigned bundles accepted" : "");
        lab.awaitStop();
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            fail("--port needs a number, was '" + s + "'");
            return -1;
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) return fallback;
        if (i + 1 >= args.size()) fail(name + " needs a value");
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

}

package org.neurolab.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.PrintStream;
import java.util.Optional;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.neurolab.api.management.CommandLine;

/**
 * The local management channel behind {@code neurolab bundles} and {@code neurolab install}: a Unix domain
 * socket in the lab's data folder, readable only by the user running the lab (file permissions are the
 * authentication; nothing listens on the network). One request line, a text answer, then close.
 */
final class ManagementServer implements AutoCloseable {
    private final LabFramework lab;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    ManagementServer(LabFramework lab) throws IOException {
        this.lab = lab;
        Path socket = lab.home().managementSocket();
        Files.deleteIfExists(socket); // left over from a lab that was killed
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the data folder's own permissions apply
        }
        acceptor = Thread.ofPlatform().name("neurolab-management").daemon().start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                // one thread per request: a long command (a script run) must not hold up `neurolab bundles`
                Thread.ofVirtual().name("neurolab-management-request").start(() -> answer(client));
            } catch (IOException e) {
                if (!server.isOpen()) return;
            }
        }
    }

    /** Reads one request line and streams the answer; the last line is {@code EXIT <code>} for the client's exit status. */
    private void answer(SocketChannel client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
            PrintStream out = new PrintStream(Channels.newOutputStream(client), true, StandardCharsets.UTF_8);
            String line = in.readLine();
            int exit = line == null ? 2 : handle(line.trim(), out::println, peer(client));
            out.println("EXIT " + exit);
        } catch (IOException | RuntimeException e) {
            System.err.println("management request failed: " + e);
        }
    }

    /** Who is on the other end of the socket (the lab's own user, as the socket's permissions allow no other), for the log. */
    private static String peer(SocketChannel client) {
        try {
            return "local user " + client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName() + " (neurolab CLI)";
        } catch (IOException | UnsupportedOperationException e) {
            return "local user " + System.getProperty("user.name") + " (neurolab CLI)";
        }
    }

    int handle(String line, Consumer<String> out) {
        return handle(line, out, "local user " + System.getProperty("user.name") + " (neurolab CLI)");
    }

    /** Built-in requests, then commands that bundles contribute (see {@link #COMMAND_PROPERTY}); {@code who} for the log. */
    int handle(String line, Consumer<String> out, String who) {
        String[] words = line.split("\\s+", 2);
        String args = words.length > 1 ? words[1] : "";
        switch (words[0]) {
            case "bundles" -> {
                out.accept(BundleReport.format(lab.bundleReport(), lab.settings().devMode()).stripTrailing());
                return 0;
            }
            case "trust" -> {
                return TrustCommand.run(lab.trustAdmin(), args, out, who);
            }
            case "install" -> {
                List<String> jar = CommandLine.split(args);
                String answer = jar.size() != 1 ? "ERROR install needs the path of one jar" : install(Path.of(jar.get(0))).stripTrailing();
                out.accept(answer);
                return answer.lines().anyMatch(l -> l.startsWith("OK ")) ? 0 : 1;
            }
            case "ping" -> {
                out.accept("OK");
                return 0;
            }
            default -> {
                BiFunction<String, Consumer<String>, Integer> command = contributed(words[0]);
                if (command == null) {
                    out.accept("ERROR unknown request '" + words[0] + "' (known: bundles, install <jar>, trust, ping" + contributedNames() + ")");
                    return 2;
                }
                if (words[0].equals("status") && lab.settings().devMode())
                    out.accept("DEVELOPMENT MODE: unsigned bundles from deploy/ are accepted (started with --dev-mode or NEUROLAB_DEV_MODE=1)");
                Integer exit = command.apply(args, out);
                return exit == null ? 0 : exit;
            }
        }
    }

    /**
     * Bundles add commands by registering a {@code java.util.function.BiFunction<String, Consumer<String>, Integer>}
     * (arguments, output lines → exit code) with this property naming the command: JDK types only, so the launcher
     * and the bundle share no classes.
     */
    static final String COMMAND_PROPERTY = "neurolab.management.command";

    @SuppressWarnings("unchecked")
    private BiFunction<String, Consumer<String>, Integer> contributed(String name) {
        if (!name.matches("[a-z][a-z0-9-]*")) return null;
        try {
            ServiceReference<?>[] refs = lab.systemContext().getServiceReferences(BiFunction.class.getName(), "(" + COMMAND_PROPERTY + "=" + name + ")");
            return refs == null ? null : (BiFunction<String, Consumer<String>, Integer>) lab.systemContext().getService(refs[0]);
        } catch (InvalidSyntaxException e) {
            return null;
        }
    }

    private String contributedNames() {
        try {
            ServiceReference<?>[] refs = lab.systemContext().getServiceReferences(BiFunction.class.getName(), "(" + COMMAND_PROPERTY + "=*)");
            if (refs == null) return "";
            StringBuilder sb = new StringBuilder();
            for (ServiceReference<?> r : refs) sb.append(", ").append(r.getProperty(COMMAND_PROPERTY));
            return sb.toString();
        } catch (InvalidSyntaxException e) {
            return "";
        }
    }

    /** Copies the jar into deploy/ atomically (FileInstall never sees half a file) and waits for the outcome. */
    String install(Path jar) {
        if (!Files.isRegularFile(jar)) return "ERROR no such file: " + jar + "\n";
        Path target = lab.home().deploy().resolve(jar.getFileName().toString());
        long start = System.nanoTime();
        String devNote = "";
        try {
            // the copy is checked, then renamed in: a refused jar never reaches deploy/ (nor replaces what is there)
            Path tmp = Files.createTempFile(lab.home().data(), "install-", ".part");
            try {
                Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
                String notABundle = BundleReport.whyNotABundle(tmp);
                if (notABundle != null) return "REFUSED " + jar.getFileName() + ": " + notABundle + "; nothing was installed\n";
                var verdict = lab.deployGate().verify(tmp);
                var refusal = lab.deployGate().judge(verdict);
                if (refusal.isPresent()) {
                    org.neurolab.runtime.trust.TrustLog.warn("Refused `neurolab install " + jar + "`: " + refusal.get());
                    return "REFUSED " + jar.getFileName() + ": " + refusal.get() + "; nothing was installed\n";
                }
                if (!verdict.trusted()) devNote = "WARNING development mode: installed although " + verdict.reason() + "\n";
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            return "ERROR cannot copy " + jar + " into " + lab.home().deploy() + ": " + e.getMessage() + "\n";
        }
        return devNote + awaitInstalled(target, start);
    }

    private String awaitInstalled(Path target, long start) {
        Path normalized = target.toAbsolutePath().normalize();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            BundleReport.Report report = lab.bundleReport();
            Optional<BundleReport.Row> row = report.bundles().stream()
                    .filter(r -> BundleReport.toPath(r.location()).map(normalized::equals).orElse(false)).findFirst();
            if (row.isPresent() && row.get().state().equals("ACTIVE"))
                return String.format("OK %s %s ACTIVE (bundle %d) in %d ms%n", row.get().symbolicName(), row.get().version(), row.get().id(),
                        (System.nanoTime() - start) / 1_000_000);
            if (row.isPresent() && !row.get().problem().isEmpty())
                return "FAILED " + row.get().symbolicName() + " " + row.get().version() + " is " + row.get().state() + ": " + row.get().problem() + "\n";
            if (row.isPresent() && row.get().state().equals("RESOLVED") && System.nanoTime() - start > 3_000_000_000L) {
                // resolved but not started: FileInstall's start failed (an activator threw); starting again says why
                String why = startFailure(row.get().id());
                if (why != null) return "FAILED " + row.get().symbolicName() + " " + row.get().version() + " is installed and resolved but does not start: " + why + "\n";
            }
            Optional<BundleReport.Rejected> rejected = report.rejected().stream()
                    .filter(r -> r.file().equals(target.getFileName().toString()) && !r.problem().startsWith("not installed yet")).findFirst();
            if (rejected.isPresent()) return "FAILED deploy/" + rejected.get().file() + ": " + rejected.get().problem() + "\n";
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        BundleReport.Report report = lab.bundleReport();
        Optional<BundleReport.Row> row = report.bundles().stream()
                .filter(r -> BundleReport.toPath(r.location()).map(normalized::equals).orElse(false)).findFirst();
        if (row.isPresent())
            return "FAILED " + row.get().symbolicName() + " " + row.get().version() + " is installed but still " + row.get().state()
                    + " after 15 s; see `neurolab bundles` and the lab's log\n";
        return "FAILED " + target.getFileName() + " is in deploy/ but the lab did not install it within 15 s; see `neurolab bundles` and the lab's log\n";
    }

    /** Why a resolved bundle does not start, from starting it once more (null if it starts now). */
    private String startFailure(long bundleId) {
        org.osgi.framework.Bundle b = lab.systemContext().getBundle(bundleId);
        if (b == null) return "it was uninstalled meanwhile";
        try {
            b.start();
            return null;
        } catch (org.osgi.framework.BundleException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(lab.home().managementSocket());
    }

    /** The client side: sends one request to a running lab, hands each answer line to {@code out}, returns the exit code. */
    static int request(Path socket, String line, Consumer<String> out) throws IOException {
        if (!Files.exists(socket))
            throw new IOException("no lab is running here (no " + socket + "); start one with `neurolab run`");
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream os = Channels.newOutputStream(ch);
            os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            os.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            try {
                for (String answer; (answer = in.readLine()) != null; ) {
                    if (answer.startsWith("EXIT ")) return Integer.parseInt(answer.substring(5).trim());
                    out.accept(answer);
                }
            } catch (IOException e) {
                System.err.println("neurolab: the connection to the lab broke before '" + line.split(" ")[0] + "' finished (" + e.getMessage()
                        + "): did the lab stop or die? Its log says; what the command did up to here is above.");
                return 1;
            }
            // the lab went away mid-answer: say so rather than end as if done
            System.err.println("neurolab: the lab closed the connection before '" + line.split(" ")[0]
                    + "' finished: did the lab stop or die? Its log says; what the command did up to here is above.");
            return 1;
        }
    }
}

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
import java.util.Optional;

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
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                String line = in.readLine();
                String answer = line == null ? "" : handle(line.trim());
                OutputStream out = Channels.newOutputStream(client);
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (!server.isOpen()) return;
            } catch (RuntimeException e) {
                System.err.println("management request failed: " + e);
            }
        }
    }

    String handle(String line) {
        String[] words = line.split("\\s+", 2);
        return switch (words[0]) {
            case "bundles" -> BundleReport.format(BundleReport.of(lab.systemContext(), lab.home().deploy()));
            case "install" -> words.length < 2 ? "ERROR install needs the path of a jar\n" : install(Path.of(words[1]));
            case "ping" -> "OK\n";
            default -> "ERROR unknown request '" + words[0] + "' (known: bundles, install <jar>, ping)\n";
        };
    }

    /** Copies the jar into deploy/ atomically (FileInstall never sees half a file) and waits for the outcome. */
    String install(Path jar) {
        if (!Files.isRegularFile(jar)) return "ERROR no such file: " + jar + "\n";
        Path target = lab.home().deploy().resolve(jar.getFileName().toString());
        long start = System.nanoTime();
        try {
            Path tmp = Files.createTempFile(lab.home().data(), "install-", ".part");
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return "ERROR cannot copy " + jar + " into " + lab.home().deploy() + ": " + e.getMessage() + "\n";
        }
        Path normalized = target.toAbsolutePath().normalize();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            BundleReport.Report report = BundleReport.of(lab.systemContext(), lab.home().deploy());
            Optional<BundleReport.Row> row = report.bundles().stream()
                    .filter(r -> BundleReport.toPath(r.location()).map(normalized::equals).orElse(false)).findFirst();
            if (row.isPresent() && row.get().state().equals("ACTIVE"))
                return String.format("OK %s %s ACTIVE (bundle %d) in %d ms%n", row.get().symbolicName(), row.get().version(), row.get().id(),
                        (System.nanoTime() - start) / 1_000_000);
            if (row.isPresent() && !row.get().problem().isEmpty())
                return "FAILED " + row.get().symbolicName() + " " + row.get().version() + " is " + row.get().state() + ": " + row.get().problem() + "\n";
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
        return "FAILED " + target.getFileName() + " was not picked up within 15 s; see `neurolab bundles` and the lab's log\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(lab.home().managementSocket());
    }

    /** The client side: sends one request to a running lab and returns the answer. */
    static String request(Path socket, String line) throws IOException {
        if (!Files.exists(socket))
            throw new IOException("no lab is running here (no " + socket + "); start one with `neurolab run`");
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package org.neurolab.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.neurolab.runtime.trust.TrustAdmin;
import org.neurolab.api.management.CommandLine;

/** {@code neurolab trust list | add <cert.pem> [--alias A] | remove <alias>} on the management socket. */
final class TrustCommand {
    static final String USAGE = "usage: neurolab trust list | add <cert.pem> [--alias A] | remove <alias>";

    private TrustCommand() {
    }

    static int run(TrustAdmin admin, String args, Consumer<String> out, String who) {
        List<String> words;
        try {
            words = new ArrayList<>(CommandLine.split(args));
        } catch (IllegalArgumentException e) {
            out.accept("ERROR " + e.getMessage());
            return 2;
        }
        if (words.isEmpty()) {
            out.accept(USAGE);
            return 2;
        }
        try {
            switch (words.remove(0)) {
                case "list" -> {
                    out.accept(TrustAdmin.format(admin.list()));
                    return 0;
                }
                case "add" -> {
                    String alias = null;
                    int i = words.indexOf("--alias");
                    if (i >= 0) {
                        if (i + 1 >= words.size()) throw new IllegalArgumentException("--alias needs a value");
                        alias = words.get(i + 1);
                        words.remove(i + 1);
                        words.remove(i);
                    }
                    if (words.size() != 1) throw new IllegalArgumentException(USAGE);
                    Path pem = Path.of(words.get(0));
                    if (!Files.isRegularFile(pem)) throw new IllegalArgumentException("no such file: " + pem);
                    if (Files.size(pem) > 64 << 10) throw new IllegalArgumentException(pem + " is too large to be a certificate");
                    Map<String, Object> added = admin.add(Files.readAllBytes(pem), alias, who);
                    out.accept("OK trusted '" + added.get("alias") + "': " + added.get("subject") + ", SHA-256 " + added.get("sha256"));
                    List<?> again = (List<?>) added.get("reconsidered");
                    if (!again.isEmpty()) out.accept("refused jars it signed are looked at again: " + again);
                    return 0;
                }
                case "remove" -> {
                    if (words.size() != 1) throw new IllegalArgumentException(USAGE);
                    Map<String, Object> removed = admin.remove(words.get(0), who);
                    out.accept("OK removed '" + removed.get("alias") + "' (" + removed.get("subject") + ")");
                    List<?> running = (List<?>) removed.get("stillRunning");
                    if (!running.isEmpty()) out.accept("still running, signed by it (not uninstalled; replace them with newly signed jars): " + running);
                    return 0;
                }
                default -> throw new IllegalArgumentException(USAGE);
            }
        } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
            out.accept("ERROR " + e.getMessage());
            return e instanceof NoSuchElementException ? 1 : 2;
        } catch (IOException | java.io.UncheckedIOException e) {
            out.accept("ERROR " + e.getMessage());
            return 1;
        }
    }
}

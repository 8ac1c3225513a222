package org.neurolab.ethics.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.neurolab.ethics.internal.policy.PolicySet;

/**
 * The policies in force live in the lab's home ({@code data/ethics/policies/}), never in the distribution, which every
 * home of an install shares. A home without policy documents is seeded once from the distribution's folder; from then
 * on only approved two-person changes alter them (a newer distribution's policies do not replace a home's).
 */
final class PolicyHome {
    private PolicyHome() {
    }

    /** @return the home's folder, seeded from {@code distribution} when it holds no policy document yet */
    static Path seeded(Path home, Path distribution) throws IOException {
        if (!documents(home).isEmpty()) return home;
        if (distribution == null || documents(distribution).isEmpty())
            throw new IOException("no policy documents in " + home + " and none to seed it from (" + distribution + ")");
        Files.createDirectories(home);
        for (Path f : documents(distribution)) {
            Path tmp = home.resolve(f.getFileName() + ".seed");
            Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, home.resolve(f.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return home;
    }

    private static List<Path> documents(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(PolicySet::isPolicyDocument).sorted().toList();
        }
    }
}

package org.neurolab.recording.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * This lab's id ({@code data/recording/lab.id}, made once): recordings carry it, so a lab that restarts after a crash
 * marks only its own unfinished recordings interrupted, not those of another lab sharing the same PostgreSQL.
 */
final class LabIdentity {
    private LabIdentity() {
    }

    static String of(Path dataDir) throws IOException {
        Path f = dataDir.resolve("lab.id");
        if (Files.exists(f)) {
            String id = Files.readString(f, StandardCharsets.UTF_8).strip();
            if (id.matches("lab-[0-9a-f-]{36}")) return id;
            throw new IOException(f + " does not hold a lab id (lab-<uuid>), but '" + id + "'; remove it only if no store holds recordings of this lab");
        }
        String id = "lab-" + UUID.randomUUID();
        Path tmp = dataDir.resolve("lab.id.tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}

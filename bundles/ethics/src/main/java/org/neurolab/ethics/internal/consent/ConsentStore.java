package org.neurolab.ethics.internal.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The consent registry on disk: one JSON file in the lab's data folder, replaced atomically on every change. */
public final class ConsentStore {
    record Doc(List<Consent> consents, Map<String, String> cellLines) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public ConsentStore(Path file) {
        this.file = file;
    }

    /** Loads the registry; a lab without one starts with the consent of simulated cultures only. */
    public ConsentBook loadOrSeed(Set<String> allScopes) throws IOException {
        if (!Files.exists(file)) {
            ConsentBook seeded = ConsentBook.withSimulated(allScopes);
            save(seeded);
            return seeded;
        }
        Doc d = JSON.readValue(file.toFile(), Doc.class);
        Map<String, Consent> byId = new java.util.LinkedHashMap<>();
        for (Consent c : d.consents()) byId.put(c.id(), c);
        return new ConsentBook(byId, d.cellLines() == null ? Map.of() : d.cellLines());
    }

    public void save(ConsentBook book) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), new Doc(List.copyOf(book.consents().values()), book.cellLines()));
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

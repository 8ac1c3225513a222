package org.neurolab.dosing.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurolab.api.storage.AppendOnlyFile;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON lines, forced to disk per event (doses are rare; losing one would break the 24 h limit
 * after a restart). A torn last line from a crash is skipped on reading, and cut off before the next append.
 */
final class DosingEventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DosingEventLog.class);
    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    /** Appends survive a crash and an interrupted caller (doses are booked on the thread that gave them, a script's too). */
    private AppendOnlyFile out;

    private DosingEventLog(Path file) {
        this.file = file;
    }

    /** Opens the log, reads every complete event into {@code into}, and trims a torn tail. */
    static DosingEventLog open(Path file, List<DosingEvent> into) throws IOException {
        Files.createDirectories(file.getParent());
        DosingEventLog log = new DosingEventLog(file);
        long good = Files.exists(file) ? log.readAll(into) : 0;
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (good < size) LOG.warn("Dosing log {}: {} bytes of a torn last event cut off", file, size - good);
        log.out = AppendOnlyFile.open(file, good);
        return log;
    }

    private long readAll(List<DosingEvent> into) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long good = 0;
        int start = 0;
        List<DosingEvent> read = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') continue;
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            try {
                read.add(json.readValue(line, DosingEvent.class));
            } catch (IOException e) {
                throw new IOException("dosing log " + file + " is damaged at byte " + start + " (" + e.getMessage() + "); fix or move it aside", e);
            }
            start = i + 1;
            good = start;
        }
        into.addAll(read);
        return good;
    }

    void append(DosingEvent event) throws IOException {
        out.append((json.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

package org.neurolab.recording.internal.raw;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where raw traces live: {@code <raw root>/<store id>/<recording id>/<array>/chunk-*.dat}. Each recording's folder
 * names the store and recording it belongs to ({@code owner.properties}); a folder naming another store or
 * recording is refused, so two stores (H2 then PostgreSQL, or two labs sharing one database) never write into
 * or read from each other's traces. Folders made before store ids ({@code <raw root>/<id>}) carry no name and are read as they are.
 */
public final class RawFolders {
    public static final String OWNER = "owner.properties";

    private final Path root;
    private final String storeId;

    public RawFolders(Path root, String storeId) {
        this.root = root;
        this.storeId = storeId;
    }

    public Path root() {
        return root;
    }

    /** The folder of a new recording, claimed for it; refused when it exists and is another's. */
    public Path claim(String relative, long recordingId) throws IOException {
        Path dir = root.resolve(relative);
        if (Files.exists(dir.resolve(OWNER))) {
            verify(dir, recordingId);
            return dir;
        }
        if (Files.isDirectory(dir)) {
            try (var l = Files.list(dir)) {
                if (l.findAny().isPresent())
                    throw new IOException("raw folder " + dir + " already holds files of no recording of store " + storeId + "; it is not overwritten");
            }
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve(OWNER + ".tmp");
        Files.writeString(tmp, "storeId=" + storeId + "\nrecordingId=" + recordingId + "\n");
        Files.move(tmp, dir.resolve(OWNER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    /** The folder of an existing recording, to read or recover; refused when it names another store or recording. */
    public Path open(String relative, long recordingId) throws IOException {
        Path dir = root.resolve(relative);
        if (Files.exists(dir.resolve(OWNER))) verify(dir, recordingId);
        return dir;
    }

    private void verify(Path dir, long recordingId) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(OWNER))) {
            p.load(in);
        }
        String s = p.getProperty("storeId"), r = p.getProperty("recordingId");
        if (!storeId.equals(s) || !Long.toString(recordingId).equals(r))
            throw new IOException("raw folder " + dir + " belongs to recording " + r + " of store " + s + ", not to recording " + recordingId + " of store "
                    + storeId + "; refused");
    }
}

package org.neurolab.recording.internal.raw;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.internal.store.RecordingStore.RawChunk;

/**
 * After a crash: indexes the raw trace files of recordings the lab did not stop. The index lags the files by at
 * most one commit, so the open chunk usually holds samples its row does not count yet, and a chunk opened after
 * the last commit has no row at all. Each file is indexed as far as it holds whole sample frames; a frame cut
 * short by the kill is cut off the file, so every file is whole frames again (exports concatenate them).
 */
public final class RawRecovery {
    private static final Pattern CHUNK = Pattern.compile("chunk-(\\d+)-(-?\\d+)us\\.dat");

    /** What recovery did to one recording. */
    public record Report(long recordingId, int chunksIndexed, long samplesAdded, long bytesCut) {
    }

    private RawRecovery() {
    }

    /** @param rawRoot {@code data/recording/raw}: one folder per recording id, one per array in it */
    public static List<Report> recover(RecordingStore store, Path rawRoot, java.util.Set<Long> running) throws SQLException, IOException {
        List<RecordingInfo> candidates = store.recordings().stream().filter(r -> r.stoppedMicros() == null && !running.contains(r.id())).toList();
        return recover(store, new RawFolders(rawRoot, store.storeId()), candidates);
    }

    /** Indexes the raw files of these recordings (the lab did not stop them); a folder of another store is refused (IOException). */
    public static List<Report> recover(RecordingStore store, RawFolders folders, List<RecordingInfo> interrupted) throws SQLException, IOException {
        List<Report> out = new ArrayList<>();
        for (RecordingInfo r : interrupted) {
            if (!r.rawTraces()) continue;
            Path dir = folders.open(store.rawFolder(r.id()), r.id());
            if (!Files.isDirectory(dir)) continue;
            Report rep = recover(store, r, dir);
            if (rep.chunksIndexed() > 0 || rep.bytesCut() > 0) out.add(rep);
        }
        return out;
    }

    private static Report recover(RecordingStore store, RecordingInfo r, Path dir) throws SQLException, IOException {
        int indexed = 0;
        long added = 0, cut = 0;
        List<Path> meaDirs;
        try (Stream<Path> s = Files.list(dir)) {
            meaDirs = s.filter(p -> Files.isRegularFile(p.resolve(RawChunkWriter.LAYOUT))).sorted().toList();
        }
        for (Path meaDir : meaDirs) {
            Properties layout = new Properties();
            try (Reader in = Files.newBufferedReader(meaDir.resolve(RawChunkWriter.LAYOUT))) {
                layout.load(in);
            }
            String meaId = layout.getProperty("meaId");
            int channels = Integer.parseInt(layout.getProperty("channelCount"));
            int rate = Integer.parseInt(layout.getProperty("sampleRateHz"));
            float uvPerBit = Float.parseFloat(layout.getProperty("microvoltsPerBit"));
            String electrodes = layout.getProperty("electrodes");
            Map<String, RawChunk> known = new HashMap<>();
            for (RawChunk c : store.rawChunks(r.id(), meaId)) known.put(c.fileName(), c);
            List<RawChunk> fix = new ArrayList<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(meaDir)) {
                files = s.filter(p -> CHUNK.matcher(p.getFileName().toString()).matches()).sorted().toList();
            }
            for (Path f : files) {
                Matcher m = CHUNK.matcher(f.getFileName().toString());
                m.matches();
                long frameBytes = 2L * channels;
                long size = Files.size(f);
                long frames = size / frameBytes;
                if (size % frameBytes != 0) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.truncate(frames * frameBytes);
                    }
                    cut += size % frameBytes;
                }
                String name = meaDir.getFileName() + "/" + f.getFileName();
                RawChunk row = known.get(name);
                if (row != null && row.sampleCount() >= frames) continue;
                added += frames - (row == null ? 0 : row.sampleCount());
                fix.add(new RawChunk(meaId, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), (int) frames, channels, rate, uvPerBit, name, electrodes));
            }
            if (!fix.isEmpty()) store.indexChunks(r.id(), fix);
            indexed += fix.size();
        }
        return new Report(r.id(), indexed, added, cut);
    }
}

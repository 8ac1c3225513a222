package org.neurolab.recording.internal.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.internal.store.RecordingStore.RawChunk;

/**
 * A lab killed mid-recording: the open chunk has samples its index row does not count yet, a chunk opened after
 * the last commit has no row, and the last frame was cut short. Recovery indexes every whole frame written.
 */
class RawRecoveryTest {
    static final int CH = 4, N = 300; // 10 ms blocks at 30 kHz

    @TempDir
    Path dir;

    static RawSampleBlock block(long firstIndex) {
        float[] s = new float[CH * N];
        for (int i = 0; i < s.length; i++) s[i] = (float) ((firstIndex + i) % 50);
        return new RawSampleBlock("sim/mea0", firstIndex, firstIndex * 1_000_000 / 30_000, 30_000, CH, N, s);
    }

    @Test
    void the_chunks_open_at_a_kill_are_indexed_as_far_as_written() throws Exception {
        Path raw = dir.resolve("raw");
        try (RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("rec")), "", "")) {
            long id = store.createRecording(0, 0, List.of("sim/mea0"), List.of("o"), true, RecordingProvenance.none(), "");
            long other = store.createRecording(0, 0, List.of("sim/mea0"), List.of("o"), true, RecordingProvenance.none(), "");
            store.finishRecording(other, 1);
            Path folder = new RawFolders(raw, store.storeId()).claim(store.rawFolder(id), id);
            assertEquals(raw.resolve(store.storeId()).resolve(Long.toString(id)), folder, "raw traces are keyed by store and recording");
            RawChunkWriter w = new RawChunkWriter(folder.resolve("sim_mea0"), "sim/mea0", 3 * N);
            for (int b = 0; b < 5; b++) w.append(block((long) b * N)); // chunk 1 full (3 blocks), chunk 2 holds 2
            List<RawChunk> rows = w.drainIndex();
            assertEquals(List.of(3 * N, 2 * N), rows.stream().map(RawChunk::sampleCount).toList(), "the open chunk is indexed as far as written");
            store.append(id, List.of(), List.of(), (m, e) -> null, rows); // the last commit before the kill
            assertEquals(List.of(), w.drainIndex(), "nothing new to index");

            w.append(block(5L * N));            // the open chunk grows after the last commit
            w.append(block(20L * N));           // a gap: a new chunk the index never heard of
            Path newest = folder.resolve("sim_mea0").resolve(RawChunkWriter.fileName(20L * N, 20L * N * 1_000_000 / 30_000));
            try (FileChannel f = FileChannel.open(newest, StandardOpenOption.APPEND)) {
                f.write(ByteBuffer.wrap(new byte[]{1, 2, 3})); // the kill cut a frame short
            }
            // killed: the writer is never closed, nothing more is committed

            List<RawRecovery.Report> reports = RawRecovery.recover(store, raw, Set.of());
            assertEquals(List.of(new RawRecovery.Report(id, 2, 2L * N, 3)), reports, "only the unstopped recording, two files fixed");
            List<RawChunk> after = store.rawChunks(id, "sim/mea0");
            assertEquals(List.of(3 * N, 3 * N, N), after.stream().map(RawChunk::sampleCount).toList());
            assertEquals(List.of(0L, 3L * N, 20L * N), after.stream().map(RawChunk::firstSampleIndex).toList());
            assertEquals(20L * N * 1_000_000 / 30_000, after.get(2).startMicros(), "the start time comes from the file's name");
            assertEquals(CH, after.get(2).channelCount());
            assertEquals((long) N * CH * 2, Files.size(newest), "the cut frame is gone: whole frames only");
            for (RawChunk c : after)
                assertEquals((long) c.sampleCount() * CH * 2, Files.size(folder.resolve(c.fileName())), c.fileName());

            assertTrue(RawRecovery.recover(store, raw, Set.of()).isEmpty(), "a second pass finds nothing to do");
            w.close();
        }
    }

    @Test
    void a_store_refuses_the_raw_folder_of_another_store() throws Exception {
        Path raw = dir.resolve("raw");
        try (RecordingStore a = RecordingStore.open(RecordingStore.h2Url(dir.resolve("a")), "", "");
             RecordingStore b = RecordingStore.open(RecordingStore.h2Url(dir.resolve("b")), "", "")) {
            assertNotEquals(a.storeId(), b.storeId(), "each store has its own id");
            long ida = a.createRecording(0, 0, List.of("sim/mea0"), List.of("o"), true, RecordingProvenance.none(), "");
            long idb = b.createRecording(0, 0, List.of("sim/mea0"), List.of("o"), true, RecordingProvenance.none(), "");
            assertEquals(ida, idb, "both stores' first recording is 1");
            Path fa = new RawFolders(raw, a.storeId()).claim(a.rawFolder(ida), ida);
            Path fb = new RawFolders(raw, b.storeId()).claim(b.rawFolder(idb), idb);
            assertNotEquals(fa, fb, "recording 1 of two stores never share a folder");
            // a folder named for store a, opened as store b's (copied, or a store id changed by hand): refused, saying whose it is
            IOException e = assertThrows(IOException.class, () -> new RawFolders(raw, b.storeId()).open(a.rawFolder(ida), ida));
            assertTrue(e.getMessage().contains(a.storeId()) && e.getMessage().contains("refused"), e.getMessage());
            IOException e2 = assertThrows(IOException.class, () -> new RawFolders(raw, b.storeId()).claim(a.rawFolder(ida), ida));
            assertTrue(e2.getMessage().contains("refused"), e2.getMessage());
        }
    }
}

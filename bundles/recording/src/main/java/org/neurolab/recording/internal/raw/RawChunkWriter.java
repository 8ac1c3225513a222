package org.neurolab.recording.internal.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.internal.store.RecordingStore.RawChunk;

/**
 * Raw traces of one array in chunk files of int16 samples, interleaved (sample after sample, all channels),
 * the layout of Open Ephys' continuous.dat. A chunk ends after {@code chunkSamples} or at a gap.
 *
 * <p>So that a killed lab loses no raw data it had written: the open chunk is indexed as far as it is written at
 * every commit ({@link #drainIndex}), each file's name carries its first sample index and its start time, and
 * {@code layout.properties} beside the files names the channel count and rate; {@link RawRecovery} rebuilds the
 * index of a recording the lab did not stop from these alone.
 */
public final class RawChunkWriter implements AutoCloseable {
    public static final float MICROVOLTS_PER_BIT = 0.195f;

    private final Path folder;
    private final String meaId;
    private final long chunkSamples;
    private final int[] electrodes; // channels kept, in file order; null = all
    private FileChannel out;
    private RawChunk current;
    private long nextIndex = -1;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private final List<RawChunk> finished = new ArrayList<>();
    private int reportedOpenSamples = -1;
    private long clipped;

    public RawChunkWriter(Path folder, String meaId, long chunkSamples) throws IOException {
        this(folder, meaId, chunkSamples, null);
    }

    /** @param electrodes the electrodes to keep, in file channel order (the recorded cultures'); null = every channel of the block */
    public RawChunkWriter(Path folder, String meaId, long chunkSamples, int[] electrodes) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.meaId = meaId;
        this.chunkSamples = chunkSamples;
        this.electrodes = electrodes == null ? null : electrodes.clone();
    }

    private String electrodeList() {
        if (electrodes == null) return null;
        StringBuilder b = new StringBuilder();
        for (int e : electrodes) {
            if (!b.isEmpty()) b.append(',');
            b.append(e);
        }
        return b.toString();
    }

    public void append(RawSampleBlock b) throws IOException {
        int ch = electrodes == null ? b.channelCount() : electrodes.length;
        if (electrodes != null)
            for (int e : electrodes)
                if (e >= b.channelCount()) throw new IOException("raw block of " + meaId + " has " + b.channelCount() + " channels; electrode " + e + " is recorded");
        if (current != null && (b.firstSampleIndex() != nextIndex || current.sampleCount() >= chunkSamples || ch != current.channelCount()))
            roll();
        if (current == null) {
            if (!Files.exists(folder.resolve(LAYOUT))) writeLayout(b);
            String name = fileName(b.firstSampleIndex(), b.startMicros());
            out = FileChannel.open(folder.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            current = new RawChunk(meaId, b.firstSampleIndex(), b.startMicros(), 0, ch, b.sampleRateHz(), MICROVOLTS_PER_BIT, folder.getFileName() + "/" + name,
                    electrodeList());
        }
        int m = b.sampleCount();
        int bytes = ch * m * 2;
        if (buf.capacity() < bytes) buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.clear();
        float[] s = b.samplesMicrovolts();
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < ch; c++) {
                int source = electrodes == null ? c : electrodes[c];
                float v = Math.round(s[source * m + i] / MICROVOLTS_PER_BIT);
                if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) clipped++;
                buf.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            }
        }
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        current = new RawChunk(meaId, current.firstSampleIndex(), current.startMicros(), current.sampleCount() + m, ch, current.sampleRateHz(),
                MICROVOLTS_PER_BIT, current.fileName(), current.electrodes());
        nextIndex = b.firstSampleIndex() + m;
    }

    /** Names the files' layout, once per array and recording: what recovery needs besides the files. */
    private void writeLayout(RawSampleBlock b) throws IOException {
        Path tmp = folder.resolve(LAYOUT + ".tmp");
        Files.writeString(tmp, "meaId=" + meaId + "\nchannelCount=" + (electrodes == null ? b.channelCount() : electrodes.length) + "\nsampleRateHz="
                + b.sampleRateHz() + "\nmicrovoltsPerBit=" + MICROVOLTS_PER_BIT + "\n" + (electrodes == null ? "" : "electrodes=" + electrodeList() + "\n"));
        Files.move(tmp, folder.resolve(LAYOUT), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file layout's sidecar, beside the chunk files of one array. */
    public static final String LAYOUT = "layout.properties";

    /** {@code chunk-<first sample index>-<start µs>.dat}: a file alone says where its samples belong. */
    public static String fileName(long firstSampleIndex, long startMicros) {
        return String.format("chunk-%012d-%dus.dat", firstSampleIndex, startMicros);
    }

    private void roll() throws IOException {
        if (current == null) return;
        out.close();
        finished.add(current);
        current = null;
        reportedOpenSamples = -1;
    }

    /**
     * Index rows to write now: chunks finished since the last call, and the open chunk as far as it is written
     * (when it grew). A row for a file supersedes an earlier row for the same file.
     */
    public List<RawChunk> drainIndex() {
        List<RawChunk> l = new ArrayList<>(finished);
        finished.clear();
        if (current != null && current.sampleCount() != reportedOpenSamples) {
            l.add(current);
            reportedOpenSamples = current.sampleCount();
        }
        return l;
    }

    public long clippedSamples() {
        return clipped;
    }

    @Override
    public void close() throws IOException {
        roll();
    }
}

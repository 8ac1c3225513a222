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
 */
public final class RawChunkWriter implements AutoCloseable {
    public static final float MICROVOLTS_PER_BIT = 0.195f;

    private final Path folder;
    private final String meaId;
    private final long chunkSamples;
    private FileChannel out;
    private RawChunk current;
    private long nextIndex = -1;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private final List<RawChunk> finished = new ArrayList<>();
    private long clipped;

    public RawChunkWriter(Path folder, String meaId, long chunkSamples) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.meaId = meaId;
        this.chunkSamples = chunkSamples;
    }

    public void append(RawSampleBlock b) throws IOException {
        if (current != null && (b.firstSampleIndex() != nextIndex || current.sampleCount() >= chunkSamples || b.channelCount() != current.channelCount()))
            roll();
        if (current == null) {
            String name = String.format("chunk-%012d.dat", b.firstSampleIndex());
            out = FileChannel.open(folder.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            current = new RawChunk(meaId, b.firstSampleIndex(), b.startMicros(), 0, b.channelCount(), b.sampleRateHz(), MICROVOLTS_PER_BIT, folder.getFileName() + "/" + name);
        }
        int ch = b.channelCount(), m = b.sampleCount();
        int bytes = ch * m * 2;
        if (buf.capacity() < bytes) buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.clear();
        float[] s = b.samplesMicrovolts();
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < ch; c++) {
                float v = Math.round(s[c * m + i] / MICROVOLTS_PER_BIT);
                if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) clipped++;
                buf.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            }
        }
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        current = new RawChunk(meaId, current.firstSampleIndex(), current.startMicros(), current.sampleCount() + m, ch, current.sampleRateHz(),
                MICROVOLTS_PER_BIT, current.fileName());
        nextIndex = b.firstSampleIndex() + m;
    }

    private void roll() throws IOException {
        if (current == null) return;
        out.close();
        finished.add(current);
        current = null;
    }

    /**
     * Chunks whose files are complete, to index in the store. The open chunk is reported as far as it is
     * written, so an index row may be superseded by a longer one for the same file.
     */
    public List<RawChunk> drainFinished() {
        List<RawChunk> l = new ArrayList<>(finished);
        finished.clear();
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

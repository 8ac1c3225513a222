package org.neurolab.recording.internal.export.hdf5;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Where a streamed dataset writes its elements: little-endian, through a small buffer, counted. */
public final class H5Out extends OutputStream {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long count;

    H5Out(OutputStream out) {
        this.out = out;
    }

    private ByteBuffer room(int n) throws IOException {
        if (buf.remaining() < n) drain();
        count += n;
        return buf;
    }

    public void int16(short v) throws IOException {
        room(2).putShort(v);
    }

    public void int32(int v) throws IOException {
        room(4).putInt(v);
    }

    public void int64(long v) throws IOException {
        room(8).putLong(v);
    }

    public void float32(float v) throws IOException {
        room(4).putFloat(v);
    }

    public void float64(double v) throws IOException {
        room(8).putDouble(v);
    }

    @Override
    public void write(int b) throws IOException {
        room(1).put((byte) b);
    }

    /** Raw bytes as they are (e.g. int16 samples already little-endian on disk). */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.capacity()) {
            drain();
            out.write(b, off, len);
            count += len;
        } else {
            room(len).put(b, off, len);
        }
    }

    long count() {
        return count;
    }

    void drain() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }
}

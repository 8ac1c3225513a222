package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * NumPy .npy files, format version 1.0, little-endian, C order, written as a stream: the header first (the shape is
 * known before the data: counts come from the store), then the values through a small buffer.
 */
final class Npy implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final long expected;
    private long values;

    private Npy(OutputStream out, long expected) {
        this.out = out;
        this.expected = expected;
    }

    /** @param shape e.g. {@code (n,)} or {@code (n, 1, 90)}; {@code values} the number of scalars that follow */
    static Npy open(OutputStream out, String descr, String shape, long values) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64; // header padded so the data starts 64-byte aligned
        byte[] h = (dict + " ".repeat(total - unpadded) + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length & 0xFF), (byte) (h.length >> 8)});
        out.write(h);
        return new Npy(out, values);
    }

    static String vector(long n) {
        return "(" + n + ",)";
    }

    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) drain();
        values++;
    }

    private void drain() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    void int64(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    void float64(double v) throws IOException {
        room(8);
        buf.putDouble(v);
    }

    void float32(float v) throws IOException {
        room(4);
        buf.putFloat(v);
    }

    void int32(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    void int16(short v) throws IOException {
        room(2);
        buf.putShort(v);
    }

    /** Ends the file; a count that does not match the header is a bug that would make the file unreadable, so it fails. */
    @Override
    public void close() throws IOException {
        drain();
        out.close();
        if (values != expected) throw new IOException("npy file got " + values + " values, its header says " + expected);
    }
}

package org.neurolab.recording.internal.export.hdf5;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A growing little-endian byte buffer for the file's metadata (headers, heaps, small data). */
final class Le {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream(256);

    Le u8(int v) {
        b.write(v);
        return this;
    }

    Le u16(int v) {
        b.write(v);
        b.write(v >>> 8);
        return this;
    }

    Le u32(long v) {
        for (int i = 0; i < 4; i++) b.write((int) (v >>> (8 * i)));
        return this;
    }

    Le u64(long v) {
        for (int i = 0; i < 8; i++) b.write((int) (v >>> (8 * i)));
        return this;
    }

    Le bytes(byte[] v) {
        b.writeBytes(v);
        return this;
    }

    Le ascii(String s) {
        return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    Le zeros(int n) {
        for (int i = 0; i < n; i++) b.write(0);
        return this;
    }

    int size() {
        return b.size();
    }

    byte[] toArray() {
        return b.toByteArray();
    }
}

package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** NumPy .npy files, format version 1.0, little-endian, C order. */
final class Npy {
    private Npy() {
    }

    static void writeInt64(Path file, long[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        write(file, "<i8", "(" + v.length + ",)", b.array());
    }

    static void writeFloat64(Path file, double[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        write(file, "<f8", "(" + v.length + ",)", b.array());
    }

    static void writeInt16(Path file, short[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(v);
        write(file, "<i2", "(" + v.length + ",)", b.array());
    }

    static void writeUint64(Path file, long[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        write(file, "<u8", "(" + v.length + ",)", b.array());
    }

    /** rows × cols float32 (spike waveforms: spikes × samples). */
    static void writeFloat32Matrix(Path file, float[] v, int rows, int cols) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v, 0, rows * cols);
        write(file, "<f4", "(" + rows + ", 1, " + cols + ")", b.array());
    }

    private static void write(Path file, String descr, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64; // header padded so the data starts 64-byte aligned
        String header = dict + " ".repeat(total - unpadded) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length & 0xFF), (byte) (h.length >> 8)});
            out.write(h);
            out.write(data);
        }
    }
}

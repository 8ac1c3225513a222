package org.neurolab.recording.internal.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reader of the Open Ephys binary format, written from the format's documentation (not from the
 * exporter): structure.oebin is JSON; continuous.dat is int16 little-endian, interleaved by sample; .npy files
 * have the NumPy header ("\x93NUMPY", version, header length, a Python dict literal) before the data.
 */
final class OpenEphysReader {
    record Npy(String descr, int[] shape, ByteBuffer data) {
        long[] int64() {
            long[] v = new long[shape[0]];
            data.asLongBuffer().get(v);
            return v;
        }

        double[] float64() {
            double[] v = new double[shape[0]];
            data.asDoubleBuffer().get(v);
            return v;
        }

        short[] int16() {
            short[] v = new short[shape[0]];
            data.asShortBuffer().get(v);
            return v;
        }

        float[] float32All() {
            float[] v = new float[data.remaining() / 4];
            data.asFloatBuffer().get(v);
            return v;
        }
    }

    static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static JsonNode oebin(Path recording) throws IOException {
        return new ObjectMapper().readTree(recording.resolve("structure.oebin").toFile());
    }

    static Npy npy(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if ((all[0] & 0xFF) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) throw new IOException(file + " is not .npy");
        int major = all[6];
        int headerLen, start;
        if (major == 1) {
            headerLen = (all[8] & 0xFF) | (all[9] & 0xFF) << 8;
            start = 10;
        } else {
            headerLen = ByteBuffer.wrap(all, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            start = 12;
        }
        if ((start + headerLen) % 64 != 0) throw new IOException(file + ": data not 64-byte aligned");
        String header = new String(all, start, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'fortran_order': False")) throw new IOException("only C order is read: " + header);
        Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) throw new IOException("bad header " + header);
        String[] dims = s.group(1).split(",");
        int count = 0;
        for (String x : dims) if (!x.isBlank()) count++;
        int[] shape = new int[count];
        int k = 0;
        for (String x : dims) if (!x.isBlank()) shape[k++] = Integer.parseInt(x.strip());
        ByteBuffer data = ByteBuffer.wrap(all, start + headerLen, all.length - start - headerLen).slice();
        data.order(d.group(1).startsWith("<") || d.group(1).startsWith("|") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        return new Npy(d.group(1), shape, data);
    }

    /** continuous.dat as [sample][channel] in µV. */
    static float[][] continuous(Path dat, int channels, double bitVolts) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dat)).order(ByteOrder.LITTLE_ENDIAN);
        int samples = b.remaining() / 2 / channels;
        float[][] out = new float[samples][channels];
        for (int i = 0; i < samples; i++) for (int c = 0; c < channels; c++) out[i][c] = (float) (b.getShort() * bitVolts);
        return out;
    }
}

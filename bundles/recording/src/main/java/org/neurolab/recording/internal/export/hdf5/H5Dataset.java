package org.neurolab.recording.internal.export.hdf5;

/**
 * A contiguous dataset: either values held here (String[], double[], float[], int[], long[], short[], H5Node[]), or a
 * body that streams exactly {@code elements × type size} little-endian bytes when the file is written, so a dataset
 * of any size passes through bounded memory.
 */
public final class H5Dataset extends H5Node {
    /** Writes a streamed dataset's elements, in C order. */
    @FunctionalInterface
    public interface Body {
        void write(H5Out out) throws Exception;
    }

    final H5Type type;
    final long[] dims;
    final Object values;
    final Body body;
    long dataAddress = -1;

    private H5Dataset(H5Type type, long[] dims, Object values, Body body) {
        for (long d : dims) if (d < 0) throw new IllegalArgumentException("negative dimension");
        this.type = type;
        this.dims = dims.clone();
        this.values = values;
        this.body = body;
    }

    public static H5Dataset of(H5Type type, long[] dims, Object values) {
        return new H5Dataset(type, dims, values, null);
    }

    /** A one-dimensional dataset of the values. */
    public static H5Dataset vector(H5Type type, Object values) {
        return of(type, new long[]{java.lang.reflect.Array.getLength(values)}, values);
    }

    public static H5Dataset scalar(String text) {
        return of(H5Type.TEXT, new long[0], new String[]{text});
    }

    public static H5Dataset scalar(double v) {
        return of(H5Type.FLOAT64, new long[0], new double[]{v});
    }

    public static H5Dataset streamed(H5Type type, long[] dims, Body body) {
        return new H5Dataset(type, dims, null, body);
    }

    long elements() {
        long n = 1;
        for (long d : dims) n = Math.multiplyExact(n, d);
        return n;
    }

    long bytes() {
        return Math.multiplyExact(elements(), type.size());
    }
}

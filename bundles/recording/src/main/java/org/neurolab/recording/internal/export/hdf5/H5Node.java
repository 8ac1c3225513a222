package org.neurolab.recording.internal.export.hdf5;

import java.util.ArrayList;
import java.util.List;

/** A group or dataset of the file being built, with its attributes. */
public abstract sealed class H5Node permits H5Group, H5Dataset {
    /**
     * One attribute. {@code value} is a String, String[], Number, double[], float[], int[], long[], H5Node (an object
     * reference) or H5Node[]; {@code dims} null for a scalar.
     */
    record Attribute(String name, H5Type type, long[] dims, Object value) {
    }

    final List<Attribute> attributes = new ArrayList<>();
    long address = -1;

    /** A text attribute. */
    public H5Node attr(String name, String value) {
        attributes.add(new Attribute(name, H5Type.TEXT, null, value));
        return this;
    }

    /** A one-dimensional text attribute (e.g. a table's {@code colnames}). */
    public H5Node attr(String name, List<String> values) {
        attributes.add(new Attribute(name, H5Type.TEXT, new long[]{values.size()}, values.toArray(String[]::new)));
        return this;
    }

    /** A scalar numeric attribute of the given type. */
    public H5Node attr(String name, H5Type type, Number value) {
        attributes.add(new Attribute(name, type, null, value));
        return this;
    }

    /** An object reference attribute (e.g. a DynamicTableRegion's {@code table}). */
    public H5Node attr(String name, H5Node target) {
        attributes.add(new Attribute(name, H5Type.REFERENCE, null, target));
        return this;
    }
}

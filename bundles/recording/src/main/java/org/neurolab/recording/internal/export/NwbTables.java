package org.neurolab.recording.internal.export;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.neurolab.recording.internal.export.hdf5.H5Dataset;
import org.neurolab.recording.internal.export.hdf5.H5Group;
import org.neurolab.recording.internal.export.hdf5.H5Node;
import org.neurolab.recording.internal.export.hdf5.H5Type;

/**
 * The typing NWB readers (pynwb, hdmf) rely on: every typed object carries {@code namespace}, {@code neurodata_type}
 * and a UUID {@code object_id}; tables are hdmf-common DynamicTables (an {@code id} dataset, VectorData columns named
 * in {@code colnames}, VectorIndex for ragged columns, DynamicTableRegion into another table by object reference).
 */
final class NwbTables {
    static final String CORE = "core", COMMON = "hdmf-common";

    private NwbTables() {
    }

    static <N extends H5Node> N typed(N node, String namespace, String type) {
        node.attr("namespace", namespace).attr("neurodata_type", type).attr("object_id", UUID.randomUUID().toString());
        return node;
    }

    /** A DynamicTable (or a type extending it) being filled column by column; {@link #close} writes its colnames. */
    static final class Table {
        final H5Group group;
        private final List<String> columns = new ArrayList<>();

        Table(H5Group group, String namespace, String type, String description, long rows, long[] ids) {
            this.group = typed(group, namespace, type);
            group.attr("description", description);
            H5Dataset id = ids != null ? H5Dataset.vector(H5Type.INT64, ids) : H5Dataset.streamed(H5Type.INT64, new long[]{rows}, o -> {
                for (long i = 0; i < rows; i++) o.int64(i);
            });
            typed(group.add("id", id), COMMON, "ElementIdentifiers");
        }

        /** A column (VectorData), listed in colnames. */
        H5Dataset column(String name, String description, H5Dataset data) {
            columns.add(name);
            return data(name, description, data, "VectorData");
        }

        /** A column of rows of another table (DynamicTableRegion). */
        H5Dataset region(String name, String description, H5Dataset rows, H5Group table) {
            columns.add(name);
            H5Dataset d = data(name, description, rows, "DynamicTableRegion");
            d.attr("table", table);
            return d;
        }

        /** The index of a ragged column: the end of each row's values in {@code target} (not itself in colnames). */
        H5Dataset index(String name, H5Dataset target, H5Dataset ends) {
            H5Dataset d = data(name, "index into " + name.replaceFirst("_index$", ""), ends, "VectorIndex");
            d.attr("target", target);
            return d;
        }

        private H5Dataset data(String name, String description, H5Dataset data, String type) {
            typed(group.add(name, data), COMMON, type);
            data.attr("description", description);
            return data;
        }

        void close() {
            group.attr("colnames", columns);
        }
    }

    /** Running ends of rows of the given lengths, as a VectorIndex holds them. */
    static long[] ends(long[] lengths) {
        long[] e = new long[lengths.length];
        long sum = 0;
        for (int i = 0; i < lengths.length; i++) e[i] = sum += lengths[i];
        return e;
    }

    static String[] texts(List<String> l) {
        return l.toArray(String[]::new);
    }
}

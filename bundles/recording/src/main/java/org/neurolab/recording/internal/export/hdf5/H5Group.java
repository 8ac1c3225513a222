package org.neurolab.recording.internal.export.hdf5;

import java.util.LinkedHashMap;
import java.util.Map;

/** A group: named links to its members (hard, each member in one group only) and soft links (paths). */
public final class H5Group extends H5Node {
    record SoftLink(String path) {
    }

    final Map<String, Object> links = new LinkedHashMap<>();

    public H5Group group(String name) {
        H5Group g = new H5Group();
        put(name, g);
        return g;
    }

    /** The member group of that name, made when there is none. */
    public H5Group groupOf(String name) {
        Object o = links.get(name);
        if (o instanceof H5Group g) return g;
        return group(name);
    }

    public H5Dataset add(String name, H5Dataset d) {
        put(name, d);
        return d;
    }

    /** A soft link, as NWB links an ElectrodeGroup to its Device. */
    public void softLink(String name, String path) {
        put(name, new SoftLink(path));
    }

    private void put(String name, Object member) {
        if (name.isEmpty() || name.contains("/") || name.length() > 255) throw new IllegalArgumentException("bad HDF5 link name '" + name + "'");
        if (links.putIfAbsent(name, member) != null) throw new IllegalArgumentException("two members named '" + name + "'");
    }
}

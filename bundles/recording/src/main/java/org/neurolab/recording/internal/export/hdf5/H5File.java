package org.neurolab.recording.internal.export.hdf5;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an HDF5 file front to back in one pass, so it can go into a zip stream: the whole layout is planned first
 * (every object header, the global heaps of the strings, then each dataset's data in tree order), because the
 * superblock and the headers name addresses further on. Only metadata is held in memory; streamed datasets write
 * their data when their turn comes.
 *
 * <p>The subset of the format written (HDF5 File Format Specification 3.0): superblock version 2, version-2 object
 * headers in one chunk, new-style compact groups (link info, group info and link messages), compact attributes
 * (version 3, UTF-8 names), contiguous layout, global heap collections for variable-length strings, object
 * references. HDF5 1.8 and later read it.
 */
public final class H5File {
    static final long UNDEFINED = -1L;
    private static final int SUPERBLOCK = 48;
    private static final int HEAP_MIN = 4096, HEAP_MAX_OBJECTS = 60_000;

    private final H5Group root = new H5Group();
    private final Map<String, long[]> heapIds = new LinkedHashMap<>(); // text -> {collection, index}
    private final List<List<byte[]>> collections = new ArrayList<>();
    private long[] collectionAddress;

    public H5Group root() {
        return root;
    }

    /** Writes the file; returns its length. A streamed dataset that writes more or fewer bytes than it declared fails it. */
    public long write(OutputStream os) throws IOException {
        List<H5Node> nodes = new ArrayList<>();
        collect(root, nodes);
        for (H5Node n : nodes) internStrings(n);
        // plan: headers (their lengths do not depend on addresses), heaps, data in tree order
        long at = SUPERBLOCK;
        for (H5Node n : nodes) {
            n.address = at;
            at += header(n).length;
        }
        collectionAddress = new long[collections.size()];
        for (int c = 0; c < collections.size(); c++) {
            collectionAddress[c] = at;
            at += heap(c).length;
        }
        List<H5Dataset> data = new ArrayList<>();
        for (H5Node n : nodes) if (n instanceof H5Dataset d && d.bytes() > 0) data.add(d);
        for (H5Dataset d : data) {
            d.dataAddress = at;
            at += d.bytes();
        }
        long eof = at;
        H5Out out = new H5Out(os);
        Le sb = new Le().bytes(new byte[]{(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}).u8(2).u8(8).u8(8).u8(0)
                .u64(0).u64(UNDEFINED).u64(eof).u64(root.address);
        byte[] s = sb.toArray();
        out.write(s, 0, s.length);
        out.int32(Lookup3.hash(s, 0, s.length));
        for (H5Node n : nodes) {
            byte[] h = header(n);
            out.write(h, 0, h.length);
        }
        for (int c = 0; c < collections.size(); c++) {
            byte[] h = heap(c);
            out.write(h, 0, h.length);
        }
        for (H5Dataset d : data) {
            long before = out.count();
            if (d.body != null) {
                try {
                    d.body.write(out);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e.getMessage(), e);
                }
            } else {
                byte[] v = encode(d.type, d.values, d.elements());
                out.write(v, 0, v.length);
            }
            if (out.count() - before != d.bytes())
                throw new IOException("a dataset wrote " + (out.count() - before) + " bytes where its shape needs " + d.bytes() + " (data changed while exporting?)");
        }
        out.drain();
        if (out.count() != eof) throw new IOException("HDF5 file came out " + out.count() + " bytes long, planned " + eof);
        return eof;
    }

    private static void collect(H5Node n, List<H5Node> out) {
        if (n.address == -2) throw new IllegalStateException("an HDF5 node is linked twice; use a soft link");
        n.address = -2;
        out.add(n);
        if (n instanceof H5Group g) for (Object m : g.links.values()) if (m instanceof H5Node c) collect(c, out);
    }

    private void internStrings(H5Node n) {
        for (H5Node.Attribute a : n.attributes) if (a.type() == H5Type.TEXT) for (String s : strings(a.value())) intern(s);
        if (n instanceof H5Dataset d && d.type == H5Type.TEXT && d.values != null) for (String s : strings(d.values)) intern(s);
    }

    private static String[] strings(Object v) {
        return v instanceof String s ? new String[]{s} : (String[]) v;
    }

    private void intern(String s) {
        if (s == null) throw new IllegalArgumentException("null text in an HDF5 file");
        heapIds.computeIfAbsent(s, k -> {
            if (collections.isEmpty() || collections.get(collections.size() - 1).size() >= HEAP_MAX_OBJECTS) collections.add(new ArrayList<>());
            List<byte[]> c = collections.get(collections.size() - 1);
            c.add(k.getBytes(StandardCharsets.UTF_8));
            return new long[]{collections.size() - 1, c.size()}; // heap object indices start at 1 (0 is free space)
        });
    }

    /** A global heap collection: "GCOL", version 1, size, its objects (each padded to 8 bytes), then free space. */
    private byte[] heap(int c) {
        Le objects = new Le();
        List<byte[]> strings = collections.get(c);
        for (int i = 0; i < strings.size(); i++) {
            byte[] b = strings.get(i);
            objects.u16(i + 1).u16(1).u32(0).u64(b.length).bytes(b).zeros((8 - b.length % 8) % 8);
        }
        int size = Math.max(HEAP_MIN, 16 + objects.size() + 16);
        size = (size + 7) / 8 * 8;
        Le h = new Le().ascii("GCOL").u8(1).zeros(3).u64(size).bytes(objects.toArray());
        int free = size - h.size();
        if (free >= 16) h.u16(0).u16(0).u32(0).u64(free).zeros(free - 16);
        else h.zeros(free);
        return h.toArray();
    }

    // ---- object headers --------------------------------------------------------------------------------------

    private byte[] header(H5Node n) {
        Le m = new Le();
        if (n instanceof H5Group g) {
            message(m, 0x02, new Le().u8(0).u8(0).u64(UNDEFINED).u64(UNDEFINED).toArray()); // link info: compact links
            message(m, 0x0A, new Le().u8(0).u8(0).toArray()); // group info
            for (var e : g.links.entrySet()) message(m, 0x06, link(e.getKey(), e.getValue()));
        } else {
            H5Dataset d = (H5Dataset) n;
            message(m, 0x01, dataspace(d.dims));
            message(m, 0x03, d.type.message());
            message(m, 0x05, new Le().u8(3).u8(0x0A).toArray()); // fill value: allocated late, written if set, default (zeros)
            boolean empty = d.bytes() == 0;
            message(m, 0x08, new Le().u8(3).u8(1).u64(empty ? UNDEFINED : d.dataAddress).u64(d.bytes()).toArray()); // contiguous layout
        }
        for (H5Node.Attribute a : n.attributes) message(m, 0x0C, attribute(a));
        byte[] body = m.toArray();
        Le h = new Le().ascii("OHDR").u8(2).u8(0x02).u32(body.length).bytes(body); // flags: chunk size in 4 bytes
        byte[] b = h.toArray();
        return new Le().bytes(b).u32(Lookup3.hash(b, 0, b.length)).toArray();
    }

    private static void message(Le m, int type, byte[] data) {
        if (data.length > 0xFFFF) throw new IllegalArgumentException("an HDF5 header message of " + data.length + " bytes (attributes must stay under 64 KiB)");
        m.u8(type).u16(data.length).u8(0).bytes(data);
    }

    private static byte[] link(String name, Object target) {
        byte[] nm = name.getBytes(StandardCharsets.UTF_8);
        Le l = new Le().u8(1);
        if (target instanceof H5Group.SoftLink s) {
            byte[] p = s.path().getBytes(StandardCharsets.UTF_8);
            l.u8(0x08 | 0x10).u8(1).u8(1).u8(nm.length).bytes(nm).u16(p.length).bytes(p); // link type soft, name in UTF-8
        } else {
            l.u8(0x10).u8(1).u8(nm.length).bytes(nm).u64(((H5Node) target).address);
        }
        return l.toArray();
    }

    private static byte[] dataspace(long[] dims) {
        Le s = new Le().u8(2).u8(dims.length).u8(0).u8(dims.length == 0 ? 0 : 1);
        for (long d : dims) s.u64(d);
        return s.toArray();
    }

    private byte[] attribute(H5Node.Attribute a) {
        byte[] name = (a.name() + "\0").getBytes(StandardCharsets.UTF_8);
        long[] dims = a.dims() == null ? new long[0] : a.dims();
        byte[] space = dataspace(dims);
        long n = 1;
        for (long d : dims) n *= d;
        byte[] value = encode(a.type(), a.value(), n);
        return new Le().u8(3).u8(0).u16(name.length).u16(a.type().message().length).u16(space.length).u8(1)
                .bytes(name).bytes(a.type().message()).bytes(space).bytes(value).toArray();
    }

    /** Values held in memory, as the file stores them. */
    private byte[] encode(H5Type t, Object v, long n) {
        Le b = new Le();
        switch (t.kind()) {
            case STRING -> {
                for (String s : strings(v)) {
                    long[] id = heapIds.get(s);
                    b.u32(s.getBytes(StandardCharsets.UTF_8).length).u64(collectionAddress == null ? 0 : collectionAddress[(int) id[0]]).u32(id[1]);
                }
            }
            case REFERENCE -> {
                H5Node[] targets = v instanceof H5Node one ? new H5Node[]{one} : (H5Node[]) v;
                for (H5Node target : targets) b.u64(target.address);
            }
            default -> {
                if (v instanceof Number x) number(b, t, x);
                else for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) number(b, t, (Number) java.lang.reflect.Array.get(v, i));
            }
        }
        if (b.size() != n * t.size()) throw new IllegalArgumentException(n + " elements of " + t.size() + " bytes expected, the values make " + b.size() + " bytes");
        return b.toArray();
    }

    private static void number(Le b, H5Type t, Number x) {
        switch (t.kind()) {
            case FLOAT -> {
                if (t.size() == 4) b.u32(Float.floatToRawIntBits(x.floatValue()));
                else b.u64(Double.doubleToRawLongBits(x.doubleValue()));
            }
            default -> {
                long v = x.longValue();
                switch (t.size()) {
                    case 1 -> b.u8((int) v);
                    case 2 -> b.u16((int) v);
                    case 4 -> b.u32(v);
                    default -> b.u64(v);
                }
            }
        }
    }
}

package org.neurolab.recording.internal.export.hdf5;

/**
 * The HDF5 datatypes an NWB file needs, as their datatype messages (HDF5 file format, "Datatype Message", version 1):
 * little-endian integers and IEEE floats, variable-length UTF-8 strings (kept in a global heap) and object references.
 *
 * @param size    bytes of one element in a dataset or attribute
 * @param message the encoded datatype message
 */
public record H5Type(Kind kind, int size, byte[] message) {
    public enum Kind { INT, UINT, FLOAT, STRING, REFERENCE }

    public static final H5Type INT8 = fixed(1, true), INT16 = fixed(2, true), INT32 = fixed(4, true), INT64 = fixed(8, true);
    public static final H5Type UINT8 = fixed(1, false), UINT32 = fixed(4, false), UINT64 = fixed(8, false);
    public static final H5Type FLOAT32 = floating(4, 23, 8, 127), FLOAT64 = floating(8, 52, 11, 1023);
    /** Variable-length UTF-8 text, what h5py and NWB readers take for {@code text}. */
    public static final H5Type TEXT = text();
    /** An object reference: the address of the referred group's or dataset's object header. */
    public static final H5Type REFERENCE = new H5Type(Kind.REFERENCE, 8, new Le().u8(0x17).u8(0).u8(0).u8(0).u32(8).toArray());

    private static H5Type fixed(int bytes, boolean signed) {
        byte[] m = new Le().u8(0x10).u8(signed ? 0x08 : 0).u8(0).u8(0).u32(bytes).u16(0).u16(bytes * 8).toArray();
        return new H5Type(signed ? Kind.INT : Kind.UINT, bytes, m);
    }

    private static H5Type floating(int bytes, int mantissaBits, int exponentBits, int bias) {
        int bits = bytes * 8;
        // bit field: little-endian, mantissa normalised with an implied leading 1 (2 << 4), sign at the top bit
        byte[] m = new Le().u8(0x11).u8(0x20).u8(bits - 1).u8(0).u32(bytes)
                .u16(0).u16(bits).u8(mantissaBits).u8(exponentBits).u8(0).u8(mantissaBits).u32(bias).toArray();
        return new H5Type(Kind.FLOAT, bytes, m);
    }

    private static H5Type text() {
        // variable-length (class 9), type string, null-terminated padding, UTF-8; base type an unsigned byte; element:
        // length (4) + global heap collection address (8) + object index (4)
        byte[] m = new Le().u8(0x19).u8(0x01).u8(0x01).u8(0).u32(16).bytes(UINT8.message).toArray();
        return new H5Type(Kind.STRING, 16, m);
    }
}

package org.neurolab.recording.internal.export.hdf5;

/**
 * Bob Jenkins' lookup3 {@code hashlittle} over bytes, initial value 0: the checksum HDF5 puts on its version-2
 * superblock and object headers (readers refuse a header whose checksum does not match).
 */
final class Lookup3 {
    private Lookup3() {
    }

    static int hash(byte[] k, int offset, int length) {
        int a, b, c;
        a = b = c = 0xdeadbeef + length;
        int i = offset;
        int left = length;
        while (left > 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 12;
            i += 12;
        }
        if (left == 0) return c;
        // the last 1..12 bytes, little-endian into a, b, c (what the reference's fall-through switch does)
        int[] abc = {a, b, c};
        for (int j = 0; j < left; j++) abc[j / 4] += (k[i + j] & 0xFF) << (8 * (j % 4));
        a = abc[0];
        b = abc[1];
        c = abc[2];
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int word(byte[] k, int i) {
        return (k[i] & 0xFF) | (k[i + 1] & 0xFF) << 8 | (k[i + 2] & 0xFF) << 16 | (k[i + 3] & 0xFF) << 24;
    }
}

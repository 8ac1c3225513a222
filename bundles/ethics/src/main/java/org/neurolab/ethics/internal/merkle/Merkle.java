package org.neurolab.ethics.internal.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0) §2.1 with SHA-256: leaf hash
 * {@code SHA-256(0x00 || entry)}, node hash {@code SHA-256(0x01 || left || right)}, the root of n leaves split at
 * the largest power of two below n; inclusion and consistency proofs and their verification.
 * Works on leaf hashes, so a log keeps 32 bytes per entry in memory, not the entries.
 */
public final class Merkle {
    public static final int HASH_BYTES = 32;

    private Merkle() {
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(entry);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH(D[from:to]) over leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes, int from, int to) {
        int n = to - from;
        if (n == 0) return emptyRoot();
        if (n == 1) return leafHashes.get(from);
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(root(leafHashes, from, from + k), root(leafHashes, from + k, to));
    }

    public static byte[] root(List<byte[]> leafHashes) {
        return root(leafHashes, 0, leafHashes.size());
    }

    /** PATH(m, D[0:n]): the audit path of leaf m in the tree of the first n leaves (§2.1.3.1). */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int m, int n) {
        if (m < 0 || n > leafHashes.size() || m >= n)
            throw new IllegalArgumentException("no inclusion proof for leaf " + m + " in a tree of " + n);
        List<byte[]> out = new ArrayList<>();
        path(leafHashes, m, 0, n, out);
        return out;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) return;
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[0:n]): proof that the tree of the first m leaves is a prefix of the tree of n (§2.1.4.1). */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int m, int n) {
        if (m < 0 || m > n || n > leafHashes.size())
            throw new IllegalArgumentException("no consistency proof from size " + m + " to " + n);
        List<byte[]> out = new ArrayList<>();
        if (m == 0 || m == n) return out;
        subproof(leafHashes, m, 0, n, true, out);
        return out;
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) out.add(root(leaves, from, to));
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, complete, out);
            out.add(root(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** §2.1.3.2. False for any malformed input (index out of range, hash of the wrong size, extra or missing nodes). */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize || !isHash(leafHash) || !isHash(root)) return false;
        long fn = leafIndex, sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (!isHash(p) || sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** §2.1.4.2, with the trivial cases: size 0 is consistent with anything, equal sizes need equal roots and no proof. */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        if (size1 < 0 || size2 < size1) return false;
        if (size1 == size2) return proof.isEmpty() && Arrays.equals(root1, root2);
        if (size1 == 0) return proof.isEmpty();
        if (proof.isEmpty() || !isHash(root1) || !isHash(root2)) return false;
        for (byte[] p : proof) if (!isHash(p)) return false;
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) path.add(0, root1);
        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0), sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
    }

    static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static boolean isHash(byte[] h) {
        return h != null && h.length == HASH_BYTES;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

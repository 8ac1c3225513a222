package org.neurolab.ethics.internal.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of a growing tree in O(log n) per append: the roots of its perfect subtrees, largest first
 * (the binary digits of the size). A log uses it to sign checkpoints without rehashing everything.
 */
public final class CompactRange {
    private final List<byte[]> peaks = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private long size;

    public void append(byte[] leafHash) {
        byte[] h = leafHash;
        long s = 1;
        while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == s) {
            h = Merkle.nodeHash(peaks.remove(peaks.size() - 1), h);
            sizes.remove(sizes.size() - 1);
            s *= 2;
        }
        peaks.add(h);
        sizes.add(s);
        size++;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        if (peaks.isEmpty()) return Merkle.emptyRoot();
        byte[] r = peaks.get(peaks.size() - 1);
        for (int i = peaks.size() - 2; i >= 0; i--) r = Merkle.nodeHash(peaks.get(i), r);
        return r;
    }
}

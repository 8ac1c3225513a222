package org.neurolab.ethics.internal.merkle;

import java.util.HexFormat;

/** Lower-case hex, the way hashes appear in the log and its checkpoints. */
public final class Hex {
    private Hex() {
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] parse(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}

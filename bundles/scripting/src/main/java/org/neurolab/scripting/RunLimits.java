package org.neurolab.scripting;

import java.time.Duration;

/**
 * What a run may use before it is stopped.
 *
 * @param maxWallTime    wall-clock time for the whole run
 * @param maxStatements  guest statements executed (stops endless loops)
 * @param maxOutputBytes printed output kept; printing past it stops the run
 */
public record RunLimits(Duration maxWallTime, long maxStatements, int maxOutputBytes) {
    public static final RunLimits DEFAULT = new RunLimits(Duration.ofMinutes(30), 500_000_000L, 1 << 20);

    public RunLimits {
        if (maxWallTime == null || maxWallTime.isNegative() || maxWallTime.isZero())
            throw new IllegalArgumentException("a run needs a positive time limit");
        if (maxStatements < 1) throw new IllegalArgumentException("statement limit must be >= 1, was " + maxStatements);
        if (maxOutputBytes < 1) throw new IllegalArgumentException("output limit must be >= 1 byte, was " + maxOutputBytes);
    }
}

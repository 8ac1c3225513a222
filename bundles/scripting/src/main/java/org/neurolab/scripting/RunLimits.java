package org.neurolab.scripting;

import java.time.Duration;

/**
 * What a run may use before it is stopped. The lab's own settings ({@code deploy/org.neurolab.scripting.cfg}) are a
 * ceiling: a run gets the tighter of what it asks and what the lab allows ({@link #within}).
 *
 * @param maxWallTime        wall-clock time for the whole run
 * @param maxStatements      guest statements executed (GraalVM's statement limit: catches most endless loops early)
 * @param maxOutputBytes     printed output kept; printing past it stops the run
 * @param maxCpuTime         CPU time of the run's thread; catches every loop, also those the statement limit cannot see
 * @param maxCallbackTime    how long one closed-loop callback ({@code on_spikes}, {@code loop}) may take before the run ends
 * @param maxResultBytes     the size of one result ({@code lab.result}); a bigger one is refused with a lab error
 * @param maxRunResultBytes  the size of all results of the run together
 */
public record RunLimits(Duration maxWallTime, long maxStatements, int maxOutputBytes, Duration maxCpuTime, Duration maxCallbackTime,
                        long maxResultBytes, long maxRunResultBytes) {
    public static final RunLimits DEFAULT = new RunLimits(Duration.ofMinutes(30), 500_000_000L, 1 << 20, Duration.ofSeconds(60),
            Duration.ofSeconds(2), 1L << 20, 8L << 20);

    public RunLimits {
        positive(maxWallTime, "a run needs a positive time limit");
        positive(maxCpuTime, "a run needs a positive CPU time limit");
        positive(maxCallbackTime, "a run needs a positive callback time limit");
        if (maxStatements < 1) throw new IllegalArgumentException("statement limit must be >= 1, was " + maxStatements);
        if (maxOutputBytes < 1) throw new IllegalArgumentException("output limit must be >= 1 byte, was " + maxOutputBytes);
        if (maxResultBytes < 1) throw new IllegalArgumentException("result size limit must be >= 1 byte, was " + maxResultBytes);
        if (maxRunResultBytes < maxResultBytes)
            throw new IllegalArgumentException("the limit for all results (" + maxRunResultBytes + " bytes) is below the one for one result (" + maxResultBytes + ")");
    }

    /** The wall, statement and output limits given; CPU, callback and result limits the defaults. */
    public RunLimits(Duration maxWallTime, long maxStatements, int maxOutputBytes) {
        this(maxWallTime, maxStatements, maxOutputBytes, DEFAULT.maxCpuTime(), DEFAULT.maxCallbackTime(), DEFAULT.maxResultBytes(),
                DEFAULT.maxRunResultBytes());
    }

    /** The tighter of these limits and the lab's {@code ceiling}, limit by limit. */
    public RunLimits within(RunLimits ceiling) {
        return new RunLimits(min(maxWallTime, ceiling.maxWallTime), Math.min(maxStatements, ceiling.maxStatements),
                Math.min(maxOutputBytes, ceiling.maxOutputBytes), min(maxCpuTime, ceiling.maxCpuTime), min(maxCallbackTime, ceiling.maxCallbackTime),
                Math.min(maxResultBytes, ceiling.maxResultBytes), Math.max(Math.min(maxResultBytes, ceiling.maxResultBytes),
                Math.min(maxRunResultBytes, ceiling.maxRunResultBytes)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void positive(Duration d, String message) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(message);
    }
}

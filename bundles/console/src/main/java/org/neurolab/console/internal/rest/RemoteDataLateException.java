package org.neurolab.console.internal.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A remote session's window or read whose data did not come in time: the client is told how late (503 with the
 * watermark), never handed a silent partial answer; as the in-lab scripts' LabDataLateException.
 */
final class RemoteDataLateException extends RuntimeException {
    private final long neededMicros;
    private final long watermarkMicros;
    private final long labMicros;

    RemoteDataLateException(String culture, long neededMicros, long watermarkMicros, long labMicros, long waitedMillis) {
        super(String.format(Locale.ROOT, "the data of %s is late: needed up to %.1f ms, complete only up to %s at lab time %.1f ms "
                        + "(%.1f s behind; waited %.1f s); the rig or instrument is behind (see ./neurolab status or GET /api/health)",
                culture, neededMicros / 1000.0, watermarkMicros == Long.MIN_VALUE ? "nothing yet" : String.format(Locale.ROOT, "%.1f ms", watermarkMicros / 1000.0),
                labMicros / 1000.0, (labMicros - Math.max(0, watermarkMicros)) / 1e6, waitedMillis / 1000.0));
        this.neededMicros = neededMicros;
        this.watermarkMicros = watermarkMicros;
        this.labMicros = labMicros;
    }

    /** The answer: 503 (the source, not the request, is at fault; asking again later may work), with the figures. */
    Reply reply() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", getMessage());
        m.put("late", true);
        m.put("neededMicros", neededMicros);
        m.put("completeUpToMicros", watermarkMicros == Long.MIN_VALUE ? null : watermarkMicros);
        m.put("labMicros", labMicros);
        return new Reply(503, m);
    }
}

package org.neurolab.scripting.internal;

import java.util.Locale;

/** A wait or window whose data did not come in time: the run is told how late, never handed a silent partial answer. */
final class LabDataLateException extends RuntimeException {
    LabDataLateException(String culture, long neededMicros, long watermarkMicros, long nowMicros) {
        super(String.format(Locale.ROOT, "the data of %s is late: needed up to %.1f ms, complete only up to %s at lab time %.1f ms "
                        + "(%.1f s behind); the rig or instrument is behind (see ./neurolab status or the console's health banner)",
                culture, neededMicros / 1000.0, watermarkMicros == Long.MIN_VALUE ? "nothing yet" : String.format(Locale.ROOT, "%.1f ms", watermarkMicros / 1000.0),
                nowMicros / 1000.0, (nowMicros - Math.max(0, watermarkMicros)) / 1e6));
    }
}

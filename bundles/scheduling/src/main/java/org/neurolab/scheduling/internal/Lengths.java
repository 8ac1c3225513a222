package org.neurolab.scheduling.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Lengths of time as the scheduler's refusals say them. */
final class Lengths {
    private Lengths() {
    }

    /** Whole hours as {@code 3 h}, else hours to two places. */
    static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : String.format(Locale.ROOT, "%.2f h", minutes / 60.0);
    }

    /** A length as written to the last unit it has (24 h 0 min 0.000001 s), so a refusal never reads like an allowance. */
    static String exactly(Duration d) {
        StringBuilder b = new StringBuilder();
        if (d.toHours() > 0) b.append(d.toHours()).append(" h ");
        if (d.toMinutesPart() > 0 || (b.length() > 0 && (d.toSecondsPart() > 0 || d.toNanosPart() > 0))) b.append(d.toMinutesPart()).append(" min ");
        if (d.toSecondsPart() > 0 || d.toNanosPart() > 0 || b.length() == 0)
            b.append(new BigDecimal(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9)).stripTrailingZeros().toPlainString()).append(" s");
        return b.toString().strip();
    }

    /** Lab microseconds as seconds to one place. */
    static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.1f s", micros / 1e6);
    }
}

package org.neurolab.driver.serialpump.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as the pump takes them: at most four digits and a decimal point, at most three decimals. A rate is sent in the
 * unit that keeps the most digits of it (µL/h, µL/min, mL/h, mL/min); replies are read back in whatever unit they carry.
 */
final class Rates {
    private Rates() {
    }

    /** {@code RAT} argument for a rate in µL/min, e.g. {@code 5.000 UM}, {@code 738.0 UH}, {@code 1.250 MM}. */
    static String rateArgument(double microlitresPerMinute) {
        double[] factor = {60, 1, 0.06, 0.001}; // µL/min → µL/h, µL/min, mL/h, mL/min
        String[] unit = {"UH", "UM", "MH", "MM"};
        for (int i = 0; i < unit.length; i++) {
            String f = pumpFloat(microlitresPerMinute * factor[i]);
            if (f != null) return f + " " + unit[i];
        }
        throw new IllegalArgumentException("rate " + microlitresPerMinute + " µL/min cannot be written in the pump's number format");
    }

    /** A volume in µL as {@code VOL} takes it with units UL (or, above 9999 µL, ML: the caller sets the units). */
    static String volumeMicrolitres(double microlitres) {
        String f = pumpFloat(microlitres);
        if (f == null) throw new IllegalArgumentException("volume " + microlitres + " µL does not fit the pump's number format (at most 9999 µL)");
        return f;
    }

    /** The most precise rendering with at most 4 digits and 3 decimals, or null when it does not fit (too large, or rounds to 0). */
    static String pumpFloat(double v) {
        if (!(v >= 0) || v >= 9999.5) return null;
        int integerDigits = v < 1 ? 1 : (int) Math.floor(Math.log10(v)) + 1;
        int decimals = Math.max(0, Math.min(3, 4 - integerDigits));
        BigDecimal b = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
        if (b.precision() > 4 && decimals > 0) b = BigDecimal.valueOf(v).setScale(decimals - 1, RoundingMode.HALF_UP); // 999.96 → 1000.0
        if (b.precision() > 4 && b.scale() == 0) return null;
        if (b.signum() == 0 && v > 0) return null;
        return b.toPlainString();
    }

    /** Reads a {@code RAT} query answer such as {@code 5.000UM} into µL/min. */
    static double parseRate(String data) {
        String d = data.trim().toUpperCase(Locale.ROOT);
        if (d.length() < 3) throw new IllegalArgumentException("rate reply '" + data + "' has no unit");
        String unit = d.substring(d.length() - 2);
        double v = Double.parseDouble(d.substring(0, d.length() - 2));
        return switch (unit) {
            case "UM" -> v;
            case "UH" -> v / 60;
            case "MM" -> v * 1000;
            case "MH" -> v * 1000 / 60;
            default -> throw new IllegalArgumentException("rate reply '" + data + "' has unknown unit " + unit);
        };
    }
}

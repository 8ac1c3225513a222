package org.neurolab.dosing.internal;

import java.util.Map;

/**
 * The units a dose may be written in. Written exactly: {@code nM} is a concentration, {@code nm} a length, and a
 * lab that guesses between them doses a thousandfold wrong.
 */
final class Units {
    enum Kind { AMOUNT, CONCENTRATION }

    /** A parsed unit: what it measures and the factor to nmol (amounts) or µM (concentrations). */
    record Unit(String symbol, Kind kind, double factor) {
    }

    private static final Map<String, Unit> KNOWN = Map.of(
            "pmol", new Unit("pmol", Kind.AMOUNT, 1e-3),
            "nmol", new Unit("nmol", Kind.AMOUNT, 1),
            "µmol", new Unit("µmol", Kind.AMOUNT, 1e3),
            "umol", new Unit("µmol", Kind.AMOUNT, 1e3),
            "nM", new Unit("nM", Kind.CONCENTRATION, 1e-3),
            "µM", new Unit("µM", Kind.CONCENTRATION, 1),
            "uM", new Unit("µM", Kind.CONCENTRATION, 1),
            "mM", new Unit("mM", Kind.CONCENTRATION, 1e3));

    /**
     * The smallest amount the lab doses: 1 fmol. Below it no pump or UV pulse can deliver what was asked (a number
     * like 1e-320 is a slip, not an intent), so it is refused rather than rounded up to what the device can do.
     */
    static final double MIN_NANOMOLES = 1e-6;
    /** The smallest volume a chamber pump moves (1 nL): the resolution of the syringe pumps the lab uses. */
    static final double MIN_PUMP_MICROLITRES = 1e-3;

    private Units() {
    }

    static Unit parse(String text) {
        String s = text == null ? "" : text.strip();
        Unit u = KNOWN.get(s);
        if (u != null) return u;
        String hint = switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nm" -> "'" + s + "' is not a dose unit (nm is nanometres): write nM for nanomolar or nmol for nanomoles";
            case "um", "µm" -> "'" + s + "' is not a dose unit (µm is micrometres): write µM (or uM) for micromolar or µmol for micromoles";
            case "mm" -> "'" + s + "' is not a dose unit (mm is millimetres): write mM for millimolar";
            case "m", "mol", "molar" -> "'" + s + "' is far too coarse for a culture chamber: write pmol, nmol, µmol, nM, µM or mM";
            case "ng", "ug", "µg", "mg", "g" -> "'" + s + "' is a mass: doses are given in amounts of substance (pmol, nmol, µmol) or concentrations (nM, µM, mM)";
            case "ul", "µl", "ml", "l" -> "'" + s + "' is a volume: the lab works out the volume from the compound's stock; give pmol, nmol, µmol, nM, µM or mM";
            default -> "unknown dose unit '" + s + "': write pmol, nmol, µmol, nM, µM (or uM) or mM";
        };
        throw new IllegalArgumentException(hint);
    }
}

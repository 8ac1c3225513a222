package org.neurolab.api.lab;

/**
 * One electrode of a multi-electrode array.
 *
 * @param index            position in the array, 0-based
 * @param xMicrons         centre, x, in micrometres from the array origin
 * @param yMicrons         centre, y, in micrometres from the array origin
 * @param diameterMicrons  contact diameter; the charge-density limits of the ethics policies use its area
 */
public record Electrode(int index, double xMicrons, double yMicrons, double diameterMicrons) {
    public Electrode {
        if (index < 0) throw new IllegalArgumentException("electrode index must be >= 0, was " + index);
        if (!(diameterMicrons > 0) || !Double.isFinite(diameterMicrons))
            throw new IllegalArgumentException("electrode " + index + ": diameter must be a positive number of micrometres, was " + diameterMicrons);
        if (!Double.isFinite(xMicrons) || !Double.isFinite(yMicrons))
            throw new IllegalArgumentException("electrode " + index + ": position must be finite");
    }

    /** Geometric contact area in square centimetres, the unit charge-density limits are stated in. */
    public double areaSquareCentimetres() {
        double radiusCm = diameterMicrons / 2 * 1e-4;
        return Math.PI * radiusCm * radiusCm;
    }
}

package org.neurolab.scripting;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurolab.api.lab.MeaLayout;

/**
 * Absolute electrode indices, as platforms with several arrays per rig number them (FinalSpark's 4 × 32 electrodes are
 * 0..127): an array whose id ends in a number {@code n} (its place on the rig, {@code rig/mea2} → 2) holds the absolute
 * indices {@code n × electrodeCount .. (n + 1) × electrodeCount − 1}. It depends on the array's layout alone, so a dry
 * run's private rig numbers the same electrodes the same way. An array whose id ends in no number has no absolute indices.
 */
public final class ElectrodeNumbering {
    private static final Pattern PLACE = Pattern.compile("(\\d{1,6})$");

    private ElectrodeNumbering() {
    }

    /** The absolute index of the array's electrode 0, or empty when the array's id names no place. */
    public static OptionalInt offset(MeaLayout layout) {
        Matcher m = PLACE.matcher(layout.meaId());
        if (!m.find()) return OptionalInt.empty();
        return OptionalInt.of(Integer.parseInt(m.group(1)) * layout.electrodeCount());
    }

    /** The absolute indices of electrodes of the array, in the same order. */
    public static List<Integer> absolute(MeaLayout layout, List<Integer> electrodes) {
        int offset = require(layout);
        List<Integer> out = new ArrayList<>(electrodes.size());
        for (int e : electrodes) out.add(offset + layout.electrode(e).index());
        return out;
    }

    /** The array's own index of an absolute index; refused, saying which absolute indices the array holds, when it holds none such. */
    public static int local(MeaLayout layout, int absolute) {
        int offset = require(layout);
        int local = absolute - offset;
        if (local < 0 || local >= layout.electrodeCount())
            throw new IllegalArgumentException("absolute electrode " + absolute + " is not on MEA " + layout.meaId() + " (it holds "
                    + offset + ".." + (offset + layout.electrodeCount() - 1) + ")");
        return local;
    }

    private static int require(MeaLayout layout) {
        return offset(layout).orElseThrow(() -> new IllegalArgumentException("MEA " + layout.meaId()
                + " defines no absolute electrode indices (its id ends in no number giving its place on the rig)"));
    }
}

package org.neurolab.api.control;

import java.util.List;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;

/**
 * The checks every command path makes before it asks a guard, in one wording: the lab's control service and a dry
 * run's private rig both use them, so a dry run refuses exactly what the lab would.
 */
public final class CommandChecks {
    private CommandChecks() {
    }

    /**
     * Why the culture may not be acted on, or null. Maintenance (a medium exchange) may reach a culture on hold, never
     * a retired one; everything else needs an ACTIVE culture.
     */
    public static String notActionable(Organoid organoid, boolean maintenance) {
        boolean allowed = organoid.state() == CultureState.ACTIVE || (maintenance && organoid.state() == CultureState.ON_HOLD);
        if (allowed) return null;
        return "organoid " + organoid.id() + " is " + organoid.state() + "; "
                + (maintenance ? "only ACTIVE cultures or cultures ON_HOLD are maintained" : "only ACTIVE cultures can be acted on");
    }

    /** Why these electrodes may not be stimulated for the culture (one is not under it), or null. */
    public static String notUnder(Organoid organoid, List<Integer> electrodes) {
        for (int e : electrodes)
            if (!organoid.covers(e)) return "electrode " + e + " is not under organoid " + organoid.id() + " (its electrodes: " + organoid.electrodes() + ")";
        return null;
    }
}

package org.neurolab.api.control;

import java.util.List;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Command paths of their own for dry runs, made by the lab's control service: the same code the lab's commands take
 * (culture known and actionable, electrodes under it, stimulator range, every guard asked in order, a guard that
 * throws or answers nothing refuses, a missing required guard refuses, device safe state on close) over the private
 * rig's devices, cultures and clock. A dry run therefore refuses exactly what the lab refuses, but for the guards the
 * lab's configuration says a dry run does without (by default the booking: a dry run needs none).
 *
 * <p>Nothing on a private path reaches the lab: not its drivers, not its guards, not its journals (the audit trail).
 * The private path asks only the guards given to it ({@link PrivateControl#addGuard}), which stand in for the lab's of
 * the same name: the ethics and dosing rehearsals.
 */
@ProviderType
public interface PrivateCommandPaths {
    /**
     * @param devices  the private rig's devices: its MEAs as the real arrays are numbered, its lights and pumps
     * @param cultures the cultures the rig copies
     * @param clock    the rig's own clock (virtual time)
     */
    PrivateControl open(List<? extends DeviceDriver> devices, CultureRegistry cultures, LabClock clock);
}

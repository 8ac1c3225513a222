package org.neurolab.scheduling;

import org.neurolab.api.control.Caller;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of lab maintenance the scheduler carries out on its recurring schedules (whiteboard: register as a service
 * with {@link #TASK} naming the task, e.g. {@code medium-exchange}, {@code impedance-check}). The scheduler calls it
 * at each occurrence with a system caller ({@value #SYSTEM_USER}, role operator, purpose {@value #PURPOSE}); the task
 * acts through the command path like anyone else. Maintenance takes precedence: runs on the culture are suspended
 * (rig in its safe state) while it works and resume afterwards.
 */
@ConsumerType
public interface MaintenanceTask {
    /** Service property: the task's name. */
    String TASK = "neurolab.maintenance.task";
    String SYSTEM_USER = "system:scheduling";
    String PURPOSE = "maintenance";

    /**
     * Carry out the task once for {@code job.organoidId()}.
     *
     * @return what was done, in words (kept as the job's last outcome)
     * @throws Exception when it could not be done; the message is kept as the job's last outcome
     */
    String perform(MaintenanceJob job, Caller caller) throws Exception;
}

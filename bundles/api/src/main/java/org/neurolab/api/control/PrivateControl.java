package org.neurolab.api.control;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A private command path (see {@link PrivateCommandPaths}): a {@link LabControl} over a dry run's own devices. */
@ProviderType
public interface PrivateControl extends LabControl, AutoCloseable {
    /** A guard asked on this path after the ones added before it; it counts for a required guard of its name. */
    void addGuard(String name, CommandGuard guard);

    /** A journal told of this path's decisions and of what was carried out (a dosing rehearsal books there). */
    void addJournal(String name, CommandJournal journal);

    /** Required guards of the lab that this path needs too (the lab's, less those a dry run does without). */
    List<String> requiredGuards();

    /** Closes every session (their devices to the safe state) and stops the path's signal fan-out. */
    @Override
    void close();
}

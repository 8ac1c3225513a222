package org.neurolab.scripting;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Runs experiment scripts against the lab, one at a time per runner thread, each in its own sandbox. */
@ProviderType
public interface ExperimentRunner {
    /** Queues a run and returns its record (state QUEUED). */
    RunRecord submit(RunRequest request);

    /** Runs and waits for the end. */
    RunRecord runAndWait(RunRequest request) throws InterruptedException;

    Optional<RunRecord> run(String id);

    /** Newest first. */
    List<RunRecord> runs();

    /** Cancels a queued or running run at once; its rig returns to the safe state. False if it had already ended. */
    boolean cancel(String id);
}

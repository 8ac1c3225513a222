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

    /**
     * Runs the script against a private simulated rig in virtual time (nothing of the real lab is touched) and
     * waits for the end. The record's {@code labMicros} is the lab time the script took: what a booking needs.
     */
    RunRecord dryRun(RunRequest request) throws InterruptedException;

    /**
     * Suspends a running run: its rig goes to the safe state now and the script waits at its next lab call until
     * {@link #resume}. Recorded in the run's history. False if the run is not running.
     */
    boolean suspend(String id, String reason);

    /** Lets a suspended run go on. Recorded in the run's history. False if it was not suspended. */
    boolean resume(String id, String reason);
}

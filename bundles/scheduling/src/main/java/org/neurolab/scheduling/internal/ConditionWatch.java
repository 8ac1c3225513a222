package org.neurolab.scheduling.internal;

import java.time.Duration;
import java.time.Instant;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspends a going run while its rig's conditions are bad and resumes it once they have been good for
 * {@code resumeAfter} (so a reading that flickers back does not start and stop the rig). A run suspended for
 * maintenance is left to maintenance.
 */
final class ConditionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ConditionWatch.class);

    private final RunKeeper runs;
    private final RigConditions conditions;
    private final Duration resumeAfter;

    ConditionWatch(RunKeeper runs, RigConditions conditions, Duration resumeAfter) {
        this.runs = runs;
        this.conditions = conditions;
        this.resumeAfter = resumeAfter;
    }

    /** Looks at the rig of a going run of this runtime once. */
    void watch(QueuedRun q, Reservation r, Instant now) {
        String problem = conditions.problem(r.meaId());
        RunKeeper.Suspension s = runs.suspension(q.id());
        if (q.state() == QueueState.RUNNING && problem != null) {
            if (runs.suspend(q, problem, RunKeeper.Cause.CONDITIONS, now))
                LOG.warn("Queued run {} ({}) suspended: {}", q.id(), runs.runIdOf(q.id()), problem);
        } else if (q.state() == QueueState.SUSPENDED && s != null && s.cause == RunKeeper.Cause.CONDITIONS) {
            if (problem != null) {
                s.goodSince = null;
            } else if (s.goodSince == null) {
                s.goodSince = now;
            } else if (Duration.between(s.goodSince, now).compareTo(resumeAfter) >= 0) {
                String why = "conditions back in range for " + resumeAfter.toSeconds() + " s";
                String runId = runs.runIdOf(q.id());
                if (runs.resume(q, why, now)) LOG.info("Queued run {} ({}) resumed: {}", q.id(), runId, why);
            }
        }
    }
}

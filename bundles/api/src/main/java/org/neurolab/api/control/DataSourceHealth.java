package org.neurolab.api.control;

/**
 * How complete one array's data is: the lab answers windows, waits and queries from data below the watermark only, so
 * a source that falls behind makes the lab wait, and says so here.
 *
 * @param meaId            the array
 * @param watermarkMicros  lab time up to which its data is complete ({@link Long#MIN_VALUE} before the first data)
 * @param lagMicros        lab time now minus the watermark (how late its data is)
 * @param realTimeFactor   lab time its data advanced per wall-clock time over the last seconds (1.0 keeps up)
 * @param gaps             gaps reported since the lab started (data missing for good: shed simulation time, a dropped
 *                         connection)
 * @param gapMicros        their total length
 * @param lastGap          the last gap's reason, or empty
 * @param behind           true while the source is late beyond the lab's tolerance (an alarm: rig health, not the
 *                         culture's)
 * @param summary          one line for people, e.g. "sim/mea0 runs at 0.42× real time, 3.1 s behind"
 */
public record DataSourceHealth(String meaId, long watermarkMicros, long lagMicros, double realTimeFactor, long gaps, long gapMicros, String lastGap,
                               boolean behind, String summary) {
}

package org.neurolab.recording;

/**
 * Where a recording came from, stored with it.
 *
 * @param runId            the run (script execution) it belongs to, or empty
 * @param scriptHash       hash of the experiment script, or empty
 * @param rigConfiguration the rig's configuration as text (driver configuration properties)
 * @param driverVersions   bundle versions of the drivers involved, e.g. {@code org.neurolab.driver.sim=0.1.0}
 * @param policySetHash    hash of the ethics policy set in force, or empty
 * @param simulatorSeed    the culture model's seed when simulated, else null
 */
public record RecordingProvenance(String runId, String scriptHash, String rigConfiguration, String driverVersions, String policySetHash,
                                  Long simulatorSeed) {
    public RecordingProvenance {
        runId = runId == null ? "" : runId;
        scriptHash = scriptHash == null ? "" : scriptHash;
        rigConfiguration = rigConfiguration == null ? "" : rigConfiguration;
        driverVersions = driverVersions == null ? "" : driverVersions;
        policySetHash = policySetHash == null ? "" : policySetHash;
    }

    public static RecordingProvenance none() {
        return new RecordingProvenance("", "", "", "", "", null);
    }
}

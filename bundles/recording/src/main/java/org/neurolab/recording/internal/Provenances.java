package org.neurolab.recording.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.recording.RecordingProvenance;

/**
 * Completes a recording's provenance from what the lab knows at its start: whatever the caller gave (a script
 * run gives its run id and script hash) is kept, the rest is filled in. Text fields are {@code key=value} lines,
 * sorted, so two recordings on the same rig compare equal line by line and {@link java.util.Properties} reads them.
 */
final class Provenances {
    /** How the simulated rig names a culture's batch: the culture model's seed. */
    private static final Pattern SEED_BATCH = Pattern.compile("seed-(-?\\d+)");

    private Provenances() {
    }

    /**
     * @param recorded      the cultures recorded
     * @param devices       every device of the lab now
     * @param layouts       an array's layout, if its driver runs
     * @param driverBundles installed driver bundles, {@code name=version} lines
     * @param policySetHash the ethics policy set in force, or empty when the ethics bundle does not run
     */
    static RecordingProvenance complete(RecordingProvenance given, Collection<Organoid> recorded, List<DeviceInfo> devices,
                                        Function<String, Optional<MeaLayout>> layouts, String driverBundles, String policySetHash) {
        Set<String> meas = recorded.stream().map(Organoid::meaId).collect(Collectors.toCollection(TreeSet::new));
        Set<String> rigs = devices.stream().filter(d -> meas.contains(d.deviceId())).map(DeviceInfo::rigId).collect(Collectors.toCollection(TreeSet::new));
        List<DeviceInfo> rigDevices = devices.stream().filter(d -> rigs.contains(d.rigId())).toList();

        TreeMap<String, String> config = new TreeMap<>();
        for (DeviceInfo d : rigDevices) config.put("device." + d.deviceId() + ".kind", d.kind().name());
        for (String mea : meas) {
            layouts.apply(mea).ifPresent(l -> {
                config.put("mea." + mea + ".electrodes", Integer.toString(l.electrodeCount()));
                config.put("mea." + mea + ".sampleRateHz", Integer.toString(l.sampleRateHz()));
                // the geometry, for exports (channel positions, the NWB electrodes table): x,y,diameter in µm
                for (var e : l.electrodes())
                    config.put("mea." + mea + ".electrode." + e.index(), e.xMicrons() + "," + e.yMicrons() + "," + e.diameterMicrons());
            });
        }
        for (Organoid o : recorded) {
            String k = "culture." + o.id() + ".";
            config.put(k + "mea", o.meaId());
            config.put(k + "electrodes", o.electrodes().stream().map(String::valueOf).collect(Collectors.joining(",")));
            config.put(k + "cellLine", o.provenance().cellLine());
            config.put(k + "batch", o.provenance().batch());
            config.put(k + "donorConsentRef", o.provenance().donorConsentRef());
            config.put(k + "seedingDate", o.provenance().seedingDate().toString());
        }

        TreeMap<String, String> versions = new TreeMap<>();
        for (String line : driverBundles.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) versions.put("bundle." + line.substring(0, eq), line.substring(eq + 1));
        }
        for (DeviceInfo d : rigDevices) {
            versions.put("device." + d.deviceId() + ".model", (d.vendor() + " " + d.model()).strip());
            versions.put("device." + d.deviceId() + ".firmware", d.firmwareVersion());
        }

        return new RecordingProvenance(given.runId(), given.scriptHash(),
                given.rigConfiguration().isEmpty() ? lines(config) : given.rigConfiguration(),
                given.driverVersions().isEmpty() ? lines(versions) : given.driverVersions(),
                given.policySetHash().isEmpty() ? policySetHash : given.policySetHash(),
                given.simulatorSeed() != null ? given.simulatorSeed() : seed(recorded, devices));
    }

    /** The culture models' seed when every recorded culture is simulated with the same one; null otherwise (each culture's batch still names its own). */
    static Long seed(Collection<Organoid> recorded, List<DeviceInfo> devices) {
        Long seed = null;
        for (Organoid o : recorded) {
            boolean simulated = devices.stream().anyMatch(d -> d.deviceId().equals(o.meaId()) && d.model().startsWith("Simulated"));
            Matcher m = SEED_BATCH.matcher(o.provenance().batch());
            if (!simulated || !m.matches()) return null;
            long s = Long.parseLong(m.group(1));
            if (seed != null && seed != s) return null;
            seed = s;
        }
        return seed;
    }

    private static String lines(TreeMap<String, String> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace("\n", " ")).collect(Collectors.joining("\n"));
    }
}

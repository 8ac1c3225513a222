package org.neurolab.console.internal.rest;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurolab.api.control.LabControl;

/**
 * What every page of the console shows in its banner: is the command path complete (required guards missing means
 * every command is refused), does the lab home have room, did the rig overrun, which lab services are not running.
 * {@code status} is {@code ok}, {@code warning} (something to look at) or {@code refusing} (commands are refused).
 */
final class HealthResource {
    /** Below this much free space in the lab home, recordings and the audit log are at risk: warn. */
    static final long DISK_LOW_BYTES = 2L << 30;

    private final LabServices lab;
    /** Overruns of the rig's acquisition as the rig reports them; null until a rig reports any. */
    private final Supplier<Object> overrun;

    HealthResource(LabServices lab, Supplier<Object> overrun) {
        this.lab = lab;
        this.overrun = overrun;
    }

    void register(RouteTable t) {
        t.get("/api/health", Access.ANY_USER, "The lab's health for the banner: status, missing required guards, disk free in the lab home, rig overruns,"
                + " lab services not running, development mode (unsigned bundles accepted), warnings in words", c -> health());
    }

    Map<String, Object> health() {
        List<String> warnings = new ArrayList<>();
        String status = "ok";
        LabControl control = lab.controlRef().get();
        List<String> missingGuards = control == null ? List.of() : control.missingRequiredGuards();
        if (control == null) {
            status = "refusing";
            warnings.add("lab control is not running: no command reaches a culture");
        } else if (!missingGuards.isEmpty()) {
            status = "refusing";
            warnings.add("required guards not running: " + String.join(", ", missingGuards) + " — every command is refused until they are back");
        }
        Map<String, Object> disk = disk(lab.folder("neurolab.data.dir", "data"));
        if (Boolean.TRUE.equals(disk.get("low"))) {
            if (status.equals("ok")) status = "warning";
            warnings.add("the lab home has only " + gib((Long) disk.get("freeBytes")) + " free: recordings and the audit log need room");
        }
        Map<String, Boolean> services = new LinkedHashMap<>();
        services.put("control", control != null);
        services.put("ethics", lab.ethicsRef().get() != null);
        services.put("scheduling", lab.schedulerRef().get() != null);
        services.put("recording", lab.recordingsRef().get() != null);
        services.put("dosing", lab.dosingRef().get() != null);
        services.put("scripting", lab.runnerRef().get() != null);
        Object over = overrun.get();
        if (over != null && !(over instanceof Map<?, ?> m && m.isEmpty())) {
            if (status.equals("ok")) status = "warning";
            warnings.add("the rig reported overruns: " + over);
        }
        boolean devMode = Boolean.parseBoolean(lab.context().getProperty("neurolab.dev.mode"));
        if (devMode) {
            if (status.equals("ok")) status = "warning";
            warnings.add(0, "DEVELOPMENT MODE: unsigned bundles are accepted from deploy/, neurolab install and upload; not for a lab with living cultures");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("devMode", devMode);
        m.put("missingGuards", missingGuards);
        m.put("disk", disk);
        m.put("overrun", over);
        m.put("services", services);
        m.put("warnings", warnings);
        return m;
    }

    static Map<String, Object> disk(Path data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", data.toAbsolutePath().normalize().toString());
        try {
            Path existing = data.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            FileStore store = Files.getFileStore(existing == null ? Path.of(".") : existing);
            long free = store.getUsableSpace();
            m.put("freeBytes", free);
            m.put("totalBytes", store.getTotalSpace());
            m.put("low", free < DISK_LOW_BYTES);
        } catch (IOException e) {
            m.put("error", "could not read the disk: " + e.getMessage());
            m.put("low", false);
        }
        return m;
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}

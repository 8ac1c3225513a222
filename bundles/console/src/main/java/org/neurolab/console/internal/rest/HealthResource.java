package org.neurolab.console.internal.rest;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.control.LabControl;

/**
 * What every page of the console shows in its banner: is the command path complete (required guards missing means
 * every command is refused), does the lab home have room, is an array's data behind (an overrun: control's
 * {@link LabControl#dataHealth()}, per array), which lab services are not running. {@code status} is {@code ok},
 * {@code warning} (something to look at) or {@code refusing} (commands are refused).
 */
final class HealthResource {
    /** Below this much free space in the lab home, recordings and the audit log are at risk: warn. */
    static final long DISK_LOW_BYTES = 2L << 30;

    private final LabServices lab;

    HealthResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/health", Access.ANY_USER, "The lab's health for the banner: status, missing required guards, disk free in the lab home, "
                + "each array's data health (watermark, lag, gaps, behind or not; overrun: the arrays behind), lab services not running, "
                + "development mode (unsigned bundles accepted), warnings in words", c -> health());
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
        List<DataSourceHealth> data = control == null ? List.of() : control.dataHealth();
        Map<String, String> overrun = new LinkedHashMap<>();
        for (DataSourceHealth h : data) {
            if (!h.behind()) continue;
            overrun.put(h.meaId(), h.summary());
            warnings.add("data behind: " + h.summary() + " — windows and waits on it are answered late or refused as late");
        }
        if (!overrun.isEmpty() && status.equals("ok")) status = "warning";
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
        m.put("overrun", overrun);
        m.put("dataHealth", data.stream().map(HealthResource::view).toList());
        m.put("services", services);
        m.put("warnings", warnings);
        return m;
    }

    static Map<String, Object> view(DataSourceHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meaId", h.meaId());
        m.put("watermarkMicros", h.watermarkMicros() == Long.MIN_VALUE ? null : h.watermarkMicros());
        m.put("lagMicros", h.lagMicros());
        // NaN or infinite before the source has run a few seconds: JSON has no such numbers
        m.put("realTimeFactor", Double.isFinite(h.realTimeFactor()) ? h.realTimeFactor() : null);
        m.put("gaps", h.gaps());
        m.put("gapMicros", h.gapMicros());
        m.put("lastGap", h.lastGap() == null ? "" : h.lastGap());
        m.put("behind", h.behind());
        m.put("summary", h.summary());
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

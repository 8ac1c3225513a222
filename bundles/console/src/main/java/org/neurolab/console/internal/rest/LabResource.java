package org.neurolab.console.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.lab.Organoid;
import org.neurolab.ethics.EthicsOffice;

/** Rigs with their devices, MEA layouts, cultures and their state: what the dashboard shows. */
final class LabResource {
    private final LabServices lab;

    LabResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/rigs", Access.ANY_USER, "Rigs with their devices (drivers come and go with their bundles) and the guards the lab misses", c -> rigs());
        t.get("/api/meas/{meaId*}", Access.ANY_USER, "The electrode layout of an MEA (positions in micrometres)", c -> lab.control().layout(c.path("meaId"))
                .orElseThrow(() -> ApiException.notFound("no MEA '" + Call.clip(c.path("meaId")) + "' (no driver for it is running)")));
        t.get("/api/organoids", Access.ANY_USER, "Cultures with their MEA, electrodes, provenance, state and hold reason", c -> organoids());
        t.get("/api/organoids/{id*}", Access.ANY_USER, "One culture", c -> view(lab.cultures().culture(c.path("id"))
                .orElseThrow(() -> ApiException.notFound("no culture '" + Call.clip(c.path("id")) + "'")), holds()));
        t.get("/api/telemetry/{deviceId*}", Access.ANY_USER, "Recorded readings of a device (incubator sensors) over the last ?seconds (default 600)", c -> {
            long seconds = c.queryLong("seconds", 600, 1, 7 * 24 * 3600);
            long now = lab.clock().nowMicros();
            return lab.recordings().telemetry(c.path("deviceId"), Math.max(0, now - seconds * 1_000_000), now + 1);
        });
    }

    private Object rigs() {
        Map<String, List<DeviceInfo>> byRig = new TreeMap<>();
        for (DeviceInfo d : lab.control().devices()) byRig.computeIfAbsent(d.rigId(), k -> new ArrayList<>()).add(d);
        List<Map<String, Object>> rigs = new ArrayList<>();
        byRig.forEach((rig, devices) -> rigs.add(Map.of("rigId", rig, "devices", devices)));
        return Map.of("rigs", rigs, "missingRequiredGuards", lab.control().missingRequiredGuards());
    }

    private Map<String, String> holds() {
        EthicsOffice e = lab.ethicsOrNull();
        return e == null ? Map.of() : e.holds();
    }

    private Object organoids() {
        Map<String, String> holds = holds();
        return lab.cultures().cultures().stream().map(o -> view(o, holds)).toList();
    }

    static Map<String, Object> view(Organoid o, Map<String, String> holds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("meaId", o.meaId());
        m.put("electrodes", o.electrodes());
        m.put("provenance", o.provenance());
        m.put("state", holds.containsKey(o.id()) ? "ON_HOLD" : o.state().name());
        if (holds.containsKey(o.id())) m.put("holdReason", holds.get(o.id()));
        return m;
    }
}

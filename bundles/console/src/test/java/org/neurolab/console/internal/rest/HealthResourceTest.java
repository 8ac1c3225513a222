package org.neurolab.console.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.control.LabControl;
import org.osgi.framework.BundleContext;

class HealthResourceTest {
    @TempDir
    Path home;

    /** A lab whose control reports this data health (and every required guard running). */
    private LabServices lab(List<DataSourceHealth> health) {
        LabControl control = (LabControl) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LabControl.class}, (p, m, a) -> switch (m.getName()) {
            case "dataHealth" -> health;
            case "missingRequiredGuards" -> List.of();
            default -> throw new UnsupportedOperationException(m.getName());
        });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> m.getName().equals("getProperty") && "neurolab.data.dir".equals(a[0]) ? home.toString() : null);
        return new LabServices(context, () -> control, () -> null, () -> null, () -> null, () -> null, () -> null, () -> null, () -> null, () -> null);
    }

    @Test
    void an_array_behind_is_an_overrun_with_its_summary_and_makes_the_health_a_warning() {
        DataSourceHealth late = new DataSourceHealth("sim/mea0", 5_000_000, 3_100_000, 0.42, 2, 40_000, "simulation time shed", true,
                "sim/mea0 runs at 0.42× real time, 3.1 s behind");
        DataSourceHealth fine = new DataSourceHealth("sim/mea1", 8_000_000, 20_000, 1.0, 0, 0, "", false, "sim/mea1 keeps up");
        Map<String, Object> h = new HealthResource(lab(List.of(late, fine))).health();
        assertEquals(Map.of("sim/mea0", "sim/mea0 runs at 0.42× real time, 3.1 s behind"), h.get("overrun"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) h.get("dataHealth");
        assertEquals(2, data.size());
        assertEquals(3_100_000L, data.get(0).get("lagMicros"));
        assertEquals(2L, data.get(0).get("gaps"));
        assertEquals(true, data.get(0).get("behind"));
        assertEquals(false, data.get(1).get("behind"));
        boolean lowDisk = Boolean.TRUE.equals(((Map<?, ?>) h.get("disk")).get("low"));
        if (!lowDisk) assertEquals("warning", h.get("status"));
        assertTrue(((List<?>) h.get("warnings")).stream().anyMatch(w -> w.toString().contains("3.1 s behind")), h.toString());
    }

    @Test
    void arrays_that_keep_up_are_no_overrun_and_a_missing_watermark_is_null() {
        DataSourceHealth fresh = new DataSourceHealth("sim/mea0", Long.MIN_VALUE, 0, Double.NaN, 0, 0, "", false, "sim/mea0: no data yet");
        Map<String, Object> h = new HealthResource(lab(List.of(fresh))).health();
        assertEquals(Map.of(), h.get("overrun"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) h.get("dataHealth")).get(0);
        assertEquals(null, first.get("watermarkMicros"));
        assertEquals(null, first.get("realTimeFactor"), "JSON has no NaN");
        boolean lowDisk = Boolean.TRUE.equals(((Map<?, ?>) h.get("disk")).get("low"));
        if (!lowDisk) assertEquals("ok", h.get("status"));
    }
}

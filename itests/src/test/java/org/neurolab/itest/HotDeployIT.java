package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neurolab.runtime.BundleReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * An operator hot-installs, updates and removes a driver bundle through deploy/ while the lab runs, and
 * drops files that are not valid bundles; the lab reports them and keeps running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotDeployIT extends LabTestBase {
    static final String SENSOR = "org.neurolab.api.driver.EnvironmentSensorDriver";
    static final String EXAMPLE = "org.neurolab.driver.example";
    static final Duration PICKUP = Duration.ofSeconds(20);

    static Path exampleJar;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            exampleJar = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow();
        }
    }


    @Test
    @Order(1)
    void lab_bundles_are_all_active_after_boot() {
        List<BundleReport.Row> notActive = lab.report().bundles().stream().filter(r -> !r.state().equals("ACTIVE")).toList();
        assertEquals(List.of(), notActive, "every platform and lab bundle starts");
        assertEquals(List.of(), lab.services(SENSOR), "no driver before one is deployed");
    }

    @Test
    @Order(2)
    void dropped_driver_becomes_active_and_registers_its_service() throws Exception {
        long t0 = System.nanoTime();
        lab.drop(exampleJar, "example-driver.jar");
        ServiceReference<?> ref = LabUnderTest.awaitValue("driver service registered", PICKUP,
                () -> lab.services(SENSOR).stream().findFirst().orElse(null));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("hot install: jar dropped into deploy/ -> driver service registered in %d ms%n", millis);
        Bundle from = ref.getBundle(); // once: null if the service went meanwhile, which is a failure here
        assertTrue(from != null, "the service is still registered");
        assertEquals(EXAMPLE, from.getSymbolicName());
        assertEquals(Bundle.ACTIVE, from.getState());
        assertEquals("example/incubator", ref.getProperty("neurolab.device.id"));
    }

    @Test
    @Order(3)
    void newer_jar_in_its_place_updates_it_and_the_service_comes_from_the_new_version() throws Exception {
        Bundle before = lab.bundle(EXAMPLE);
        Path v2 = TestBundles.withHeaders(exampleJar, home.resolve("build/example-v2.jar"), Map.of("Bundle-Version", "0.2.0"));
        lab.drop(v2, "example-driver.jar");
        LabUnderTest.await("service from version 0.2.0", PICKUP, () -> {
            List<ServiceReference<?>> refs = lab.services(SENSOR);
            // a reference read while the update unregisters its service has no bundle any more: not yet, look again
            Bundle from = refs.size() == 1 ? refs.get(0).getBundle() : null;
            return from != null && from.getVersion().toString().equals("0.2.0");
        });
        Bundle after = lab.bundle(EXAMPLE);
        assertEquals(before.getBundleId(), after.getBundleId(), "updated in place, not installed twice");
        assertEquals(Bundle.ACTIVE, after.getState());
    }

    @Test
    @Order(4)
    void deleting_the_jar_uninstalls_it_and_the_service_is_gone() throws Exception {
        Files.delete(lab.deploy().resolve("example-driver.jar"));
        LabUnderTest.await("driver service gone", PICKUP, () -> lab.services(SENSOR).isEmpty());
        LabUnderTest.await("bundle uninstalled", PICKUP, () -> lab.bundle(EXAMPLE) == null);
    }

    @Test
    @Order(5)
    void corrupt_jar_is_reported_with_its_reason_and_nothing_else_is_disturbed() throws Exception {
        lab.drop(exampleJar, "example-driver.jar");
        LabUnderTest.await("driver back", PICKUP, () -> !lab.services(SENSOR).isEmpty());
        Path garbage = home.resolve("build/garbage.jar");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "this is not a zip file");
        lab.drop(garbage, "broken.jar");
        Path plain = TestBundles.probe(home.resolve("build/plain.jar"), Map.of("Implementation-Title", "a plain library jar"));
        lab.drop(plain, "plain.jar");
        Thread.sleep(1_500); // several FileInstall polls

        Map<String, String> rejected = new java.util.HashMap<>();
        lab.report().rejected().forEach(r -> rejected.put(r.file(), r.problem()));
        assertTrue(rejected.getOrDefault("broken.jar", "").startsWith("not a valid jar"), "broken.jar: " + rejected);
        assertTrue(rejected.getOrDefault("plain.jar", "").contains("no Bundle-SymbolicName"), "plain.jar: " + rejected);
        assertAllOthersActive();
        assertEquals(1, lab.services(SENSOR).size(), "the driver keeps running");
    }

    @Test
    @Order(6)
    void unresolvable_bundle_stays_installed_with_the_missing_requirement_named() throws Exception {
        Path unresolvable = TestBundles.probe(home.resolve("build/needs-missing.jar"), Map.of(
                "Bundle-SymbolicName", "org.neurolab.itest.unresolvable",
                "Bundle-Version", "1.0.0",
                "Import-Package", "org.example.not.installed;version=\"[1,2)\""));
        lab.drop(unresolvable, "needs-missing.jar");
        BundleReport.Row row = LabUnderTest.awaitValue("unresolvable bundle installed", PICKUP, () -> lab.report().bundles().stream()
                .filter(r -> r.symbolicName().equals("org.neurolab.itest.unresolvable")).findFirst().orElse(null));
        assertEquals("INSTALLED", row.state());
        assertTrue(row.problem().contains("org.example.not.installed"), "the problem names the missing package: " + row.problem());
        assertAllOthersActive();
        assertEquals(1, lab.services(SENSOR).size(), "the driver keeps running");
        assertTrue(BundleReport.format(lab.report()).contains("org.example.not.installed"), "the listing shows the reason");
    }

    private static void assertAllOthersActive() {
        List<String> down = lab.report().bundles().stream()
                .filter(r -> !r.symbolicName().startsWith("org.neurolab.itest.unresolvable") && !r.state().equals("ACTIVE"))
                .map(r -> r.symbolicName() + "=" + r.state()).toList();
        assertEquals(List.of(), down, "every other bundle is still active");
    }
}

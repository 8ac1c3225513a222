package org.neurolab.ethics.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.neurolab.ethics.internal.policy.FixtureRunner;
import org.neurolab.ethics.internal.policy.PolicySet;

/** Every policy document in this folder loads with the ethics bundle's engine, and every fixture gets its expected decision. */
class PolicyFixturesTest {
    static final Path DIR = Path.of("").toAbsolutePath();

    @TestFactory
    Stream<DynamicContainer> every_fixture_gets_its_expected_decision() throws IOException {
        PolicySet policies = PolicySet.load(DIR);
        List<Path> fixtures;
        try (Stream<Path> s = Files.list(DIR)) {
            fixtures = s.filter(p -> p.getFileName().toString().endsWith(".fixtures.yaml")).sorted().toList();
        }
        assertFalse(fixtures.isEmpty(), "no fixtures in " + DIR);
        return fixtures.stream().map(f -> {
            try {
                return DynamicContainer.dynamicContainer(f.getFileName().toString(), FixtureRunner.run(f, policies).stream()
                        .map(r -> DynamicTest.dynamicTest(r.name(), () -> assertNull(r.failure(), r.failure()))));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void every_policy_document_has_fixtures() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path p : s.filter(PolicySet::isPolicyDocument).toList()) {
                String fixtures = p.getFileName().toString().replaceFirst("\\.ya?ml$", ".fixtures.yaml");
                assertTrue(Files.exists(DIR.resolve(fixtures)), p.getFileName() + " needs " + fixtures);
            }
        }
    }

    @Test
    void the_set_hash_is_stable_and_changes_with_any_document() throws IOException {
        PolicySet a = PolicySet.load(DIR), b = PolicySet.load(DIR);
        assertEquals(a.hash(), b.hash());
        assertEquals(64, a.hash().length());
        assertEquals(List.of("consent.scopes v1", "stimulation-limits v1"), a.documents());
    }
}

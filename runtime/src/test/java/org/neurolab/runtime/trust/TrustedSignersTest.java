package org.neurolab.runtime.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedSignersTest {
    @TempDir
    Path dir;

    @Test
    void added_certificates_are_pem_files_named_by_alias_and_removed_ones_are_gone() throws Exception {
        TrustedSigners store = TrustedSigners.of(dir);
        TestKeys a = TestKeys.create("Acme Devices GmbH");
        TrustedSigners.Entry e = store.add(a.pem().getBytes(StandardCharsets.US_ASCII), null);
        assertEquals("Acme-Devices-GmbH", e.alias(), "the alias defaults to the CN");
        assertTrue(Files.isRegularFile(dir.resolve("security/trusted-signers/Acme-Devices-GmbH.pem")));
        assertEquals(a.certificate(), store.get("Acme-Devices-GmbH").orElseThrow().certificate());
        store.remove("Acme-Devices-GmbH");
        assertEquals(0, store.list().size());
        assertThrows(NoSuchElementException.class, () -> store.remove("Acme-Devices-GmbH"));
    }

    @Test
    void bad_input_is_refused_with_a_reason() throws Exception {
        TrustedSigners store = TrustedSigners.of(dir);
        TestKeys a = TestKeys.create("A");
        byte[] pem = a.pem().getBytes(StandardCharsets.US_ASCII);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.add("hello".getBytes(StandardCharsets.US_ASCII), "x")).getMessage()
                .contains("certificate"));
        assertThrows(IllegalArgumentException.class, () -> store.add(pem, "../escape"));
        assertThrows(IllegalArgumentException.class, () -> store.add(pem, "a/b"));
        store.add(pem, "first");
        assertTrue(assertThrows(IllegalStateException.class, () -> store.add(pem, "second")).getMessage().contains("'first'"), "no second alias for one key");
        TestKeys b = TestKeys.create("B");
        assertThrows(IllegalStateException.class, () -> store.add(b.pem().getBytes(StandardCharsets.US_ASCII), "first"));
        Files.writeString(store.folder().resolve("junk.pem"), "not a certificate");
        assertEquals(1, store.list().size(), "a junk file trusts nobody");
        assertEquals(1, store.problems().size());
    }
}

package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: a changed script is checked and used from the next run on; one that does not parse keeps its last good version. */
class WatchedScriptLibraryTest {
    static Engines engines;

    @BeforeAll
    static void start() {
        engines = new Engines();
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    @Test
    void a_changed_script_is_checked_and_taken_only_if_it_parses(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("a.js"), "lab.log('v1');");
        try (WatchedScriptLibrary library = new WatchedScriptLibrary(folder, engines)) {
            assertEquals("lab.log('v1');", library.script("a.js").orElseThrow().code());
            assertEquals("ok", library.status().get("a.js"));

            Files.writeString(folder.resolve("a.js"), "lab.log('v2');");
            await(() -> library.script("a.js").orElseThrow().code().contains("v2"));

            Files.writeString(folder.resolve("a.js"), "lab.log('v3';\nthis does not parse");
            await(() -> !"ok".equals(library.status().get("a.js")));
            assertTrue(library.status().get("a.js").startsWith("a.js:1"), library.status().toString());
            assertTrue(library.script("a.js").orElseThrow().code().contains("v2"), "the last good version stays in use");

            Files.writeString(folder.resolve("b.py"), "def f(:\n  pass\n");
            await(() -> library.status().containsKey("b.py"));
            assertTrue(library.script("b.py").isEmpty(), "a script that never parsed is not offered");
            assertTrue(library.status().get("b.py").contains("b.py:1"), library.status().toString());

            Files.delete(folder.resolve("a.js"));
            await(() -> library.script("a.js").isEmpty());
        }
    }

    @Test
    void the_folder_is_read_off_the_callers_thread_and_lookups_wait_for_it(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("a.js"), "lab.log('v1');");
        Files.writeString(folder.resolve("b.py"), "lab.log('v1')");
        // another thread holds the engines (as a slow engine start would): if the constructor parsed on the caller's
        // thread it could not return before they are released
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (engines) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        held.await();
        try {
            WatchedScriptLibrary library = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> new WatchedScriptLibrary(folder, engines), "the constructor waited for the engines");
            try (library) {
                assertTrue(!library.ready(), "nothing could be parsed while the engines were held");
                release.countDown();
                assertEquals("lab.log('v1');", library.script("a.js").orElseThrow().code(), "a lookup waits for the first reading");
                assertTrue(library.ready());
                assertEquals(java.util.Map.of("a.js", "ok", "b.py", "ok"), library.status());
            }
        } finally {
            release.countDown();
            holder.join();
        }
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000; // the first Python parse makes its engine: 20+ s on a loaded machine
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not picked up within 120 s");
            Thread.sleep(50);
        }
    }
}

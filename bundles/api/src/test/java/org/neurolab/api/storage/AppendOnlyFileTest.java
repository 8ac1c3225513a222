package org.neurolab.api.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendOnlyFileTest {
    @TempDir
    Path dir;

    @Test
    void an_interrupted_caller_neither_loses_its_record_nor_breaks_the_file_for_others() throws Exception {
        Path f = dir.resolve("journal.jsonl");
        try (AppendOnlyFile file = AppendOnlyFile.open(f)) {
            Thread.currentThread().interrupt(); // pending: a plain FileChannel would close itself at the first write
            file.append("one\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(Thread.interrupted(), "the caller keeps its interrupt");

            // a writer interrupted again and again while another thread keeps interrupting it
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong written = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    try {
                        file.append(("w" + i + "\n").getBytes(StandardCharsets.UTF_8));
                        written.incrementAndGet();
                    } catch (java.io.IOException e) {
                        if (!String.valueOf(e.getMessage()).startsWith("interrupted 5 times")) failure.set(e);
                    }
                }
                done.set(true);
            });
            while (!done.get()) {
                writer.interrupt();
                Thread.onSpinWait();
            }
            writer.join();
            if (failure.get() != null) throw new AssertionError(failure.get());
            file.append("last\n".getBytes(StandardCharsets.UTF_8)); // the file still takes appends
            String all = Files.readString(f);
            assertTrue(all.startsWith("one\n") && all.endsWith("last\n"), all);
            assertEquals(written.get() + 2, all.lines().count(), "every acknowledged record is there once, nothing torn or doubled");
            assertTrue(all.lines().allMatch(l -> l.equals("one") || l.equals("last") || l.matches("w\\d+")), all);
            assertEquals(Files.size(f), file.size());
        }
    }

    @Test
    void opening_cuts_off_what_the_caller_judged_torn() throws Exception {
        Path f = dir.resolve("j");
        Files.writeString(f, "good\nto");
        try (AppendOnlyFile file = AppendOnlyFile.open(f, 5)) {
            file.append("rn\n".getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals("good\nrn\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    }
}

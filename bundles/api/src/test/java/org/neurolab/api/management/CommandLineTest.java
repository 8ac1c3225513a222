package org.neurolab.api.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    static final Set<String> VALUED = Set.of("--organoid", "--seed"), FLAGS = Set.of("--dry-run");

    @Test
    void words_options_and_flags_are_told_apart_and_repeated_options_keep_every_value() {
        CommandLine c = CommandLine.parse("sweep.py --organoid a --organoid=b --dry-run --seed 7", VALUED, FLAGS);
        assertEquals(List.of("sweep.py"), c.words());
        assertEquals(List.of("a", "b"), c.all("--organoid"));
        assertTrue(c.flag("--dry-run"));
        assertEquals(7, c.number("--seed", 0));
        assertEquals(3, c.number("--other", 3));
    }

    @Test
    void a_path_with_spaces_and_quotes_goes_through_join_and_split_unchanged() {
        List<String> words = List.of("/tmp/my sweep.py", "a\"b", "back\\slash", "", "plain");
        assertEquals(words, CommandLine.split(CommandLine.join(words)));
        assertEquals(List.of("/tmp/my sweep.py"), CommandLine.parse("\"/tmp/my sweep.py\"", VALUED, FLAGS).words());
    }

    @Test
    void mistakes_are_refused_with_what_was_wrong() {
        assertEquals("--seed needs a value", assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("x --seed", VALUED, FLAGS)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("x --sed 3", VALUED, FLAGS)).getMessage()
                .startsWith("unknown option --sed (known: --dry-run, --organoid, --seed)"));
        assertEquals("--dry-run takes no value", assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--dry-run=yes", VALUED, FLAGS)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("\"open", VALUED, FLAGS)).getMessage().contains("not closed"));
        assertEquals("--seed needs a whole number, was 'x'", assertThrows(IllegalArgumentException.class,
                () -> CommandLine.parse("--seed x", VALUED, FLAGS).number("--seed", 0)).getMessage());
    }
}

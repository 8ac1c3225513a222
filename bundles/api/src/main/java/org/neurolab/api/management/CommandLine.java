package org.neurolab.api.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A management command's argument line, read one way for every command: words separated by white space, a word with
 * spaces in double quotes ({@code "my sweep.py"}, with {@code \"} and {@code \\} inside), {@code --name value} options
 * (or {@code --name=value}) and {@code --flag}s the command names. Mistakes are refused with what was wrong:
 * an option without its value, an option the command does not know, an unclosed quote.
 *
 * @param words   the words that are not options, in order
 * @param options the options given, by name with its dashes ({@code --seed}); a repeated option keeps every value
 * @param flags   the flags given
 */
public record CommandLine(List<String> words, Map<String, List<String>> options, Set<String> flags) {
    public CommandLine {
        words = List.copyOf(words);
        options = Map.copyOf(options);
        flags = Set.copyOf(flags);
    }

    /**
     * @param line       the arguments after the command's name
     * @param valued     the options that take a value (with their dashes)
     * @param flagNames  the options that take none
     * @throws IllegalArgumentException saying what was wrong
     */
    public static CommandLine parse(String line, Set<String> valued, Set<String> flagNames) {
        List<String> tokens = split(line);
        List<String> words = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> flags = new TreeSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (!t.startsWith("--") || t.equals("--")) {
                words.add(t);
                continue;
            }
            int eq = t.indexOf('=');
            String name = eq < 0 ? t : t.substring(0, eq);
            if (flagNames.contains(name)) {
                if (eq >= 0) throw new IllegalArgumentException(name + " takes no value");
                flags.add(name);
            } else if (valued.contains(name)) {
                String value;
                if (eq >= 0) value = t.substring(eq + 1);
                else if (i + 1 < tokens.size()) value = tokens.get(++i);
                else throw new IllegalArgumentException(name + " needs a value");
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                TreeSet<String> known = new TreeSet<>(valued);
                known.addAll(flagNames);
                throw new IllegalArgumentException("unknown option " + name + (known.isEmpty() ? " (this command takes none)" : " (known: " + String.join(", ", known) + ")"));
            }
        }
        return new CommandLine(words, options, flags);
    }

    /** The words of a line: white space separates them, double quotes keep spaces, {@code \} escapes the next character. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false, quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) out.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("a quote is not closed in: " + line);
        if (inWord) out.add(word.toString());
        return out;
    }

    /** A line whose words {@link #split} reads back as given: words with spaces, quotes or backslashes are quoted. */
    public static String join(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (!b.isEmpty()) b.append(' ');
            if (!w.isEmpty() && w.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\\')) {
                b.append(w);
                continue;
            }
            b.append('"');
            for (char c : w.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\');
                b.append(c);
            }
            b.append('"');
        }
        return b.toString();
    }

    public Optional<String> option(String name) {
        List<String> v = options.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getLast());
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** A whole-number option, or {@code fallback} when it is not given. */
    public long number(String name, long fallback) {
        Optional<String> v = option(name);
        if (v.isEmpty()) return fallback;
        try {
            return Long.parseLong(v.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, was '" + v.get() + "'");
        }
    }

    /** The words, at least {@code n} of them, or the usage as the error. */
    public List<String> need(int n, String usage) {
        if (words.size() < n) throw new IllegalArgumentException("missing arguments: " + usage);
        return words;
    }
}

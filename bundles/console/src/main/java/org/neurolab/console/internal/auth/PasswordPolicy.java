package org.neurolab.console.internal.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be: 12..256 characters, and not one of the passwords guessers try first. The list ships
 * in the bundle ({@code common-passwords.txt}); a password is refused when it is on it, or is one of its entries
 * with digits or symbols around it ({@code password1234}), with the usual digit-for-letter swaps ({@code p4ssw0rd!}),
 * or repeated ({@code qwertyqwerty}, {@code p4ssw0rd!p4ssw0rd}), when it is little more than one character or a run like
 * {@code 123456789012}, and when it is little more than the account's own name ({@code carolcarol1234} for carol).
 */
public final class PasswordPolicy {
    public static final int MIN_CHARS = 12;
    public static final int MAX_CHARS = 256;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** @throws IllegalArgumentException saying why the password is not taken */
    public static void require(char[] password) {
        require(password, null);
    }

    /**
     * @param account the name of the account it is for (the first word a guesser tries), or null
     * @throws IllegalArgumentException saying why the password is not taken
     */
    public static void require(char[] password, String account) {
        if (password == null || password.length < MIN_CHARS)
            throw new IllegalArgumentException("a password needs at least " + MIN_CHARS + " characters");
        if (password.length > MAX_CHARS) throw new IllegalArgumentException("a password has at most " + MAX_CHARS + " characters");
        String p = new String(password);
        String why = weakness(p);
        if (why == null && account != null) why = nameWeakness(p.toLowerCase(Locale.ROOT), account.toLowerCase(Locale.ROOT));
        if (why != null) throw new IllegalArgumentException("this password is too easy to guess: " + why + "; choose a longer phrase of unrelated words");
    }

    /** Letters and digits a password must hold beyond its account's name. */
    static final int BEYOND_NAME = 6;

    private static String nameWeakness(String lower, String name) {
        if (name.length() < 3) return null; // too short to be told apart from an ordinary syllable
        // as typed, or with digits for letters (c4r0l): a name with digits of its own is found as typed
        String with = lower.contains(name) ? lower : unleetDigits(lower);
        if (!with.contains(name)) return null;
        String rest = with.replace(name, "").replaceAll("[^\\p{L}\\p{N}]", "");
        return rest.length() < BEYOND_NAME ? "it is little more than the account's name" : null;
    }

    /** Why a password of acceptable length is still weak, or null. */
    static String weakness(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.chars().distinct().count() < 4) return "it uses fewer than four different characters";
        if (isRun(lower)) return "it is a run of consecutive characters";
        String core = unleet(trimNonLetters(lower));
        if (COMMON.contains(lower) || COMMON.contains(core)) return "it is on the list of common passwords";
        String base = repeatedUnit(core);
        if (base != null && (COMMON.contains(base) || base.length() <= 3)) return "it repeats '" + base + "'";
        // the same word between separators: p4ssw0rd!p4ssw0rd, qwerty-qwerty-qwerty
        List<String> parts = Arrays.stream(unleetDigits(lower).split("[^\\p{L}]+")).filter(w -> !w.isEmpty()).toList();
        if (parts.size() >= 2 && parts.stream().distinct().count() == 1 && (COMMON.contains(parts.get(0)) || parts.get(0).length() <= 3))
            return "it repeats '" + parts.get(0) + "'";
        return null;
    }

    /** The letter look-alike swaps but '!', which stays to separate words: p4ssw0rd!p4ssw0rd -> password!password */
    private static String unleetDigits(String s) {
        return unleet(s, false);
    }

    private static String trimNonLetters(String s) {
        int from = 0, to = s.length();
        while (from < to && !Character.isLetter(s.charAt(from))) from++;
        while (to > from && !Character.isLetter(s.charAt(to - 1))) to--;
        return s.substring(from, to);
    }

    private static String unleet(String s) {
        return unleet(s, true);
    }

    /** Look-alikes read as the letters they stand for (p4$$w0rd -> password); '!' as 'i' only when {@code bangIsI}. */
    private static String unleet(String s, boolean bangIsI) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(switch (c) {
                case '0' -> 'o';
                case '1' -> 'i';
                case '!' -> bangIsI ? 'i' : '!';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return b.toString();
    }

    private static String repeatedUnit(String s) {
        for (int len = 1; len <= s.length() / 2; len++) {
            if (s.length() % len != 0) continue;
            String unit = s.substring(0, len);
            if (unit.repeat(s.length() / len).equals(s)) return unit;
        }
        return null;
    }

    private static boolean isRun(String s) {
        boolean up = true, down = true;
        for (int i = 1; i < s.length(); i++) {
            int d = s.charAt(i) - s.charAt(i - 1);
            // 0 follows 9 on a keyboard row: 1234567890 is a run too
            up &= d == 1 || (s.charAt(i - 1) == '9' && s.charAt(i) == '0');
            down &= d == -1;
        }
        return up || down;
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) throw new IllegalStateException("common-passwords.txt is missing from the console bundle");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) words.add(line.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}

package org.neurolab.console.internal.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    @Test
    void common_passwords_and_their_usual_disguises_are_refused_with_why() {
        for (String weak : List.of("password1234", "Password1234!", "p4ssw0rd2024", "qwertyqwerty", "123456789012", "aaaaaaaaaaaa", "abababababab",
                "1234567890qwerty", "!!neurolab2026", "Welcome12345", "iloveyou1234", "letmein!!!!!", "abcdefghijkl", "zyxwvutsrqpo")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.require(weak.toCharArray()), weak);
            assertTrue(e.getMessage().contains("too easy to guess"), weak + ": " + e.getMessage());
        }
    }

    @Test
    void a_common_word_repeated_between_symbols_and_the_accounts_own_name_are_refused() {
        for (String weak : List.of("p4ssw0rd!p4ssw0rd", "qwerty-qwerty-qwerty", "dragon.dragon.dragon")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.require(weak.toCharArray()), weak);
            assertTrue(e.getMessage().contains("it repeats"), weak + ": " + e.getMessage());
        }
        for (String weak : List.of("carolcarol1234", "Carol-2026-!!!", "c4r0l-c4r0l-99")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.require(weak.toCharArray(), "carol"), weak);
            assertTrue(e.getMessage().contains("little more than the account's name"), weak + ": " + e.getMessage());
        }
        assertDoesNotThrow(() -> PasswordPolicy.require("carolcarol1234".toCharArray(), "rita"), "someone else's name is only a word");
        assertDoesNotThrow(() -> PasswordPolicy.require("carol-walks-by-the-lake".toCharArray(), "carol"), "the name and a phrase");
        assertDoesNotThrow(() -> PasswordPolicy.require("rita-password-1x".toCharArray(), "rita"));
    }

    @Test
    void length_is_still_the_first_rule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.require("Tr0ub4dor&3".toCharArray())).getMessage().contains("at least 12"));
        assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.require("x".repeat(257).toCharArray()));
    }

    @Test
    void ordinary_good_passwords_pass() {
        for (String good : List.of("itest-role-password-1", "correct horse battery staple", "glass-otter-29-lantern", "rita-password-1x", "Mxq7!vR2#pLw"))
            assertDoesNotThrow(() -> PasswordPolicy.require(good.toCharArray()), good);
    }
}

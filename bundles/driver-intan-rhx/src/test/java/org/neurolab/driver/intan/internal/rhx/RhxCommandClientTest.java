package org.neurolab.driver.intan.internal.rhx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neurolab.driver.intan.emulator.RhxEmulator;

/** The text protocol against the emulated command server: answers, RHX's own complaints, a server that says nothing. */
@Timeout(30)
class RhxCommandClientTest {
    private RhxEmulator emulator;
    private RhxCommandClient client;

    @BeforeEach
    void connect() throws Exception {
        emulator = RhxEmulator.start(1, 16);
        client = RhxCommandClient.connect("127.0.0.1", emulator.commandPort(), 2000, 1000);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        emulator.close();
    }

    @Test
    void gets_answer_and_channel_parameters_come_back_without_their_channel() throws Exception {
        assertEquals("ControllerStimRecord", client.get("Type"));
        assertEquals("30000", client.get("SampleRateHertz"));
        assertEquals("False", client.get("a-003.StimEnabled"));
        assertEquals("Stop", client.runMode());
        assertTrue(client.has("A-015.StimEnabled"));
        assertFalse(client.has("A-016.StimEnabled"));
    }

    @Test
    void a_refused_command_carries_rhxs_words_and_the_others_are_taken() throws Exception {
        RhxCommandException e = assertThrows(RhxCommandException.class,
                () -> client.send("set A-001.Shape Square", "set A-002.StimEnabled True"));
        assertTrue(e.getMessage().contains("Invalid value for Shape command. Acceptable: Biphasic"), e.getMessage());
        assertEquals("True", client.get("A-002.StimEnabled"));
        RhxCommandException running = assertThrows(RhxCommandException.class, () -> client.send("set RunMode Stop"));
        assertTrue(running.getMessage().contains("Board must be running in order to stop"), running.getMessage());
    }

    @Test
    void a_server_that_says_nothing_is_an_error_within_the_reply_timeout_and_the_connection_is_closed() {
        emulator.answerCommands(false);
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> client.get("Type"));
        assertTrue(e.getMessage().contains("did not answer within 1000 ms"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000);
        assertFalse(client.isOpen(), "a conversation out of step is not reused");
    }
}

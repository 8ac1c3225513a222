package org.neurolab.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeTextTest {
    @Test
    void timesMustSayTheirZone() {
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), TimeText.parse("2026-12-01T10:00Z"));
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), TimeText.parse("2026-12-01T10:00+01:00"));
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), TimeText.parse("2026-12-01T10:00+01:00[Europe/Zurich]"));
        var local = assertThrows(IllegalArgumentException.class, () -> TimeText.parse("2026-12-01T10:00"));
        assertTrue(local.getMessage().contains("has no time zone"), local.getMessage());
        var junk = assertThrows(IllegalArgumentException.class, () -> TimeText.parse("tomorrow at ten"));
        assertTrue(junk.getMessage().contains("is not a time"), junk.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeText.parse(" "));
    }

    @Test
    void instantsAreShownInTheUsersZone() {
        assertEquals("2026-12-01 11:00:00 +01:00 [Europe/Zurich]", TimeText.show(Instant.parse("2026-12-01T10:00:00Z"), ZoneId.of("Europe/Zurich")));
        assertEquals("2026-12-01 05:00:00 -05:00 [America/New_York]", TimeText.show(Instant.parse("2026-12-01T10:00:00Z"), ZoneId.of("America/New_York")));
    }

    @Test
    void aSlotThatEndsBeforeItStartsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BookingRequest("alice", "o1", Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T09:00:00Z"), "research"));
        assertTrue(e.getMessage().contains("before"), e.getMessage());
    }
}

package org.neurolab.driver.serialpump.internal;

/**
 * One reply of a New Era pump in Basic mode: {@code STX <address> <status> [<data>] ETX}, the status being a prompt (the
 * pump's state) or {@code A?<type>} (an alarm; answering it acknowledges it on the pump).
 *
 * @param address the replying pump's address
 * @param prompt  {@code I} infusing, {@code W} withdrawing, {@code S} stopped, {@code P} paused, {@code T} pause phase,
 *                {@code U} waiting for a trigger, {@code X} purging; {@code A} for an alarm
 * @param alarm   the alarm type ({@code R} reset, {@code S} motor stalled, {@code T} safe-mode timeout, {@code E} program
 *                error, {@code O} phase out of range), or 0
 * @param data    what follows the status: a query's answer, or an error ({@code ?}, {@code ?NA}, {@code ?OOR}, {@code ?COM},
 *                {@code ?IGN})
 */
record Reply(int address, char prompt, char alarm, String data) {
    static final byte STX = 0x02;
    static final byte ETX = 0x03;

    boolean isAlarm() {
        return prompt == 'A';
    }

    boolean isError() {
        return data.startsWith("?");
    }

    boolean running() {
        return prompt == 'I' || prompt == 'W' || prompt == 'X';
    }

    /** Parses what lies between STX and ETX. */
    static Reply parse(String body) {
        if (body.length() < 3 || !Character.isDigit(body.charAt(0)) || !Character.isDigit(body.charAt(1)))
            throw new IllegalArgumentException("not a pump reply (expected two address digits and a status): '" + printable(body) + "'");
        int address = Integer.parseInt(body.substring(0, 2));
        char status = body.charAt(2);
        if (status == 'A') {
            if (body.length() < 5 || body.charAt(3) != '?') throw new IllegalArgumentException("malformed alarm reply: '" + printable(body) + "'");
            return new Reply(address, 'A', body.charAt(4), body.substring(5));
        }
        if ("IWSPTUX".indexOf(status) < 0) throw new IllegalArgumentException("unknown pump status '" + status + "' in '" + printable(body) + "'");
        return new Reply(address, status, (char) 0, body.substring(3));
    }

    /** What an alarm means, in the manual's words. */
    String alarmMeaning() {
        return switch (alarm) {
            case 'R' -> "pump was reset (power was interrupted)";
            case 'S' -> "pump motor stalled";
            case 'T' -> "safe-mode communications time out";
            case 'E' -> "pumping program error";
            case 'O' -> "pumping program phase out of range";
            default -> "alarm '" + alarm + "'";
        };
    }

    /** What an error reply means. */
    String errorMeaning() {
        return switch (data) {
            case "?" -> "command not recognized";
            case "?NA" -> "command not applicable now";
            case "?OOR" -> "value out of the pump's range";
            case "?COM" -> "invalid communications packet";
            case "?IGN" -> "command ignored (a new phase started)";
            default -> "error " + data;
        };
    }

    String describeState() {
        return switch (prompt) {
            case 'I' -> "infusing";
            case 'W' -> "withdrawing";
            case 'S' -> "stopped";
            case 'P' -> "paused";
            case 'T' -> "in a pause phase";
            case 'U' -> "waiting for a trigger";
            case 'X' -> "purging";
            default -> "in alarm: " + alarmMeaning();
        };
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("<%02x>", (int) c));
        return b.toString();
    }
}

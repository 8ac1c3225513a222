package org.neurolab.recording.stream;

/**
 * Stimulations delivered on one array, one entry per command (a train of pulses on some electrodes).
 *
 * @param meaId               the array
 * @param count               valid entries
 * @param timesMicros         lab time the train starts
 * @param electrodeMasks      electrodes stimulated, bit i = electrode i (arrays up to 64 electrodes; wider ones use
 *                            {@code electrodeLists})
 * @param electrodeLists      the electrodes, comma separated, per entry
 * @param amplitudesMicroamps first-phase amplitude
 * @param phaseMicros         first-phase duration
 * @param pulseCounts         pulses in the train
 * @param periodMicros        pulse period
 * @param commandIds          the command path's id of each command
 * @param triggers            what caused it: the caller (user/script) and purpose
 */
public record StimulationEvents(String meaId, int count, long[] timesMicros, long[] electrodeMasks, String[] electrodeLists,
                                float[] amplitudesMicroamps, int[] phaseMicros, int[] pulseCounts, long[] periodMicros,
                                String[] commandIds, String[] triggers) {
    public StimulationEvents {
        if (meaId == null || meaId.isBlank()) throw new IllegalArgumentException("stimulation events need an MEA id");
        if (count < 0 || count > timesMicros.length || count > electrodeLists.length || count > commandIds.length)
            throw new IllegalArgumentException("stimulation events count " + count + " does not fit its arrays");
    }
}

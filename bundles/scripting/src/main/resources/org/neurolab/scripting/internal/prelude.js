// The lab API in JavaScript's idiom (camelCase, options objects). Only `lab` is meant for scripts.
// Evaluated before a run is known (contexts are prepared ahead); each run then binds `const lab = _labFor(_host);`.
const _labFor = function (h) {
    const o = (options) => options === undefined ? {} : options;
    // the pulse's options go to the host one by one (undefined: the default), not as an object it would look up by name
    const none = Object.freeze({});
    const p = (options) => options === undefined || options === null ? none : options;
    return Object.freeze({
        organoids: () => Array.from(h.organoids()),
        electrodes: (organoid) => Array.from(h.electrodes(organoid)),
        stimulate: (organoid, electrodes, amplitudeUa, options) => {
            const x = p(options);
            return h.stimulatePulse(organoid, electrodes, amplitudeUa, x.phaseUs, x.interphaseUs, x.polarity, x.count, x.periodUs,
                x.monophasic, x.secondAmplitudeUa, x.secondPhaseUs);
        },
        defineTrigger: (name, organoid, electrodes, amplitudeUa, options) => {
            const x = p(options);
            h.defineTriggerPulse(name, organoid, electrodes, amplitudeUa, x.phaseUs, x.interphaseUs, x.polarity, x.count, x.periodUs,
                x.monophasic, x.secondAmplitudeUa, x.secondPhaseUs);
        },
        fire: (name) => h.fire(name),
        dose: (organoid, compound, amount, unit, options) => h.dose(organoid, compound, amount, unit, o(options)),
        concentrations: (organoid) => h.concentrations(organoid),
        exchangeMedium: (organoid, volumeUl) => h.exchangeMedium(organoid, volumeUl),
        startRecording: (options) => h.startRecording(options === undefined ? {} : options),
        stopRecording: (id) => h.stopRecording(id),
        now: () => h.now(),
        wait: (ms) => h.waitMillis(ms),
        spikes: (organoid, fromMs, toMs) => h.spikes(organoid, fromMs, toMs),
        spikeCounts: (organoid, fromMs, toMs, binMs) => Array.from(h.spikeCounts(organoid, fromMs, toMs, binMs)),
        keepRaw: (organoid, windowMs) => h.keepRaw(organoid, windowMs),
        rawSnippet: (organoid, electrode, fromMs, durationMs) => {
            const s = h.rawSnippet(organoid, electrode, fromMs, durationMs);
            return {electrode: s.electrode, fromMs: s.fromMs, sampleRateHz: s.sampleRateHz, samples: Array.from(s.samples)};
        },
        onSpikes: (organoid, callback) => h.onSpikes(organoid, callback),
        loop: (tickMs, durationMs, fn) => h.loop(tickMs, durationMs, fn),
        closedLoopLatency: (sinceMs) => sinceMs === undefined ? h.closedLoopLatency() : h.closedLoopLatencySince(sinceMs),
        log: (...parts) => h.log(parts.map(String).join(' ')),
        result: (key, value) => h.result(key, value),
    });
};

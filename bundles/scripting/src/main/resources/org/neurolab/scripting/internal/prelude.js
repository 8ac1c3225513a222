// The lab API in JavaScript's idiom (camelCase, options objects). Only `lab` is meant for scripts.
// Evaluated before a run is known (contexts are prepared ahead); each run then binds `const lab = _labFor(_host);`.
const _labFor = function (h) {
    const o = (options) => options === undefined ? {} : options;
    return Object.freeze({
        organoids: () => Array.from(h.organoids()),
        electrodes: (organoid) => Array.from(h.electrodes(organoid)),
        stimulate: (organoid, electrodes, amplitudeUa, options) => h.stimulate(organoid, electrodes, amplitudeUa, o(options)),
        defineTrigger: (name, organoid, electrodes, amplitudeUa, options) => h.defineTrigger(name, organoid, electrodes, amplitudeUa, o(options)),
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
        closedLoopLatency: () => h.closedLoopLatency(),
        log: (...parts) => h.log(parts.map(String).join(' ')),
        result: (key, value) => h.result(key, value),
    });
};

// The lab API in JavaScript's idiom (camelCase, options objects). Only `lab` is meant for scripts.
// Evaluated before a run is known (contexts are prepared ahead); each run then binds `const lab = _labFor(_host);`.

/** A lab call failed; `message` says why, as the lab's log does. */
class LabError extends Error {
    constructor(message) {
        super(message);
        this.name = 'LabError';
    }
}

/** The command path refused the command (control's checks or a guard): nothing reached the culture. */
class CommandRefused extends LabError {
    constructor(message, refusedBy, policies) {
        super(message);
        this.name = 'CommandRefused';
        this.refusedBy = refusedBy; // control, ethics, scheduling, dosing...
        this.policies = policies;   // the policy ids the refusal names
    }
}

/** A lab call was given a bad value: an unknown organoid, a negative amplitude, a unit that is not one. */
class LabValueError extends LabError {
    constructor(message) {
        super(message);
        this.name = 'LabValueError';
    }
}

// A failed host call becomes one of the errors above (with what the lab said); the script's own errors pass unchanged.
const _translated = (e) => {
    const x = _errors.explain(e);
    if (x === null) return e;
    const [kind, message, by, policies] = x;
    if (kind === 'refused') return new CommandRefused(message, by, Array.from(policies));
    if (kind === 'value') return new LabValueError(message);
    return new LabError(message);
};
const _guarded = (api) => {
    for (const name of Object.keys(api)) {
        const f = api[name];
        api[name] = (...args) => {
            try {
                return f(...args);
            } catch (e) {
                throw _translated(e);
            }
        };
    }
    return Object.freeze(Object.assign(api, {LabError, CommandRefused, LabValueError}));
};

const _labFor = function (h) {
    const o = (options) => options === undefined ? {} : options;
    // the pulse's options go to the host one by one (undefined: the default), not as an object it would look up by name
    const none = Object.freeze({});
    const p = (options) => options === undefined || options === null ? none : options;
    return _guarded({
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
        exportRecording: (id, format) => { const x = h.exportRecording(id, format === undefined ? "openephys" : format); return {path: x.path, bytes: x.bytes}; },
        now: () => h.now(),
        wait: (ms) => h.waitMillis(ms),
        waitUntil: (labTimeMs) => h.waitUntilMillis(labTimeMs),
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

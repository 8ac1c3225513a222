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

/** The sandbox forbids this (a file, a process, a Java class): the script may catch it like any error. */
class LabPermissionError extends LabError {
    constructor(message) {
        super(message);
        this.name = 'LabPermissionError';
    }
}

// What the sandbox forbids, refused as a LabPermissionError in the researcher's words (GraalJS says "Operation is not
// allowed for: /etc/passwd" or "Java is not defined"). The sandbox itself is what forbids; these only say so.
(() => {
    const refuse = (what) => () => { throw new LabPermissionError('scripts may not ' + what); };
    const deny = (name, what) => Object.defineProperty(globalThis, name, {get: refuse(what), configurable: false});
    globalThis.load = refuse('load files (a script is one file; keep data with lab.result, or record it)');
    deny('loadWithNewGlobal', 'load files (a script is one file)');
    deny('Java', 'reach Java classes (the lab API is the one way to the lab)');
    deny('Packages', 'reach Java classes (the lab API is the one way to the lab)');
    deny('Polyglot', 'run other languages from a script');
    deny('Worker', 'start threads (closed-loop work goes in lab.onSpikes or lab.loop, which run on the script\'s thread)');
})();

// A failed host call becomes one of the errors above (with what the lab said); the script's own errors pass unchanged.
const _translated = (e) => {
    const x = _errors.explain(e);
    if (x === null) return e;
    const [kind, message, by, policies] = x;
    if (kind === 'refused') return new CommandRefused(message, by, Array.from(policies));
    if (kind === 'value') return new LabValueError(message);
    if (kind === 'permission') return new LabPermissionError(message);
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
    return Object.freeze(Object.assign(api, {LabError, CommandRefused, LabValueError, LabPermissionError}));
};

// ---- JavaScript as a JavaScript programmer expects it: timers, microtasks, performance.now(), structuredClone, and
// console.log printing objects as JSON. Timers and microtasks run on the script's thread while it waits (lab.wait), on
// the lab clock (so a dry run's virtual time drives them too); performance.now() is lab time since the run began, in ms.
const _jobs = {h: null, origin: 0, seq: 0, timers: new Map(), micro: []};
const _runMicrotasks = () => {
    while (_jobs.micro.length > 0) _jobs.micro.shift()();
};
const _needsHost = (what) => {
    if (_jobs.h === null) throw new Error(what + ' works inside a lab run only');
    return _jobs.h;
};
const _addTimer = (fn, delay, args, repeat) => {
    if (typeof fn !== 'function') throw new TypeError((repeat ? 'setInterval' : 'setTimeout') + ' needs a function (strings are not evaluated)');
    const h = _needsHost(repeat ? 'setInterval' : 'setTimeout');
    const ms = Math.max(0, Number(delay) || 0);
    const id = ++_jobs.seq;
    // an interval of 0 would run forever at one lab time: intervals tick at least every 1 ms, as browsers clamp them
    _jobs.timers.set(id, {id, due: h.now() + ms, fn, args, every: repeat ? Math.max(1, ms) : null});
    return id;
};
globalThis.setTimeout = (fn, delay, ...args) => _addTimer(fn, delay, args, false);
globalThis.setInterval = (fn, delay, ...args) => _addTimer(fn, delay, args, true);
globalThis.clearTimeout = (id) => { _jobs.timers.delete(id); };
globalThis.clearInterval = globalThis.clearTimeout;
globalThis.queueMicrotask = (fn) => {
    if (typeof fn !== 'function') throw new TypeError('queueMicrotask needs a function');
    _jobs.micro.push(fn);
};
globalThis.performance = Object.freeze({
    now: () => _needsHost('performance.now()').now() - _jobs.origin,
    get timeOrigin() { return _jobs.origin; },
});
/** Waits ms of lab time, running every timer that falls due meanwhile (in order of due time) and the microtasks after each. */
const _waitRunningJobs = (h, ms, until) => {
    // no jobs (most scripts): one host call, as lab.wait always was; a bad ms gets the lab's words from the host
    if ((_jobs.timers.size === 0 && _jobs.micro.length === 0) || typeof ms !== 'number' || !(ms >= 0))
        return until === undefined ? h.waitMillis(ms) : h.waitUntilMillis(until);
    const end = h.now() + ms;
    _runMicrotasks();
    for (;;) {
        let next = null;
        for (const t of _jobs.timers.values()) if (t.due <= end && (next === null || t.due < next.due)) next = t;
        if (next === null) break;
        const gap = next.due - h.now();
        if (gap > 0) h.waitMillis(gap);
        if (next.every === null) _jobs.timers.delete(next.id); else next.due += next.every;
        next.fn(...next.args);
        _runMicrotasks();
    }
    const rest = end - h.now();
    if (rest > 0) {
        if (until === undefined) h.waitMillis(rest); else h.waitUntilMillis(until);
    }
    _runMicrotasks();
};

class DataCloneError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DataCloneError';
    }
}
globalThis.structuredClone = (value) => {
    const seen = new Map();
    const clone = (v) => {
        if (typeof v === 'function' || typeof v === 'symbol') throw new DataCloneError(String(typeof v === 'function' ? (v.name || 'function') : 'symbol') + ' could not be cloned');
        if (v === null || typeof v !== 'object') return v;
        if (seen.has(v)) return seen.get(v);
        let out;
        if (v instanceof Date) out = new Date(v.getTime());
        else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
        else if (v instanceof ArrayBuffer) out = v.slice(0);
        else if (ArrayBuffer.isView(v)) out = v.slice();
        else if (v instanceof Map) {
            out = new Map();
            seen.set(v, out);
            for (const [k, x] of v) out.set(clone(k), clone(x));
            return out;
        } else if (v instanceof Set) {
            out = new Set();
            seen.set(v, out);
            for (const x of v) out.add(clone(x));
            return out;
        } else if (v instanceof Error) {
            out = new Error(v.message);
            out.name = v.name;
        } else if (Array.isArray(v)) {
            out = new Array(v.length);
            seen.set(v, out);
            for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
            return out;
        } else {
            out = {}; // class instances arrive as plain objects: structured cloning keeps data, not prototypes
            seen.set(v, out);
            for (const k of Object.keys(v)) out[k] = clone(v[k]);
            return out;
        }
        seen.set(v, out);
        return out;
    };
    return clone(value);
};

const _show = (v) => {
    if (typeof v === 'string') return v;
    if (v === undefined) return 'undefined';
    if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
    if (typeof v === 'symbol' || typeof v === 'bigint') return String(v);
    if (v instanceof Error) return (v.stack && String(v.stack).startsWith(v.name)) ? String(v.stack) : v.name + ': ' + v.message;
    if (v === null || typeof v !== 'object') return String(v);
    const seen = new Set();
    try {
        return JSON.stringify(v, (k, x) => {
            if (typeof x === 'bigint') return String(x);
            if (typeof x === 'function') return '[Function: ' + (x.name || 'anonymous') + ']';
            if (x === undefined) return null;
            if (x instanceof Map) return Object.fromEntries(x);
            if (x instanceof Set) return Array.from(x);
            if (x !== null && typeof x === 'object') {
                if (seen.has(x)) return '[Circular]';
                seen.add(x);
            }
            return x;
        });
    } catch (e) {
        return String(v);
    }
};
{
    const print = console.log.bind(console);
    const printErr = (console.error || console.log).bind(console);
    const line = (parts) => parts.map(_show).join(' ');
    console.log = (...parts) => print(line(parts));
    console.info = console.log;
    console.debug = console.log;
    console.warn = (...parts) => printErr(line(parts));
    console.error = console.warn;
}

const _labFor = function (h) {
    h.measureTextWith((s) => s.length); // a huge result is measured here, before it is copied out
    _jobs.h = h;
    _jobs.origin = h.now();
    const o = (options) => options === undefined ? {} : options;
    // the pulse's options go to the host one by one (undefined: the default), not as an object it would look up by name
    const none = Object.freeze({});
    const p = (options) => options === undefined || options === null ? none : options;
    return _guarded({
        organoids: () => Array.from(h.organoids()),
        electrodes: (organoid) => Array.from(h.electrodes(organoid)),
        stimulate: (organoid, electrodes, amplitudeUa, options) => {
            const x = p(options);
            if (x.shape !== undefined && x.shape !== null) // 'monophasic', 'biphasic' or 'triphasic'
                return h.stimulateShaped(organoid, electrodes, x.shape, amplitudeUa, x.phaseUs, x.interphaseUs, x.polarity, x.count, x.periodUs,
                    x.secondAmplitudeUa, x.secondPhaseUs).appliedMs;
            return h.stimulatePulse(organoid, electrodes, amplitudeUa, x.phaseUs, x.interphaseUs, x.polarity, x.count, x.periodUs,
                x.monophasic, x.secondAmplitudeUa, x.secondPhaseUs);
        },
        defineTrigger: (name, organoid, electrodes, amplitudeUa, options) => {
            const x = p(options);
            if (x.shape !== undefined && x.shape !== null) {
                h.defineTriggerShaped(name, organoid, electrodes, x.shape, amplitudeUa, x.phaseUs, x.interphaseUs, x.polarity, x.count, x.periodUs,
                    x.secondAmplitudeUa, x.secondPhaseUs);
                return;
            }
            h.defineTriggerPulse(name, organoid, electrodes, amplitudeUa, x.phaseUs, x.interphaseUs, x.polarity, x.count, x.periodUs,
                x.monophasic, x.secondAmplitudeUa, x.secondPhaseUs);
        },
        // one trigger (its command id), or several in one call: an array of names ({commandIds, appliedMs})
        fire: (name) => {
            if (!Array.isArray(name)) return h.fire(name);
            const f = h.fireTriggers(name.map(String));
            return {commandIds: Array.from(f.commandIds), appliedMs: f.appliedMs};
        },
        lastAppliedMs: () => h.lastAppliedMs(),
        countWindow: (organoid, afterMs, options) => {
            const x = p(options);
            const after = afterMs === undefined || afterMs === null ? h.lastAppliedMs() : afterMs;
            if (after < 0) throw new LabValueError('countWindow needs afterMs: this run has not stimulated yet');
            const w = h.countWindow(organoid, after, x.windowMs === undefined ? 200 : x.windowMs, x.blankMs === undefined ? 10 : x.blankMs);
            const counts = {};
            const es = Array.from(w.electrodes), ns = Array.from(w.counts);
            es.forEach((e, i) => { counts[e] = ns[i]; });
            return counts;
        },
        absoluteElectrodes: (organoid) => Array.from(h.absoluteElectrodes(organoid)),
        electrodeAt: (absolute) => {
            const a = h.electrodeAt(absolute);
            return {organoid: a.organoid, electrode: a.electrode};
        },
        sampleRateHz: (organoid) => h.sampleRateHz(organoid),
        storedSpikes: (organoid, fromMs, toMs, options) => {
            const x = p(options);
            const s = h.storedSpikes(organoid, fromMs, toMs, x.limit === undefined ? 100000 : x.limit);
            return {times: Array.from(s.times), electrodes: Array.from(s.electrodes), amplitudes: Array.from(s.amplitudes), count: s.count};
        },
        dose: (organoid, compound, amount, unit, options) => h.dose(organoid, compound, amount, unit, o(options)),
        concentrations: (organoid) => h.concentrations(organoid),
        exchangeMedium: (organoid, volumeUl) => h.exchangeMedium(organoid, volumeUl),
        startRecording: (options) => h.startRecording(options === undefined ? {} : options),
        stopRecording: (id) => h.stopRecording(id),
        exportRecording: (id, format) => { const x = h.exportRecording(id, format === undefined ? "openephys" : format); return {path: x.path, bytes: x.bytes}; },
        now: () => h.now(),
        wait: (ms) => _waitRunningJobs(h, ms),
        waitUntil: (labTimeMs) => _waitRunningJobs(h, labTimeMs - h.now(), labTimeMs),
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

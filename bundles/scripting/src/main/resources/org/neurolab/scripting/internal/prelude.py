# The lab API in Python's idiom (snake_case, keyword arguments). Only `lab` is meant for scripts.
# Evaluated before a run is known (contexts are prepared ahead); each run then binds `lab = _Lab(_host)`.
import polyglot as _polyglot


class LabError(Exception):
    """A lab call failed; str(error) says why, as the lab's log does."""


class CommandRefused(LabError):
    """The command path refused the command (control's checks or a guard): nothing reached the culture."""

    def __init__(self, message, refused_by="", policies=()):
        super().__init__(message)
        self.refused_by = refused_by  # control, ethics, scheduling, dosing...
        self.policies = list(policies)  # the policy ids the refusal names


class LabValueError(LabError, ValueError):
    """A lab call was given a bad value: an unknown organoid, a negative amplitude, a unit that is not one."""


class LabPermissionError(LabError, PermissionError):
    """The caller may not do this (a role is missing)."""


def _translated(e):
    # GraalPy hands a host exception over as polyglot.ForeignException, which `except Exception` does not catch
    x = _errors.explain(e)
    if x is None:
        return e
    kind, message, by, policies = x[0], x[1], x[2], list(x[3])
    if kind == "refused":
        return CommandRefused(message, by, policies)
    if kind == "value":
        return LabValueError(message)
    if kind == "permission":
        return LabPermissionError(message)
    return LabError(message)


def _sandbox_denials():
    # What the sandbox forbids, refused as a LabPermissionError in the researcher's words. Without this some denials are
    # host errors that no `except` sees (a process, a thread, a socket) and others speak to whoever embeds GraalVM. The
    # sandbox itself is what forbids; these only say so catchably, at the calls that would reach it.
    import builtins, io, os, sys, _thread, _socket, _posixsubprocess

    def refuse(what):
        def denied(*args, **kwargs):
            raise LabPermissionError("scripts may not " + what)
        denied.__name__ = "denied"
        return denied

    processes = refuse("start processes (a run works through the lab API only)")
    for name in ("system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp", "execv", "execve", "execl", "execle",
                 "execlp", "execlpe", "execvp", "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve",
                 "spawnvp", "spawnvpe", "kill", "killpg"):
        if hasattr(os, name):
            setattr(os, name, processes)
    _posixsubprocess.fork_exec = processes  # subprocess.Popen and everything built on it

    threads = refuse("start threads (closed-loop work goes in lab.on_spikes or lab.loop, which run on the script's thread)")
    for name in ("start_new_thread", "start_new", "start_joinable_thread"):
        if hasattr(_thread, name):
            setattr(_thread, name, threads)
    if "threading" in sys.modules:
        for name in ("_start_new_thread", "_start_joinable_thread"):
            if hasattr(sys.modules["threading"], name):
                setattr(sys.modules["threading"], name, threads)

    class _NoSocket(_socket.socket):
        __slots__ = ()  # socket.socket adds its own __weakref__ slot

        def __init__(self, *args, **kwargs):
            raise LabPermissionError("scripts may not open network connections (the lab's data comes through the lab API)")
    _socket.socket = _NoSocket  # socket.socket calls _socket.socket.__init__

    real_open = builtins.open

    def lab_open(file, *args, **kwargs):
        try:
            return real_open(file, *args, **kwargs)
        except PermissionError:
            raise LabPermissionError("scripts may not open files (%r): keep data with lab.result, or record it" % (file,)) from None
    lab_open.__name__ = "open"
    builtins.open = lab_open
    io.open = lab_open

    try:
        import java
        java.type = refuse("reach Java classes (the lab API is the one way to the lab)")
    except ImportError:
        pass


_sandbox_denials()
del _sandbox_denials


def _guarded(f):
    def lab_call(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except _polyglot.ForeignException as e:
            raise _translated(e) from None
    lab_call.__name__ = f.__name__
    lab_call.__doc__ = f.__doc__
    return lab_call


class _Lab:
    LabError = LabError
    CommandRefused = CommandRefused
    LabValueError = LabValueError
    LabPermissionError = LabPermissionError

    def __init__(self, host):
        self._h = host
        host.measureTextWith(len)  # a huge result is measured here, before it is copied out

    def organoids(self):
        return list(self._h.organoids())

    def electrodes(self, organoid):
        return list(self._h.electrodes(organoid))

    # the pulse's parameters go to the host one by one (None: the default), not in a dict it would look up by name
    def stimulate(self, organoid, electrodes, amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first",
                  count=1, period_us=0, monophasic=False, second_amplitude_ua=None, second_phase_us=None, shape=None):
        if shape is not None:  # "monophasic", "biphasic" or "triphasic"
            return self._h.stimulateShaped(organoid, list(electrodes), shape, amplitude_ua, phase_us, interphase_us, polarity, count,
                                           period_us, second_amplitude_ua, second_phase_us).appliedMs
        return self._h.stimulatePulse(organoid, list(electrodes), amplitude_ua, phase_us, interphase_us, polarity, count, period_us,
                                      monophasic, second_amplitude_ua, second_phase_us)

    def define_trigger(self, name, organoid, electrodes, amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first",
                       count=1, period_us=0, monophasic=False, second_amplitude_ua=None, second_phase_us=None, shape=None):
        if shape is not None:
            self._h.defineTriggerShaped(name, organoid, list(electrodes), shape, amplitude_ua, phase_us, interphase_us, polarity, count,
                                        period_us, second_amplitude_ua, second_phase_us)
            return
        self._h.defineTriggerPulse(name, organoid, list(electrodes), amplitude_ua, phase_us, interphase_us, polarity, count, period_us,
                                   monophasic, second_amplitude_ua, second_phase_us)

    def fire(self, name):
        """One trigger by name (returns its applied lab time, ms), or several in one call: a list of names (returns
        {"command_ids": [...], "applied_ms": the first one's applied lab time})."""
        if isinstance(name, (list, tuple)):
            f = self._h.fireTriggers([str(n) for n in name])
            return {"command_ids": list(f.commandIds), "applied_ms": f.appliedMs}
        return self._h.fire(name)

    def last_applied_ms(self):
        """Lab time (ms) at which this run's newest stimulation is applied; -1 before the first."""
        return self._h.lastAppliedMs()

    def count_window(self, organoid, after_ms=None, window_ms=200, blank_ms=10):
        """Spikes per electrode in [after_ms + blank_ms, after_ms + window_ms), after waiting for the window to end on the
        lab clock; after_ms defaults to the newest stimulation's applied time. {electrode: count}, every electrode listed."""
        if after_ms is None:
            after_ms = self._h.lastAppliedMs()
            if after_ms < 0:
                raise LabValueError("count_window needs after_ms: this run has not stimulated yet")
        w = self._h.countWindow(organoid, after_ms, window_ms, blank_ms)
        return dict(zip(list(w.electrodes), list(w.counts)))

    def absolute_electrodes(self, organoid):
        """The culture's electrodes as absolute indices (an array rig/meaN holds N*size .. N*size+size-1)."""
        return list(self._h.absoluteElectrodes(organoid))

    def electrode_at(self, absolute):
        """(organoid, electrode) of an absolute electrode index under one of this run's cultures."""
        a = self._h.electrodeAt(absolute)
        return a.organoid, a.electrode

    def sample_rate_hz(self, organoid):
        return self._h.sampleRateHz(organoid)

    def stored_spikes(self, organoid, from_ms, to_ms, limit=100000):
        """Spikes of the culture in the lab's recordings (the store) between two lab times, oldest first."""
        s = self._h.storedSpikes(organoid, from_ms, to_ms, limit)
        return {"times": list(s.times), "electrodes": list(s.electrodes), "amplitudes": list(s.amplitudes), "count": s.count}

    def dose(self, organoid, compound, amount, unit, route=None):
        d = self._h.dose(organoid, compound, amount, unit, {} if route is None else {"route": route})
        return {"command_id": d.commandId, "compound": d.compound, "amount_nmol": d.amountNmol, "route": d.route,
                "before_um": d.beforeUm, "after_um": d.afterUm, "applied_ms": d.appliedMs}

    def concentrations(self, organoid):
        return dict(self._h.concentrationsByCompound(organoid))

    def exchange_medium(self, organoid, volume_ul):
        x = self._h.exchangeMedium(organoid, volume_ul)
        return {"command_id": x.commandId, "remaining_fraction": x.remainingFraction, "concentrations": self.concentrations(organoid)}

    def start_recording(self, raw=False):
        return self._h.startRecording({"raw": raw})

    def export_recording(self, recording_id, format="openephys"):
        x = self._h.exportRecording(recording_id, format)
        return {"path": x.path, "bytes": x.bytes}

    def stop_recording(self, recording_id):
        s = self._h.stopRecording(recording_id)
        return {"id": s.id, "spikes": s.spikes, "missed": s.missed}

    def now(self):
        return self._h.now()

    def wait(self, ms):
        self._h.waitMillis(ms)

    def wait_until(self, lab_time_ms):
        self._h.waitUntilMillis(lab_time_ms)

    def spikes(self, organoid, from_ms, to_ms):
        s = self._h.spikes(organoid, from_ms, to_ms)
        return {"times": list(s.times), "electrodes": list(s.electrodes), "amplitudes": list(s.amplitudes), "count": s.count}

    def spike_counts(self, organoid, from_ms, to_ms, bin_ms):
        return list(self._h.spikeCounts(organoid, from_ms, to_ms, bin_ms))

    def keep_raw(self, organoid, window_ms):
        self._h.keepRaw(organoid, window_ms)

    def raw_snippet(self, organoid, electrode, from_ms, duration_ms):
        s = self._h.rawSnippet(organoid, electrode, from_ms, duration_ms)
        return {"electrode": s.electrode, "from_ms": s.fromMs, "sample_rate_hz": s.sampleRateHz, "samples": list(s.samples)}

    def on_spikes(self, organoid, callback):
        self._h.onSpikes(organoid, callback)

    def loop(self, tick_ms, duration_ms, fn):
        return self._h.loop(tick_ms, duration_ms, fn)

    def closed_loop_latency(self, since_ms=None):
        s = self._h.closedLoopLatency() if since_ms is None else self._h.closedLoopLatencySince(since_ms)
        return {"count": s.count, "issued_p50_us": s.issuedP50, "issued_p99_us": s.issuedP99, "issued_p999_us": s.issuedP999,
                "accepted_p50_us": s.acceptedP50, "accepted_p99_us": s.acceptedP99, "accepted_p999_us": s.acceptedP999,
                "coalesced": s.coalesced, "called_p50_us": s.calledP50, "called_p99_us": s.calledP99, "called_p999_us": s.calledP999,
                # the spike's own lab time to the stimulation's applied lab time (both on the data's time base)
                "spike_to_applied_count": s.spikeToAppliedCount, "spike_to_applied_p50_us": s.spikeToAppliedP50,
                "spike_to_applied_p99_us": s.spikeToAppliedP99, "spike_to_applied_p999_us": s.spikeToAppliedP999,
                # 0: free-running (the lab's own path); > 0: the simulated rig waited up to this long for each answer
                "lockstep_hold_ms": s.lockstepHoldMs}

    def log(self, *parts):
        self._h.log(" ".join(str(p) for p in parts))

    def result(self, key, value):
        self._h.result(key, value)


for _name, _f in list(vars(_Lab).items()):
    if not _name.startswith("_") and callable(_f) and not isinstance(_f, type):
        setattr(_Lab, _name, _guarded(_f))
del _name, _f


# ---- `import cl` inside a run: Cortical Labs' CL API (cl-sdk) over the lab API ---------------------------------------
# Channels are the electrode indices of the culture's array; timestamps are frames (samples) at the array's rate on the lab
# clock. StimDesign and BurstDesign check what CL documents; every stimulation then takes the lab's command path, where
# the stimulator range and the ethics policies (charge, density, rate, budget) are enforced and a refusal names the policy.

def _cl_module():
    import sys
    import types

    mod = types.ModuleType("cl")
    mod.__doc__ = "Cortical Labs' CL API on NeuroLab OS: cl.open() gives the run's culture as Neurons."
    channels_total = 64  # CL's ChannelSet range; the lab refuses electrodes not under the culture when stimulating

    class ChannelSet:
        """Channels (electrode indices) to stimulate: ChannelSet(8, 9, 10) or ChannelSet([8, 9])."""

        def __init__(self, *channels):
            chosen = set()
            for ch in channels:
                items = [ch] if isinstance(ch, int) else ch
                if not isinstance(ch, int) and not isinstance(ch, (list, tuple, set, range)):
                    raise TypeError("channels must be an int, list or tuple")
                for c in items:
                    if not isinstance(c, int) or isinstance(c, bool):
                        raise TypeError("Channels within tuples and lists must be ints")
                    if c < 0 or c >= channels_total:
                        raise ValueError("Channel number %d is out of range" % c)
                    chosen.add(c)
            self._channels = frozenset(chosen)

        @staticmethod
        def _of(other):
            if isinstance(other, ChannelSet):
                return other._channels
            if isinstance(other, (list, tuple, set, range)):
                return ChannelSet(list(other))._channels
            raise TypeError("type %s cannot be added to a ChannelSet" % type(other))

        def __or__(self, other):
            return ChannelSet(sorted(self._channels | ChannelSet._of(other)))

        def __and__(self, other):
            return ChannelSet(sorted(self._channels & ChannelSet._of(other)))

        def __xor__(self, other):
            return ChannelSet(sorted(self._channels ^ ChannelSet._of(other)))

        def __invert__(self):
            return ChannelSet([c for c in range(channels_total) if c not in self._channels])

        def __iter__(self):
            return iter(sorted(self._channels))

        def __len__(self):
            return len(self._channels)

        def __eq__(self, other):
            return isinstance(other, ChannelSet) and self._channels == other._channels

        def __hash__(self):
            return hash(self._channels)

        def __repr__(self):
            return "ChannelSet(%s)" % ", ".join(str(c) for c in sorted(self._channels))

    class StimDesign:
        """A mono-, bi- or triphasic pulse as (duration_us, current_uA) pairs; a negative current is cathodic."""
        _CURRENT_LIMIT_UA = 3.0
        _DURATION_BIN_US = 20
        _PHASE_CHARGE_LIMIT_PC = 3000.0

        def __init__(self, *args):
            if len(args) not in (2, 4, 6):
                raise ValueError("StimDesign requires 2, 4, or 6 arguments.")
            durations, currents = list(args[0::2]), [float(c) for c in args[1::2]]
            for i, (d, c) in enumerate(zip(durations, currents)):
                if abs(c * d) > self._PHASE_CHARGE_LIMIT_PC:
                    raise ValueError("Charge injection of %s us x %s uA = %s nC cannot be greater than %s nC."
                                     % (d, c, c * d / 1000, self._PHASE_CHARGE_LIMIT_PC / 1000))
                if not abs(c) <= self._CURRENT_LIMIT_UA:
                    raise ValueError("Stim current of %.3f uA cannot be %s than %.3f uA." % (
                        c, "less" if c < 0 else "greater", -self._CURRENT_LIMIT_UA if c < 0 else self._CURRENT_LIMIT_UA))
                if i > 0 and (currents[i - 1] < 0) == (c < 0):
                    raise ValueError("current_uA_%d and current_uA_%d must have different polarities" % (i, i + 1))
                if not isinstance(d, int) or d < self._DURATION_BIN_US:
                    raise ValueError("duration_us_%d must be at least %d" % (i + 1, self._DURATION_BIN_US))
                if d % self._DURATION_BIN_US != 0:
                    raise ValueError("duration_us_%d must be evenly divisible by %d" % (i + 1, self._DURATION_BIN_US))
            self.durations_us, self.currents_ua = durations, currents
            self.duration_us = sum(durations)
            self._args = args

        def __repr__(self):
            return "StimDesign%r" % (tuple(self._args),)

    class BurstDesign:
        """burst_count pulses at burst_hz (at most 200 Hz)."""
        _BURST_FREQUENCY_LIMIT_HZ = 200

        def __init__(self, burst_count, burst_hz):
            if not (isinstance(burst_count, int) and burst_count >= 0):
                raise ValueError("requires a unsigned integer for burst_count")
            if not isinstance(burst_hz, (int, float)):
                raise ValueError("requires a floating point number for burst_hz")
            if burst_hz < 0:
                raise ValueError("Burst frequency must be positive")
            if burst_hz > self._BURST_FREQUENCY_LIMIT_HZ:
                raise ValueError("Burst frequency cannot be greater than %dHz" % self._BURST_FREQUENCY_LIMIT_HZ)
            self.burst_count, self.burst_hz = burst_count, burst_hz
            # onset to onset, on CL's 20 µs frame grid
            self.burst_interval_us = int(1_000_000 / burst_hz / 20 + 0.5) * 20 if burst_hz > 0 else 0

        def __repr__(self):
            return "BurstDesign(%r, %r)" % (self.burst_count, self.burst_hz)

    class Spike:
        def __init__(self, timestamp, channel, amplitude_uv=0.0):
            self.timestamp, self.channel = int(timestamp), int(channel)
            self.amplitude_uv = amplitude_uv
            self.channel_mean_sample = 0.0
            self.samples = None  # the lab keeps raw samples only for runs that ask (lab.keep_raw)

        def __repr__(self):
            return "Spike(timestamp=%d, channel=%d)" % (self.timestamp, self.channel)

    class Stim:
        def __init__(self, timestamp, channel):
            self.timestamp, self.channel = int(timestamp), int(channel)

        def __repr__(self):
            return "Stim(timestamp=%d, channel=%d)" % (self.timestamp, self.channel)

    class DetectionResult:
        def __init__(self, start_timestamp, stop_timestamp, spikes, stims):
            self.start_timestamp, self.stop_timestamp, self.spikes, self.stims = start_timestamp, stop_timestamp, spikes, stims

    class LoopTick:
        def __init__(self, loop, iteration, start, stop, analysis):
            self.loop, self.iteration = loop, iteration
            self.iteration_timestamp, self.iteration_next_timestamp = start, stop
            self.analysis = analysis
            self.frames = None  # raw frames are not streamed to loops; lab.keep_raw/raw_snippet give samples

    class Loop:
        """Ticks at ticks_per_second on the lab clock; each yields the spikes and stims of the tick just ended."""

        def __init__(self, neurons, ticks_per_second, stop_after_seconds=None, stop_after_ticks=None):
            if not ticks_per_second > 0:
                raise ValueError("ticks_per_second must be greater than zero")
            if stop_after_seconds is not None:
                if stop_after_seconds <= 0:
                    raise ValueError("stop_after_seconds must be greater than zero")
                if stop_after_ticks is not None:
                    raise ValueError("Cannot set both stop_after_seconds and stop_after_ticks")
                n = stop_after_seconds * ticks_per_second
                stop_after_ticks = int(n) if n == int(n) else int(n) + 1
            elif stop_after_ticks is not None and stop_after_ticks <= 0:
                raise ValueError("stop_after_ticks must be greater than zero")
            self._n, self._neurons, self._stopped = stop_after_ticks, neurons, False
            self._tick_ms = 1000.0 / ticks_per_second
            self._start_ms = None
            self.frames_per_tick = int(neurons.get_frames_per_second() // ticks_per_second)

        def stop(self):
            self._stopped = True

        def __iter__(self):
            n = self._neurons
            lab_ = n._lab
            self._start_ms = lab_.now()
            i = 0
            while not self._stopped and (self._n is None or i < self._n):
                t0 = self._start_ms + i * self._tick_ms
                t1 = t0 + self._tick_ms
                late = t1 - lab_.now()
                if late > 0:
                    lab_.wait(late)
                s = lab_.spikes(n._organoid, t0, t1)
                spikes = [Spike(n._frames(t), e, a) for t, e, a in zip(s["times"], s["electrodes"], s["amplitudes"])]
                stims = n._stims_between(t0, t1)
                yield LoopTick(self, i, n._frames(t0), n._frames(t1), DetectionResult(n._frames(t0), n._frames(t1), spikes, stims))
                i += 1

        def run(self, callback):
            for tick in self:
                if callback(tick):
                    break

    class Recording:
        def __init__(self, neurons, recording_id, stop_after_ms):
            self._neurons, self.id, self._stop_at, self.result = neurons, recording_id, stop_after_ms, None

        def stop(self):
            if self.result is None:
                self.result = self._neurons._lab.stop_recording(self.id)
            return self.result

        def wait_until_stopped(self):
            if self._stop_at is not None and self._neurons._lab.now() < self._stop_at:
                self._neurons._lab.wait(self._stop_at - self._neurons._lab.now())
            return self.stop()

    class Neurons:
        """The run's culture as CL's Neurons: its array's electrodes are the channels."""

        def __init__(self, lab_, organoid):
            self._lab, self._organoid = lab_, organoid
            self._rate = lab_.sample_rate_hz(organoid)
            self._stims = []
            self._recordings = []

        def _frames(self, ms):
            return int(round(ms * self._rate / 1000.0))

        def _stims_between(self, t0, t1):
            due = [s for s in self._stims if t0 <= s[0] < t1]
            self._stims = [s for s in self._stims if s[0] >= t0]
            return [Stim(self._frames(t), ch) for t, ch in due]

        def get_channel_count(self):
            return self._lab._h.electrodeCount(self._organoid)

        def get_frames_per_second(self):
            return self._rate

        def get_frame_duration_us(self):
            return 1e6 / self._rate

        def timestamp(self):
            return self._frames(self._lab.now())

        def stim(self, channel_set, stim_design, burst_design=None, lead_time_us=80):
            if not isinstance(lead_time_us, int) or lead_time_us < 80 or lead_time_us % 40 != 0:
                raise ValueError("lead_time_us must be at least 80 and evenly divisible by 40, was %r" % (lead_time_us,))
            if isinstance(stim_design, (int, float)):
                stim_design = StimDesign(160, -abs(stim_design), 160, abs(stim_design))
            if not isinstance(stim_design, StimDesign):
                raise TypeError("stim_design must be a StimDesign or a current in uA")
            channels = [channel_set] if isinstance(channel_set, int) else list(channel_set)
            if not channels:
                raise ValueError("stim needs at least one channel")
            count, period = 1, 0
            if burst_design is not None:
                if burst_design.burst_count == 0:
                    return
                count = burst_design.burst_count
                period = burst_design.burst_interval_us if count > 1 else 0
            d, c = stim_design.durations_us, stim_design.currents_ua
            polarity = "cathodic-first" if c[0] < 0 else "anodic-first"
            shape = ("monophasic", "biphasic", "triphasic")[len(d) - 1]
            if shape == "triphasic" and (d[2] != d[0] or abs(c[2]) != abs(c[0])):
                raise ValueError("the lab's stimulators deliver a triphasic pulse whose third phase repeats its first; %r does not" % (stim_design,))
            self._lab.stimulate(self._organoid, channels, abs(c[0]), phase_us=d[0], polarity=polarity, count=count, period_us=period,
                                shape=shape, second_amplitude_ua=abs(c[1]) if len(d) > 1 else None,
                                second_phase_us=d[1] if len(d) > 1 else None)
            applied = self._lab.last_applied_ms()
            for k in range(count):
                for ch in channels:
                    self._stims.append((applied + k * period / 1000.0, ch))

        def loop(self, ticks_per_second, stop_after_seconds=None, stop_after_ticks=None, ignore_jitter=False, jitter_tolerance_frames=0):
            return Loop(self, ticks_per_second, stop_after_seconds, stop_after_ticks)

        def record(self, file_suffix=None, file_location=None, stop_after_seconds=None, include_raw_samples=False, **ignored):
            r = Recording(self, self._lab.start_recording(raw=include_raw_samples),
                          None if stop_after_seconds is None else self._lab.now() + stop_after_seconds * 1000.0)
            self._recordings.append(r)
            return r

        def close(self):
            for r in self._recordings:
                r.stop()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False

    def open(take_control=True, wait_until_recordable=True, organoid=None):
        """The run's culture (the first reserved one, or organoid=...) as Neurons; use it in a with block."""
        lab_ = globals().get("lab")  # bound per run beside this prelude
        if lab_ is None:
            raise LabError("cl.open() works inside a lab run only")
        cultures = lab_.organoids()
        target = organoid if organoid is not None else cultures[0]
        if target not in cultures:
            raise LabValueError("organoid %r is not reserved for this run (reserved: %s)" % (target, cultures))
        return Neurons(lab_, target)

    def is_simulator():
        return False

    for name, value in list(locals().items()):
        if name[0].isupper() or name in ("open", "is_simulator"):
            setattr(mod, name, value)
    return mod


_sys_modules = __import__("sys").modules
_sys_modules["cl"] = _cl_module()
del _sys_modules

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

    def organoids(self):
        return list(self._h.organoids())

    def electrodes(self, organoid):
        return list(self._h.electrodes(organoid))

    # the pulse's parameters go to the host one by one (None: the default), not in a dict it would look up by name
    def stimulate(self, organoid, electrodes, amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first",
                  count=1, period_us=0, monophasic=False, second_amplitude_ua=None, second_phase_us=None):
        return self._h.stimulatePulse(organoid, list(electrodes), amplitude_ua, phase_us, interphase_us, polarity, count, period_us,
                                      monophasic, second_amplitude_ua, second_phase_us)

    def define_trigger(self, name, organoid, electrodes, amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first",
                       count=1, period_us=0, monophasic=False, second_amplitude_ua=None, second_phase_us=None):
        self._h.defineTriggerPulse(name, organoid, list(electrodes), amplitude_ua, phase_us, interphase_us, polarity, count, period_us,
                                   monophasic, second_amplitude_ua, second_phase_us)

    def fire(self, name):
        return self._h.fire(name)

    def dose(self, organoid, compound, amount, unit, route=None):
        d = self._h.dose(organoid, compound, amount, unit, {} if route is None else {"route": route})
        return {"command_id": d.commandId, "compound": d.compound, "amount_nmol": d.amountNmol, "route": d.route,
                "before_um": d.beforeUm, "after_um": d.afterUm}

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
                "coalesced": s.coalesced, "called_p50_us": s.calledP50, "called_p99_us": s.calledP99, "called_p999_us": s.calledP999}

    def log(self, *parts):
        self._h.log(" ".join(str(p) for p in parts))

    def result(self, key, value):
        self._h.result(key, value)


for _name, _f in list(vars(_Lab).items()):
    if not _name.startswith("_") and callable(_f) and not isinstance(_f, type):
        setattr(_Lab, _name, _guarded(_f))
del _name, _f

"""FinalSpark's Neuroplatform API (as its public documentation, np-docs, describes it) on NeuroLab OS.

A Neuroplatform script runs with its import line and token changed:

    from neurolab.compat.finalspark import StimParam, IntanSofware, Trigger, StimPolarity, StimShape, Experiment, Database

`Experiment(token)` takes a NeuroLab API token (nl_...). The lab is NEUROLAB_URL (default http://127.0.0.1:8080). Its
cultures are those of the token's user's live booking, or NEUROLAB_ORGANOIDS (comma separated) where the lab does not
enforce bookings. Electrode indices are absolute, as on the Neuroplatform (an array rig/meaN holds N*32..N*32+31).
Every stimulation takes the lab's command path; a refusal by the lab's safety rules is a CommandRefused naming the
policy. Differences: parameters reach the lab at once (no 10 s wait); `trigger_delay` must be 0 (the lab applies a
trigger when it is sent); `read_count` waits until the 200 ms window has ended on the lab clock and counts complete
data; `var_threshold` does not change the lab's detector (its threshold is the recording configuration's)."""
import datetime as _dt
import enum
import os
import warnings

import numpy as np
import pandas as pd

from .. import errors
from ..client import Lab

COUNT_WINDOW_MS = 200
COUNT_BLANK_MS = 10
TRIGGER_KEYS = 16

_current = [None]  # the Experiment the Neuroplatform's token-less objects (IntanSofware, Trigger, Database) act for


def _experiment():
    if _current[0] is None:
        raise errors.LabError("create an Experiment(token) first: IntanSofware, Trigger and Database act for it")
    return _current[0]


class StimPolarity(enum.Enum):
    NegativeFirst = 0
    PositiveFirst = 1


class StimShape(enum.Enum):
    Biphasic = 0
    BiphasicWithInterphaseDelay = 1
    Triphasic = 2


class StimParam:
    """One stimulation parameter set, bound to an electrode (`index`, absolute) and a trigger key (0-15)."""

    def __init__(self):
        self.enable = True
        self.index = 0
        self.trigger_key = 0
        self.polarity = StimPolarity.NegativeFirst
        self.phase_duration1 = 100.0
        self.phase_amplitude1 = 1.0
        self.phase_duration2 = 100.0
        self.phase_amplitude2 = 1.0
        self.stim_shape = StimShape.Biphasic
        self.interphase_delay = 0.0
        self.trigger_delay = 0
        self.nb_pulse = 0
        self.pulse_train_period = 10000
        self.post_stim_ref_period = 1000.0
        self.enable_amp_settle = True
        self.pre_stim_amp_settle = 0.0
        self.post_stim_amp_settle = 1000.0
        self.enable_charge_recovery = True
        self.post_charge_recovery_on = 0.0
        self.post_charge_recovery_off = 100.0

    def display_attributes(self):
        for k, v in vars(self).items():
            print("%-26s %s" % (k, v.name if isinstance(v, enum.Enum) else v))

    def __repr__(self):
        return "StimParam(index=%s, trigger_key=%s, %s, %s µA/%s µs, %s µA/%s µs, enable=%s)" % (
            self.index, self.trigger_key, self.stim_shape.name, self.phase_amplitude1, self.phase_duration1,
            self.phase_amplitude2, self.phase_duration2, self.enable)

    def _pulse(self):
        """The lab's pulse train for this parameter set (checked here for what the lab cannot take at all)."""
        if not isinstance(self.polarity, StimPolarity):
            raise errors.LabValueError("polarity must be a StimPolarity, was %r" % (self.polarity,))
        if not isinstance(self.stim_shape, StimShape):
            raise errors.LabValueError("stim_shape must be a StimShape, was %r" % (self.stim_shape,))
        if self.trigger_delay:
            raise errors.LabValueError("trigger_delay must be 0 on this lab (it applies a trigger when it is sent), was %s µs" % self.trigger_delay)
        shape = "triphasic" if self.stim_shape is StimShape.Triphasic else "biphasic"
        interphase = self.interphase_delay if self.stim_shape is StimShape.BiphasicWithInterphaseDelay else 0
        count = max(1, int(self.nb_pulse))
        return {"amplitudeMicroamps": float(self.phase_amplitude1), "phaseMicros": _whole(self.phase_duration1, "phase_duration1"),
                "secondAmplitudeMicroamps": float(self.phase_amplitude2), "secondPhaseMicros": _whole(self.phase_duration2, "phase_duration2"),
                "interphaseMicros": _whole(interphase, "interphase_delay"), "shape": shape,
                "polarity": "cathodic-first" if self.polarity is StimPolarity.NegativeFirst else "anodic-first",
                "count": count, "periodMicros": _whole(self.pulse_train_period, "pulse_train_period") if count > 1 else 0}


def _whole(v, name):
    if float(v) != int(float(v)) or float(v) < 0:
        raise errors.LabValueError("%s must be a whole number of µs >= 0, was %r" % (name, v))
    return int(float(v))


class Experiment:
    """Your access to the lab's cultures for one booking. `electrodes` are absolute indices; `exp_name` names the cultures."""

    def __init__(self, token, url=None, organoids=None, dry_run=None, seed=None):
        self._lab = Lab(url, token)
        # NEUROLAB_DRY_RUN=1: the experiment works on private simulated copies of its cultures in virtual time (a count
        # window's wait moves lab time), NEUROLAB_SEED their seed: the same script and seed give the same counts
        self._dry_run = dry_run if dry_run is not None else os.environ.get("NEUROLAB_DRY_RUN", "") not in ("", "0", "false")
        self._seed = seed if seed is not None else (int(os.environ["NEUROLAB_SEED"]) if os.environ.get("NEUROLAB_SEED") else None)
        self._organoids = list(organoids) if organoids else self._booked()
        cultures = {o["id"]: o for o in self._lab.get("/api/organoids")}
        missing = [o for o in self._organoids if o not in cultures]
        if missing:
            raise errors.NotFound("no culture %s in the lab" % ", ".join(missing))
        self._cultures = {o: cultures[o] for o in self._organoids}
        self.exp_name = "+".join(self._organoids)
        self.electrodes = []
        self._layouts = {}
        for o, c in self._cultures.items():
            layout = self._lab.get("/api/meas/" + c["meaId"])
            offset = _offset(c["meaId"], len(layout["electrodes"]))
            if offset is None:
                raise errors.LabValueError("MEA %s defines no absolute electrode indices" % c["meaId"])
            self._layouts[o] = (offset, layout)
            self.electrodes.extend(offset + e for e in c["electrodes"])
        self._sessions = {}
        _current[0] = self

    def _booked(self):
        env = os.environ.get("NEUROLAB_ORGANOIDS")
        if env:
            return [o.strip() for o in env.split(",") if o.strip()]
        me = self._lab.whoami()["user"]
        now = _dt.datetime.now(_dt.timezone.utc)
        live = []
        for v in self._lab.get("/api/reservations", **{"from": (now - _dt.timedelta(days=1)).isoformat(), "to": (now + _dt.timedelta(days=1)).isoformat()}):
            r = v["reservation"]
            start, end = pd.Timestamp(r["start"]), pd.Timestamp(r["end"])
            if r["user"] == me and start <= pd.Timestamp(now) < end and r.get("state", "BOOKED") in ("BOOKED", "ACTIVE", "CONFIRMED"):
                live.append(r["target"])
        if not live:
            raise errors.LabPermissionError("%s holds no booking live now; book a culture (or set NEUROLAB_ORGANOIDS where the lab "
                                            "does not enforce bookings)" % me)
        cultures = []
        for target in live:
            on = [o["id"] for o in self._lab.get("/api/organoids") if o["id"] == target or o["meaId"] == target]
            cultures.extend(on)
        return cultures

    def start(self):
        """Opens the lab sessions of this experiment (one per culture); True when they are open."""
        for o in self._organoids:
            if o not in self._sessions:
                self._sessions[o] = self._lab.open_session(o, purpose="research", dry_run=self._dry_run, seed=self._seed)
        return True

    def stop(self):
        """Closes the sessions: every device they touched returns to its safe state. True when done."""
        for s in self._sessions.values():
            s.close()
        self._sessions.clear()
        return True

    # ---- for IntanSofware, Trigger, Database -----------------------------------------------------------------------

    def _session_of(self, absolute):
        for o, (offset, layout) in self._layouts.items():
            local = absolute - offset
            if local in self._cultures[o]["electrodes"]:
                if o not in self._sessions:
                    raise errors.LabError("the experiment is not started: call exp.start() first")
                return o, self._sessions[o], local
        raise errors.LabValueError("electrode %s is not among this experiment's electrodes %s" % (absolute, self.electrodes))

    def _started(self):
        if not self._sessions:
            raise errors.LabError("the experiment is not started: call exp.start() first")
        return self._sessions

    def _offset_of(self, organoid):
        return self._layouts[organoid][0]

    def _channels(self):
        return max(128, max(self.electrodes) + 1)


def _offset(mea_id, electrode_count):
    digits = ""
    for ch in reversed(mea_id):
        if not ch.isdigit():
            break
        digits = ch + digits
    return None if not digits else int(digits) * electrode_count


class IntanSofware:
    """The stimulator's parameters and its spike counter, for the current Experiment."""

    def __init__(self):
        self._exp = _experiment()
        self._by_key = {}  # trigger key -> [(organoid, trigger name)]
        self._count_keys = set()
        self._exp._intan = self

    def send_stimparam(self, params):
        """Sends the parameter sets: enabled ones are defined on the lab (checked there), disabled ones removed."""
        sessions = self._exp._started()
        by_index = {}
        for p in params:
            if not isinstance(p, StimParam):
                raise errors.LabValueError("send_stimparam takes StimParam objects, got %r" % (p,))
            if not 0 <= int(p.trigger_key) < TRIGGER_KEYS:
                raise errors.LabValueError("trigger_key must be 0..15, was %r" % (p.trigger_key,))
            if p.index in by_index:
                warnings.warn("two StimParams use electrode %s: the later one replaces the earlier, as on the Neuroplatform" % p.index)
            by_index[p.index] = p
        for p in by_index.values():
            organoid, session, local = self._exp._session_of(int(p.index))
            name = "fs-e%d" % int(p.index)
            for key in list(self._by_key):
                self._by_key[key] = [t for t in self._by_key[key] if t != (organoid, name)]
            if p.enable:
                body = p._pulse()
                body["electrodes"] = [local]
                self._exp._lab._call("PUT", session._path + "/triggers/" + name, body=body)
                self._by_key.setdefault(int(p.trigger_key), []).append((organoid, name))
            else:
                try:
                    session.forget_trigger(name)
                except errors.NotFound:
                    pass
        return None

    def set_count(self, keys):
        """Which trigger keys start a spike count (200 ms after the trigger, the first 10 ms blanked when it stimulates)."""
        keys = [int(k) for k in keys]
        for k in keys:
            if not 0 <= k < TRIGGER_KEYS:
                raise errors.LabValueError("a trigger key is 0..15, was %r" % (k,))
        self._count_keys = set(keys)

    def read_count(self):
        """Spikes per absolute electrode in the window after the newest counting trigger (np.array, one entry per electrode)."""
        counts = np.zeros(self._exp._channels(), dtype=np.int64)
        start = getattr(self._exp, "_count_start", None)
        if start is None:
            return counts
        for organoid, (after_us, stimulated) in start.items():
            session = self._exp._sessions[organoid]
            c = session.count_window(after_us=after_us, window_ms=COUNT_WINDOW_MS, blank_ms=COUNT_BLANK_MS if stimulated else 0)
            offset = self._exp._offset_of(organoid)
            for e, n in c.items():
                counts[offset + e] = n
        return counts

    def impedance(self):
        """Measures every electrode's impedance now; Database().get_impedance returns them (also returned here, kΩ)."""
        rows = []
        now = pd.Timestamp.now(tz="UTC")
        for organoid, s in self._exp._started().items():
            offset = self._exp._offset_of(organoid)
            for e, kohm in s.impedance().items():
                rows.append({"Time": now, "channel": offset + e, "impedance": kohm * 1000.0})
        self._exp._impedance = pd.DataFrame(rows)
        return self._exp._impedance

    def var_threshold(self, enabled):
        if not enabled:
            warnings.warn("var_threshold(False): the lab's spike detector keeps its own threshold (thresholdSigmas of the recording "
                          "configuration); nothing was changed")

    def set_tag_trigger(self, tag):
        self._exp._tag = int(tag)

    def close(self):
        return None


class Trigger:
    """The trigger generator: send(np.uint8[16]) fires every key set to 1 at once."""

    def __init__(self):
        self._exp = _experiment()

    def send(self, keys):
        a = np.asarray(keys)
        if a.shape != (TRIGGER_KEYS,):
            raise errors.LabValueError("send takes an array of 16 entries (one per trigger key), had shape %s" % (a.shape,))
        if not np.all((a == 0) | (a == 1)):
            raise errors.LabValueError("trigger entries are 0 or 1, were %s" % a.tolist())
        fired = [k for k in range(TRIGGER_KEYS) if a[k]]
        intan = getattr(self._exp, "_intan", None)
        sessions = self._exp._started()
        by_session = {}
        for k in fired:
            for organoid, name in (intan._by_key.get(k, []) if intan else []):
                by_session.setdefault(organoid, []).append(name)
        counting = intan is not None and any(k in intan._count_keys for k in fired)
        starts = {}
        for organoid, names in by_session.items():
            r = sessions[organoid].fire(*names)
            starts[organoid] = (r["applied_us"], True)
        if counting:
            for organoid, s in sessions.items():
                if organoid not in starts:
                    starts[organoid] = (s.lab_time_us(), False)  # a read-only key: the window opens now
            self._exp._count_start = starts
        return None

    def close(self):
        return None


class Database:
    """The lab's store by UTC time ranges, as the Neuroplatform's database: DataFrames with a `Time` column (UTC)."""

    def __init__(self, url=None, token=None):
        exp = _current[0]
        self._lab = exp._lab if exp is not None and token is None else Lab(url, token)
        self._exp = exp

    def _recordings(self, start, stop, organoids):
        t0, t1 = _utc(start), _utc(stop)
        out = []
        for r in self._lab.get("/api/recordings"):
            epoch_us = r["startedEpochMillis"] * 1000 - r["startedMicros"]  # wall µs at lab time 0
            lo, hi = int((t0.value // 1000) - epoch_us), int((t1.value // 1000) - epoch_us)
            ends = r.get("stoppedMicros")
            if hi < r["startedMicros"] or (ends is not None and lo > ends):
                continue
            if organoids and not set(organoids) & set(r["organoidIds"]):
                continue
            out.append((r, epoch_us, max(lo, 0), max(hi, 0)))
        return out

    def _names(self, fs_name):
        if fs_name is None:
            return self._exp._organoids if self._exp else []
        return [n for n in str(fs_name).split("+") if n]

    def get_spike_event(self, start, stop, fs_name=None):
        """Spike events in [start, stop): Time (UTC), channel (absolute index), Amplitude (µV)."""
        frames = []
        for organoid in self._names(fs_name) or [None]:
            for r, epoch_us, lo, hi in self._recordings(start, stop, [organoid] if organoid else None):
                df = self._lab.spikes(r["id"], lo, hi, organoid=organoid)
                if df.empty:
                    continue
                offset = _mea_offset(self._lab, df["mea"].iloc[0])
                frames.append(pd.DataFrame({"Time": pd.to_datetime(df["time_us"] + epoch_us, unit="us", utc=True),
                                            "channel": df["electrode"].astype(np.int64) + offset, "Amplitude": df["amplitude_uv"]}))
        if not frames:
            return pd.DataFrame({"Time": pd.Series([], dtype="datetime64[ns, UTC]"), "channel": pd.Series([], dtype=np.int64),
                                 "Amplitude": pd.Series([], dtype=np.float32)})
        return pd.concat(frames).drop_duplicates().sort_values("Time").reset_index(drop=True)

    def get_spike_count(self, start, stop, fs_name=None):
        """Spikes per minute per electrode: Time (the minute, UTC), channel, count."""
        ev = self.get_spike_event(start, stop, fs_name)
        if ev.empty:
            return pd.DataFrame({"Time": [], "channel": [], "count": []})
        ev["Time"] = ev["Time"].dt.floor("min")
        return ev.groupby(["Time", "channel"]).size().rename("count").reset_index()

    def get_raw_spike(self, start, stop, channel):
        """The stored waveform samples of the spikes on `channel` (absolute) in [start, stop): Time, Amplitude (µV), long format."""
        rows = []
        for r, epoch_us, lo, hi in self._recordings(start, stop, None):
            for mea in r["meaIds"]:
                layout = self._lab.get("/api/meas/" + mea)
                offset = _offset(mea, len(layout["electrodes"]))
                if offset is None or not offset <= int(channel) < offset + len(layout["electrodes"]):
                    continue
                rate = layout["sampleRateHz"]
                snips = self._lab.snippets(r["id"], lo, hi + 1, mea=mea, electrode=int(channel) - offset, limit=10_000)
                for t, snip in zip(snips["time_us"], snips["snippet_uv"]):
                    # a snippet is 3 ms around its spike: 1 ms before, 2 ms after
                    times = t + epoch_us - 1000 + (np.arange(len(snip)) * 1e6 / rate)
                    rows.append(pd.DataFrame({"Time": pd.to_datetime(times.astype(np.int64), unit="us", utc=True), "Amplitude": snip}))
        if not rows:
            return pd.DataFrame({"Time": [], "Amplitude": []})
        return pd.concat(rows).reset_index(drop=True)

    def get_all_triggers(self, start, stop):
        """Triggers sent (the stimulations of the recordings): Time (UTC), trigger (key), up, tag (the lab's trigger name), commandId."""
        rows = []
        for r, epoch_us, lo, hi in self._recordings(start, stop, None):
            for s in self._lab.get("/api/recordings/%d/stimulations" % r["id"], **{"from": lo, "to": hi}):
                rows.append({"Time": pd.Timestamp(s["timeMicros"] + epoch_us, unit="us", tz="UTC"), "trigger": s.get("trigger"),
                             "up": True, "tag": s.get("trigger"), "commandId": s.get("commandId"), "organoid": s.get("organoidId"),
                             "electrodes": s.get("electrodes"), "amplitude": s.get("amplitudeMicroamps")})
        return pd.DataFrame(rows)

    def get_impedance(self, start=None, stop=None):
        imp = getattr(self._exp, "_impedance", None) if self._exp else None
        if imp is None:
            return pd.DataFrame({"Time": [], "channel": [], "impedance": []})
        return imp

    # environment: the incubator sensors' telemetry in the store

    def _telemetry(self, start, stop, column):
        t0, t1 = _utc(start), _utc(stop)
        seconds = max(1, int((pd.Timestamp.now(tz="UTC") - t0).total_seconds()) + 1)
        frames = []
        for rig in self._lab.rigs()["rigs"]:
            for d in rig["devices"]:
                if d["kind"] != "ENVIRONMENT_SENSOR":
                    continue
                rows = self._lab.get("/api/telemetry/" + d["deviceId"], seconds=min(seconds, 7 * 24 * 3600))
                if not rows:
                    continue
                epoch_ms = self._lab_epoch_ms()
                df = pd.DataFrame({"Time": pd.to_datetime([epoch_ms * 1000 + x["timeMicros"] for x in rows], unit="us", utc=True),
                                   "value": [x[column] for x in rows], "device": d["deviceId"]})
                frames.append(df[(df["Time"] >= t0) & (df["Time"] < t1)])
        return pd.concat(frames).reset_index(drop=True) if frames else pd.DataFrame({"Time": [], "value": [], "device": []})

    def _lab_epoch_ms(self):
        if self._exp and self._exp._sessions:
            return next(iter(self._exp._sessions.values())).lab_epoch_ms
        recs = self._lab.get("/api/recordings")
        if recs:
            r = recs[-1]
            return r["startedEpochMillis"] - r["startedMicros"] / 1000.0
        raise errors.LabError("the lab's clock origin is not known without a started experiment or a recording")

    def temperature(self, start, stop):
        return self._telemetry(start, stop, "temperatureCelsius")

    def co2(self, start, stop):
        return self._telemetry(start, stop, "co2Percent")

    def humidity(self, start, stop):
        return self._telemetry(start, stop, "humidityPercent")

    def o2(self, start, stop):
        raise errors.LabError("this lab's incubator sensors measure temperature, CO2 and humidity; there is no O2 reading")

    def pressure(self, start, stop):
        raise errors.LabError("this lab's incubator sensors measure temperature, CO2 and humidity; there is no pressure reading")


def _utc(t):
    ts = pd.Timestamp(t)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


_mea_offsets = {}


def _mea_offset(lab, mea):
    if mea not in _mea_offsets:
        layout = lab.get("/api/meas/" + mea)
        _mea_offsets[mea] = _offset(mea, len(layout["electrodes"])) or 0
    return _mea_offsets[mea]

"""Remote sessions: a control session of the lab held by this client over HTTP. Every command takes the lab's command
path (control's checks, the guards, the audit log), exactly like a script's."""
import threading
import warnings

import numpy as np

from . import errors


class Receipt(dict):
    """What the lab answered for a command: commandId, deviceId, labMicros (handed to the device), appliedMicros (when the
    device applies it, on the data's time base)."""

    @property
    def applied_us(self):
        return self["appliedMicros"]

    @property
    def command_id(self):
        return self["commandId"]


class WindowCounts(dict):
    """Spikes per electrode of a count window (a dict electrode -> count), counted from complete data: the lab answered
    once the array's data was complete up to the window's end. `from_us`/`to_us` bound the window (lab µs),
    `complete_up_to_us` is the array's watermark when it was counted, `gap_us` how much of the window is a gap in the
    data (missing for good; a DataGapWarning says so too), `note` what the lab said about it, if anything."""

    def __init__(self, counts, answer):
        super().__init__(counts)
        self.from_us = answer["fromMicros"]
        self.to_us = answer["toMicros"]
        self.complete_up_to_us = answer.get("completeUpToMicros")
        self.gap_us = answer.get("gapMicros", 0)
        self.note = answer.get("note")


def _warn_gap(answer):
    if answer.get("gapMicros"):
        warnings.warn(answer.get("note") or "%d µs of the data is a gap" % answer["gapMicros"], errors.DataGapWarning, stacklevel=3)


def pulse(amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first", shape="biphasic", count=1, period_us=0,
          second_amplitude_ua=None, second_phase_us=None):
    """A pulse train as the REST API takes it."""
    body = {"amplitudeMicroamps": float(amplitude_ua), "phaseMicros": int(phase_us), "interphaseMicros": int(interphase_us),
            "polarity": polarity, "shape": shape, "count": int(count), "periodMicros": int(period_us)}
    if second_amplitude_ua is not None:
        body["secondAmplitudeMicroamps"] = float(second_amplitude_ua)
    if second_phase_us is not None:
        body["secondPhaseMicros"] = int(second_phase_us)
    return body


class RemoteSession:
    """A control session on one culture. Use it in a `with` block: leaving it closes the session, and the lab returns
    every device it touched to its safe state. A background thread sends heartbeats; should this client vanish, the lab
    closes the session itself after its heartbeat time."""

    def __init__(self, lab, view):
        self._lab = lab
        self.id = view["id"]
        self.organoid = view["organoid"]
        self.mea = view["meaId"]
        self.electrodes = list(view["electrodes"])
        self.absolute_electrodes = None if view.get("absoluteElectrodes") is None else list(view["absoluteElectrodes"])
        self.sample_rate_hz = view["sampleRateHz"]
        self.heartbeat_s = view["heartbeatSeconds"]
        self.lab_epoch_ms = view.get("labEpochMillis")
        self.dry_run = bool(view.get("dryRun"))
        self.seed = view.get("seed")
        self._path = "/api/remote-sessions/" + self.id
        self._closed = False
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._heartbeats, name="neurolab-heartbeat-" + self.id, daemon=True)
        self._beat.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "RemoteSession(%s on %s, electrodes %s)" % (self.id, self.organoid, self.electrodes)

    def _heartbeats(self):
        every = max(0.2, self.heartbeat_s / 3.0)
        http = self._lab._own_connection()  # requests' sessions are not to be shared between threads
        while not self._stop.wait(every):
            try:
                self._lab.post(self._path + "/heartbeat", http=http, read=True)
            except errors.SessionClosed:
                return
            except errors.NotFound:
                return
            except errors.LabError:
                pass  # a missed beat; the next one may get through before the lab's limit

    def stop_heartbeats(self):
        """Stops the background heartbeats (as a client that vanished would): the lab then closes the session itself."""
        self._stop.set()

    # ---- commands ------------------------------------------------------------------------------------------------------

    def _electrodes(self, electrodes, absolute):
        es = [int(e) for e in (electrodes if isinstance(electrodes, (list, tuple, range, np.ndarray)) else [electrodes])]
        return {"absoluteElectrodes": es} if absolute else {"electrodes": es}

    def stimulate(self, electrodes, amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first", shape="biphasic",
                  count=1, period_us=0, second_amplitude_ua=None, second_phase_us=None, absolute=False):
        """One pulse train through each electrode at once (indices on the culture's MEA, or absolute ones). Returns the Receipt."""
        body = pulse(amplitude_ua, phase_us, interphase_us, polarity, shape, count, period_us, second_amplitude_ua, second_phase_us)
        body.update(self._electrodes(electrodes, absolute))
        return Receipt(self._lab.post(self._path + "/stimulate", body))

    def define_trigger(self, name, electrodes, amplitude_ua, phase_us=200, interphase_us=0, polarity="cathodic-first",
                       shape="biphasic", count=1, period_us=0, second_amplitude_ua=None, second_phase_us=None, absolute=False):
        body = pulse(amplitude_ua, phase_us, interphase_us, polarity, shape, count, period_us, second_amplitude_ua, second_phase_us)
        body.update(self._electrodes(electrodes, absolute))
        return self._lab._call("PUT", self._path + "/triggers/" + str(name), body=body)

    def forget_trigger(self, name):
        return self._lab._call("DELETE", self._path + "/triggers/" + str(name))

    def fire(self, *names):
        """Fires several triggers in one call, in order. Returns {"commands": [Receipt...], "applied_us": first applied time}."""
        r = self._lab.post(self._path + "/fire", {"triggers": [str(n) for n in names]})
        return {"commands": [Receipt(c) for c in r["commands"]], "applied_us": r["appliedMicros"]}

    def count_window(self, after_us=None, window_ms=200, blank_ms=10, absolute=False):
        """Spikes per electrode in [after + blank, after + window) (after: default the applied time of the newest stimulation
        or fired trigger vector), once the window has ended on the lab clock and the array's data is complete up to its end.
        A WindowCounts (a dict electrode -> count, absolute indices if asked, with the window's bounds and gap). Raises
        DataLate when the data is still incomplete 10 s after the window's end; warns DataGapWarning when part of it is a gap."""
        body = {"windowMicros": int(round(window_ms * 1000)), "blankMicros": int(round(blank_ms * 1000))}
        if after_us is not None:
            body["afterMicros"] = int(after_us)
        # a read: the same window counted again gives the same counts (complete data), so a lost connection is asked again
        r = self._lab.post(self._path + "/count-window", body, timeout=self._lab.timeout + window_ms / 1000.0, read=True)
        counts = r.get("absoluteCounts") if absolute else r["counts"]
        if counts is None:
            raise errors.LabValueError("MEA %s defines no absolute electrode indices" % self.mea)
        _warn_gap(r)
        return WindowCounts({int(k): int(v) for k, v in counts.items()}, r)

    def spikes(self, after_us=-1, wait_ms=0, limit=100_000):
        """The culture's spikes later than `after_us` (lab µs) whose data is complete (below the array's watermark, so a
        later read never brings an earlier one), waiting up to `wait_ms` for the first: (times_us, electrodes,
        amplitudes_uv, next_after_us) as numpy arrays and the time to ask after next. Warns DataGapWarning when part of
        the span is a gap in the data."""
        r = self._lab.get(self._path + "/spikes", after=int(after_us), waitMillis=int(wait_ms), limit=int(limit))
        _warn_gap(r)
        return (np.asarray(r["timesMicros"], dtype=np.int64), np.asarray(r["electrodes"], dtype=np.int32),
                np.asarray(r["amplitudesMicrovolts"], dtype=np.float32), r["next"])

    def impedance(self):
        """The culture's electrode impedances (kΩ), measured now: dict electrode -> kΩ."""
        r = self._lab.post(self._path + "/impedance", timeout=max(self._lab.timeout, 120))
        return {int(k): float(v) for k, v in r["kilohms"].items()}

    def state(self):
        return self._lab.get(self._path)

    def lab_time_us(self):
        return self._lab.post(self._path + "/heartbeat", read=True)["labMicros"]

    def close(self):
        """Closes the session: every device it touched returns to its safe state. Closing twice is fine."""
        self._stop.set()
        if self._closed:
            return
        self._closed = True
        try:
            # the lab answers once every device the session touched is in its safe state
            self._lab._call("DELETE", self._path, timeout=max(self._lab.timeout, 300))
        except (errors.NotFound, errors.SessionClosed):
            pass

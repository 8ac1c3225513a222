"""The lab's REST API for notebooks: cultures, bookings, scripts with live progress, recordings as DataFrames, live
spikes as numpy arrays, and remote sessions. Times are the lab's: microseconds of lab time (`*_us`), and seconds in
the DataFrames' `time_s` columns."""
import json
import os
import sys
import time as _time

import numpy as np
import pandas as pd
import requests

from . import errors
from .session import RemoteSession

DEFAULT_URL = "http://127.0.0.1:8080"


class SpikeBatch:
    """One batch of live spikes: numpy arrays of equal length, and how many batches the lab dropped for this client."""

    __slots__ = ("times_us", "electrodes", "dropped")

    def __init__(self, times_us, electrodes, dropped):
        self.times_us, self.electrodes, self.dropped = times_us, electrodes, dropped

    def __len__(self):
        return len(self.times_us)

    def __repr__(self):
        return "SpikeBatch(%d spikes, dropped=%d)" % (len(self), self.dropped)


class Lab:
    """A NeuroLab OS lab over its REST API, authenticated with an API token (`Authorization: Bearer nl_...`).

    `Lab()` reads NEUROLAB_URL (default http://127.0.0.1:8080) and NEUROLAB_TOKEN."""

    def __init__(self, url=None, token=None, timeout=60):
        self.url = (url or os.environ.get("NEUROLAB_URL") or DEFAULT_URL).rstrip("/")
        token = token or os.environ.get("NEUROLAB_TOKEN")
        if not token:
            raise errors.LabPermissionError("an API token is needed (Lab(token=...) or NEUROLAB_TOKEN); make one in the console "
                                            "(Users page) or with POST /api/tokens")
        self.timeout = timeout
        self._http = requests.Session()
        self._http.headers["Authorization"] = "Bearer " + token
        self._http.headers["Accept"] = "application/json"

    # ---- HTTP ------------------------------------------------------------------------------------------------------

    def _call(self, method, path, body=None, params=None, timeout=None, stream=False, http=None, read=None):
        """read: asking again cannot do anything twice (default: GET, PUT and DELETE are; a POST is not unless said so)."""
        http = http or self._http
        if read is None:
            read = method in ("GET", "PUT", "DELETE")
        for attempt in (1, 2):
            try:
                r = http.request(method, self.url + path, json=body, params=params, timeout=timeout or self.timeout, stream=stream)
                break
            except requests.ConnectionError as e:
                # a kept-alive connection the lab had closed: a read is asked again once; a command never is (it may
                # have been carried out), its caller sees the error
                if attempt == 2 or not read:
                    raise errors.LabError("the lab at %s does not answer: %s" % (self.url, e)) from None
        if r.status_code >= 400:
            raise errors.from_response(r)
        return r if stream else (r.json() if r.content else None)

    def get(self, path, **params):
        return self._call("GET", path, params={k: v for k, v in params.items() if v is not None})

    def post(self, path, body=None, timeout=None, http=None, read=False):
        """read=True for a POST that only reads (a count window, a heartbeat): asked again once when the connection was lost."""
        return self._call("POST", path, body=body if body is not None else {}, timeout=timeout, http=http, read=read)

    def _own_connection(self):
        """An HTTP session of its own (for a background thread), with this client's token."""
        s = requests.Session()
        s.headers.update(self._http.headers)
        return s

    # ---- the lab -----------------------------------------------------------------------------------------------------

    def whoami(self):
        return self.get("/api/session")

    def rigs(self):
        return self.get("/api/rigs")

    def organoids(self):
        """Cultures as a DataFrame: id, meaId, electrodes, state, cell line, batch, consent, seeding date."""
        rows = []
        for o in self.get("/api/organoids"):
            p = o.get("provenance") or {}
            rows.append({"id": o["id"], "meaId": o["meaId"], "electrodes": o["electrodes"], "state": o["state"],
                         "holdReason": o.get("holdReason"), **{k: v for k, v in p.items()}})
        return pd.DataFrame(rows)

    def organoid(self, organoid_id):
        return self.get("/api/organoids/" + organoid_id)

    def layout(self, mea_id):
        """An MEA's electrodes as a DataFrame (index, x_um, y_um, diameter_um); .attrs has meaId and sampleRateHz."""
        m = self.get("/api/meas/" + mea_id)
        df = pd.DataFrame([{"index": e["index"], "x_um": e["xMicrons"], "y_um": e["yMicrons"], "diameter_um": e["diameterMicrons"]}
                           for e in m["electrodes"]])
        df.attrs.update({"meaId": m["meaId"], "sampleRateHz": m["sampleRateHz"]})
        return df

    # ---- bookings ------------------------------------------------------------------------------------------------------

    def reservations(self, start=None, end=None, zone=None):
        rows = []
        for v in self.get("/api/reservations", **{"from": _iso(start), "to": _iso(end), "zone": zone}):
            r = dict(v["reservation"])
            r.update({"startLocal": v.get("startLocal"), "endLocal": v.get("endLocal")})
            rows.append(r)
        return pd.DataFrame(rows)

    def book(self, target, start, end, purpose=None):
        """Book an organoid or a whole MEA for [start, end) (datetimes with a zone, or ISO-8601 text with a zone)."""
        return self.post("/api/reservations", {"target": target, "start": _iso(start), "end": _iso(end), "purpose": purpose})

    def cancel(self, reservation_id):
        return self.post("/api/reservations/%d/cancel" % int(reservation_id))

    # ---- scripts -------------------------------------------------------------------------------------------------------

    def scripts(self):
        return pd.DataFrame(self.get("/api/experiments/scripts"))

    def run(self, code=None, name=None, script=None, organoids=(), purpose=None, max_wall_seconds=None, dry_run=False,
            progress=True, poll_s=0.5, timeout_s=None):
        """Runs a script (`code` with a file `name` ending .py or .js, or a library `script`) on the organoids, and waits
        for its record. A run's state and printed output are shown as they come (`progress=True` prints them; a function
        receives each line). A dry run happens on a private simulated rig in virtual time; its record comes at the end.
        Returns the run record (a dict with state, output, error, results, labMicros, provenance)."""
        body = {"organoids": list(organoids)}
        if script is not None:
            body["script"] = script
        else:
            if code is None or name is None:
                raise errors.LabValueError("give code and name (ending .py or .js), or script (a library script's name)")
            body.update({"code": code, "name": name})
        if purpose:
            body["purpose"] = purpose
        if max_wall_seconds:
            body["maxWallSeconds"] = int(max_wall_seconds)
        say = _printer(progress)
        if dry_run:
            say("dry run on a private simulated rig in virtual time …")
            record = self.post("/api/experiments/dry-runs", body, timeout=timeout_s or 3600)
            for line in (record.get("output") or "").splitlines():
                say("  | " + line)
            say("%s: lab time a booking needs %.3f s" % (record["state"], record["labMicros"] / 1e6))
            return record
        record = self.post("/api/experiments/runs", body)
        return self.follow(record["id"], progress, poll_s, timeout_s)

    def follow(self, run_id, progress=True, poll_s=0.5, timeout_s=None):
        """Waits for a run to end, showing its state changes and new output lines as they come."""
        say = _printer(progress)
        shown, state = 0, None
        end = None if timeout_s is None else _time.monotonic() + timeout_s
        while True:
            r = self.get("/api/experiments/runs/" + run_id)
            if r["state"] != state:
                state = r["state"]
                say("run %s %s" % (run_id, state))
            out = r.get("output") or ""
            if len(out) > shown:
                for line in out[shown:].splitlines():
                    say("  | " + line)
                shown = len(out)
            if state in ("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"):
                if r.get("error"):
                    say("error: " + r["error"])
                return r
            if end is not None and _time.monotonic() > end:
                raise errors.LabError("run %s still %s after %s s" % (run_id, state, timeout_s))
            _time.sleep(poll_s)

    def cancel_run(self, run_id):
        return self.post("/api/experiments/runs/%s/cancel" % run_id)

    def runs(self, limit=100):
        return pd.DataFrame(self.get("/api/experiments/runs", limit=limit))

    def submit(self, reservation_id, script):
        """Queues a library script into a reservation's slot (refused when its dry run does not fit)."""
        return self.post("/api/queue", {"reservation": int(reservation_id), "script": script})

    # ---- recordings ------------------------------------------------------------------------------------------------------

    def recordings(self):
        return pd.DataFrame(self.get("/api/recordings"))

    def spikes(self, recording, start_us=None, end_us=None, organoid=None, mea=None, electrode=None, limit=None):
        """A recording's spikes as a DataFrame (time_us, time_s, electrode, amplitude_uv, organoid, mea), oldest first."""
        rows = self.get("/api/recordings/%d/spikes" % int(recording), **_range(start_us, end_us, organoid, mea, electrode, limit))
        return _spike_frame(rows)

    def counts(self, recording, bin_us=100_000, start_us=None, end_us=None, organoid=None, mea=None, electrode=None):
        """Spike counts per bin as a DataFrame (bin_start_us, bin_start_s, count)."""
        c = self.get("/api/recordings/%d/counts" % int(recording), binMicros=int(bin_us), **_range(start_us, end_us, organoid, mea, electrode, None))
        starts = c["fromMicros"] + np.arange(len(c["counts"]), dtype=np.int64) * c["binMicros"]
        return pd.DataFrame({"bin_start_us": starts, "bin_start_s": starts / 1e6, "count": np.asarray(c["counts"], dtype=np.int64)})

    def stimulations(self, recording, start_us=None, end_us=None):
        rows = self.get("/api/recordings/%d/stimulations" % int(recording), **_range(start_us, end_us, None, None, None, None))
        df = pd.DataFrame(rows)
        if not df.empty:
            df["time_s"] = df["timeMicros"] / 1e6
        return df

    def snippets(self, recording, start_us=None, end_us=None, organoid=None, mea=None, electrode=None, limit=1000):
        """Spikes with their stored waveform snippets (µV) as a DataFrame; `snippet_uv` holds a numpy array per spike."""
        rows = self.get("/api/recordings/%d/snippets" % int(recording), **_range(start_us, end_us, organoid, mea, electrode, limit))
        df = _spike_frame(rows)
        df["snippet_uv"] = [np.asarray(r["snippetMicrovolts"], dtype=np.float32) for r in rows]
        return df

    def telemetry(self, device, seconds=600):
        """An incubator sensor's readings of the last `seconds` as a DataFrame (time_us, time_s, temperature_c, co2_percent, humidity_percent)."""
        rows = self.get("/api/telemetry/" + device, seconds=int(seconds))
        return pd.DataFrame({"time_us": [r["timeMicros"] for r in rows], "time_s": [r["timeMicros"] / 1e6 for r in rows],
                             "temperature_c": [r["temperatureCelsius"] for r in rows], "co2_percent": [r["co2Percent"] for r in rows],
                             "humidity_percent": [r["humidityPercent"] for r in rows]})

    def export(self, recording, path, start_us=None, end_us=None, organoid=None):
        """Writes a recording's spikes to `path` as CSV (recording, mea, organoid, electrode, time_us, amplitude_uv); returns the path."""
        r = self._call("GET", "/api/recordings/%d/export" % int(recording), params=_range(start_us, end_us, organoid, None, None, None), stream=True)
        with open(path, "wb") as f:
            for chunk in r.iter_content(1 << 16):
                f.write(chunk)
        return path

    # ---- live ------------------------------------------------------------------------------------------------------------

    def stream_spikes(self, mea, batches=None, seconds=None):
        """Live spikes of an MEA, one SpikeBatch (numpy arrays) per batch as the lab detects them, until `batches` were
        yielded or `seconds` passed (both None: until the caller stops iterating)."""
        end = None if seconds is None else _time.monotonic() + seconds
        r = self._call("GET", "/api/live/" + mea, stream=True, timeout=(10, 5))
        n = 0
        try:
            event = None
            for raw in r.iter_lines(chunk_size=1):
                if end is not None and _time.monotonic() > end:
                    return
                line = raw.decode("utf-8") if raw else ""
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "spikes":
                    d = json.loads(line[6:])
                    yield SpikeBatch(np.asarray(d["timesMicros"], dtype=np.int64), np.asarray(d["electrodes"], dtype=np.int32), d["dropped"])
                    n += 1
                    if batches is not None and n >= batches:
                        return
        finally:
            r.close()

    # ---- remote sessions ---------------------------------------------------------------------------------------------------

    def open_session(self, organoid, purpose=None, heartbeat_s=15, dry_run=False, seed=None):
        """A remote control session on a booked culture (use it in a `with` block): stimulate, triggers, count windows.
        The client sends heartbeats in the background; if it vanishes the lab closes the session after `heartbeat_s`.
        With `dry_run=True` the session works on a private simulated copy of the culture in virtual time (lab time moves
        when a count window waits; the same seed and commands give the same spikes), judged by the ethics policies and
        touching nothing of the lab."""
        body = {"organoid": organoid, "heartbeatSeconds": int(heartbeat_s)}
        if dry_run:
            body["dryRun"] = True
            if seed is not None:
                body["seed"] = int(seed)
        if purpose:
            body["purpose"] = purpose
        return RemoteSession(self, self.post("/api/remote-sessions", body))

    def sessions(self):
        return self.get("/api/remote-sessions")


def _printer(progress):
    if callable(progress):
        return progress
    if progress:
        return lambda line: (print(line), sys.stdout.flush())
    return lambda line: None


def _iso(t):
    if t is None or isinstance(t, str):
        return t
    if getattr(t, "tzinfo", None) is None:
        raise errors.LabValueError("a time needs its zone (datetime with tzinfo), was %r" % (t,))
    return t.isoformat()


def _range(start_us, end_us, organoid, mea, electrode, limit):
    p = {"from": None if start_us is None else int(start_us), "to": None if end_us is None else int(end_us),
         "organoid": organoid, "mea": mea, "electrode": None if electrode is None else int(electrode),
         "limit": None if limit is None else int(limit)}
    return {k: v for k, v in p.items() if v is not None}


def _spike_frame(rows):
    t = np.fromiter((r["timeMicros"] for r in rows), dtype=np.int64, count=len(rows))
    return pd.DataFrame({"time_us": t, "time_s": t / 1e6,
                         "electrode": np.fromiter((r["electrode"] for r in rows), dtype=np.int32, count=len(rows)),
                         "amplitude_uv": np.fromiter((r["amplitudeMicrovolts"] for r in rows), dtype=np.float32, count=len(rows)),
                         "organoid": [r["organoidId"] for r in rows], "mea": [r["meaId"] for r in rows]})

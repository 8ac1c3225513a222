"""Reads NeuroLab exports back with the tools neuroscientists use (Debian's python3-neo, numpy) and prints what
they see as JSON, for ExportReadersTest to compare with the store. Usage: read_exports.py openephys|phy FOLDER"""
import json
import sys
from pathlib import Path

import numpy as np


def openephys(folder):
    from neo.rawio import OpenEphysBinaryRawIO
    r = OpenEphysBinaryRawIO(dirname=str(folder))
    r.parse_header()
    out = {"signal_streams": [], "events": {}, "spikes": {}}
    for i, s in enumerate(r.header["signal_streams"]):
        n = r.get_signal_size(0, 0, i)
        chans = r.header["signal_channels"][r.header["signal_channels"]["stream_id"] == s["id"]]
        chunk = r.get_analogsignal_chunk(0, 0, 0, min(n, 1000), stream_index=i)
        uv = r.rescale_signal_raw_to_float(chunk, dtype="float64", stream_index=i)
        out["signal_streams"].append({"name": str(s["name"]), "samples": int(n), "channels": [str(c) for c in chans["name"]],
                                      "t_start": float(r.get_signal_t_start(0, 0, i)), "first_uv": [float(v) for v in uv[0]]})
    for i, e in enumerate(r.header["event_channels"]):
        ts, durations, labels = r.get_event_timestamps(0, 0, i)
        times = r.rescale_event_timestamp(ts, dtype="float64", event_channel_index=i)
        out["events"][str(e["name"])] = {"times": [float(t) for t in times],
                                        "durations": None if durations is None else [float(d) for d in durations]}
    # Neo 0.11 does not read Open Ephys spikes: read them as the format documents them
    rec = next(Path(folder).rglob("structure.oebin")).parent
    for d in json.loads((rec / "structure.oebin").read_text())["spikes"]:
        sd = rec / "spikes" / d["folder_name"]
        ts = np.load(sd / "timestamps.npy")
        wf = np.load(sd / "waveforms.npy")
        out["spikes"][d["stream_name"]] = {"times": [float(t) for t in ts], "electrodes": [int(e) for e in np.load(sd / "electrode_indices.npy")],
                                           "waveform_shape": list(wf.shape)}
    return out


def phy(folder):
    from neo.rawio import PhyRawIO
    out = {}
    for d in sorted(p for p in Path(folder, "phy").iterdir() if p.is_dir()):
        r = PhyRawIO(dirname=str(d))
        r.parse_header()
        units = {}
        for i, u in enumerate(r.header["spike_channels"]):
            ts = r.get_spike_timestamps(0, 0, i, None, None)
            units[str(u["id"])] = [float(t) for t in r.rescale_spike_timestamp(ts, dtype="float64")]
        templates = np.load(d / "templates.npy")
        waves = np.load(d / "spike_waveforms.npy")
        out[d.name] = {"units": units, "sample_rate": float(r._sampling_frequency), "templates_shape": list(templates.shape),
                       "waveforms_shape": list(waves.shape), "channel_positions": np.load(d / "channel_positions.npy").tolist(),
                       "params": (d / "params.py").read_text()}
    return out


if __name__ == "__main__":
    kind, folder = sys.argv[1], sys.argv[2]
    print(json.dumps(openephys(folder) if kind == "openephys" else phy(folder)))

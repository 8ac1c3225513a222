"""Reads a NeuroLab NWB export back as a neuroscientist's tools do and prints what it holds as JSON, for the tests
to compare with the store and the REST API. Usage: read_nwb.py FILE.nwb

- h5py (Debian's python3-h5py): the file's structure as the NWB 2.7 schema lays it out (typed objects with namespace,
  neurodata_type and object_id; the DynamicTableRegion and VectorIndex references followed) and its numbers.
- hdmf (Debian's python3-hdmf, without pynwb, whose NWB schema Debian does not package): every table (electrodes,
  units, stimulations, invalid_times) is validated against the hdmf-common schema as a DynamicTable and read back with
  hdmf's own object mapper (to_dataframe: ragged columns through their indices, regions through their table).
"""
import json
import shutil
import sys
import tempfile
import warnings

import h5py
import numpy as np


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def typed(f):
    out = {}

    def visit(name, obj):
        if "neurodata_type" in obj.attrs:
            out["/" + name] = {"namespace": text(obj.attrs.get("namespace", "")), "neurodata_type": text(obj.attrs["neurodata_type"]),
                               "object_id": text(obj.attrs.get("object_id", ""))}
    f.visititems(visit)
    out["/"] = {k: text(f.attrs[k]) for k in ("namespace", "neurodata_type", "nwb_version", "object_id")}
    return out


def column(table, name):
    """A table's column as rows: ragged ones through their VectorIndex, regions as the target table's rows."""
    data = table[name][()]
    if name + "_index" in table:
        ends = table[name + "_index"][()].astype(np.int64)
        starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)
        return [data[s:e] for s, e in zip(starts, ends)]
    return list(data)


def tables(f, path):
    t = f[path]
    cols = [text(c) for c in t.attrs["colnames"]]
    return {"columns": cols, "rows": int(t["id"].shape[0]), "description": text(t.attrs["description"])}


def main(path):
    f = h5py.File(path, "r")
    out = {"typed": typed(f), "groups": sorted(k for k in f.keys())}
    out["identifier"] = text(f["identifier"][()])
    out["session_start_time"] = text(f["session_start_time"][()])
    out["timestamps_reference_time"] = text(f["timestamps_reference_time"][()])
    out["general"] = sorted(f["general"].keys())
    out["subject"] = {k: text(v[()]) for k, v in f["general/subject"].items()}
    el = f["general/extracellular_ephys/electrodes"]
    groups = [f[r].name for r in el["group"][()]]
    out["electrodes"] = dict(tables(f, el.name), group=groups, group_name=[text(v) for v in el["group_name"][()]],
                             electrode=[int(v) for v in el["electrode"][()]], x=[float(v) for v in el["x"][()]], y=[float(v) for v in el["y"][()]],
                             culture=[text(v) for v in el["culture"][()]])
    out["devices"] = {n: text(g.attrs.get("description", "")) for n, g in f["general/devices"].items()}
    # a soft link to the array's Device, which it must reach
    out["group_device"] = {n: g.get("device", getlink=True).path + " -> " + text(g["device"].attrs["neurodata_type"])
                           for n, g in f["general/extracellular_ephys"].items() if n != "electrodes"}
    out["series"] = {}
    for name, es in f["acquisition"].items():
        d = es["data"]
        rows = es["electrodes"][()]
        target = f[es["electrodes"].attrs["table"]]
        s = {"shape": list(d.shape), "dtype": str(d.dtype), "unit": text(d.attrs["unit"]), "conversion": float(d.attrs["conversion"]),
             "electrodes": [int(target["electrode"][r]) for r in rows], "table": target.name,
             "first_uv": [float(v) * float(d.attrs["conversion"]) * 1e6 for v in d[0]]}
        if "starting_time" in es:
            s["starting_time"] = float(es["starting_time"][()])
            s["rate"] = float(es["starting_time"].attrs["rate"])
        else:
            ts = es["timestamps"]
            s["timestamps_first_last"] = [float(ts[0]), float(ts[-1])]
        out["series"][name] = s
    if "units" in f:
        u = f["units"]
        etable = f[u["electrodes"].attrs["table"]]
        times = column(u, "spike_times")
        units = []
        for i, rows in enumerate(column(u, "electrodes")):
            units.append({"id": int(u["id"][i]), "electrode": int(etable["electrode"][rows[0]]), "mea": text(etable["group_name"][rows[0]]),
                          "group": f[u["electrode_group"][i]].name, "spike_times": [float(t) for t in times[i]]})
        out["units"] = dict(tables(f, "/units"), units=units)
        if "waveforms" in u:
            per_unit = column(u, "waveforms_index")  # each unit's spikes, as rows of waveforms_index
            out["units"]["waveforms_shape"] = list(u["waveforms"].shape)
            out["units"]["waveform_mean_shape"] = list(u["waveform_mean"].shape)
            out["units"]["waveforms_per_unit"] = [len(r) for r in per_unit]
            out["units"]["waveform_mean_min_uv"] = [float(np.min(m)) * 1e6 for m in u["waveform_mean"][()]]
            out["units"]["sampling_rate"] = float(u["waveforms"].attrs["sampling_rate"])
    for name in ("stimulations", "invalid_times"):
        if "intervals" in f and name in f["intervals"]:
            t = f["intervals/" + name]
            r = dict(tables(f, t.name), start_time=[float(v) for v in t["start_time"][()]], stop_time=[float(v) for v in t["stop_time"][()]],
                     mea=[text(v) for v in t["mea"][()]])
            if "electrodes" in t:
                etable = f[t["electrodes"].attrs["table"]]
                r["electrodes"] = [[int(etable["electrode"][x]) for x in rows] for rows in column(t, "electrodes")]
            if "reason" in t:
                r["reason"] = [text(v) for v in t["reason"][()]]
            out[name] = r
    f.close()
    out["hdmf"] = hdmf_check(path)
    return out


TABLES = ["general/extracellular_ephys/electrodes", "units", "intervals/stimulations", "intervals/invalid_times"]


def hdmf_check(path):
    """hdmf-common has DynamicTable, VectorData, VectorIndex, DynamicTableRegion, ElementIdentifiers; NWB's own types
    extend them (Units, TimeIntervals) or are containers. A copy names each object by its hdmf-common type the way hdmf
    files do (data_type), so hdmf validates and reads the tables without the NWB schema."""
    from hdmf.backends.hdf5 import HDF5IO
    from hdmf.common import get_manager, get_type_map
    from hdmf.validate import ValidatorMap

    tmp = tempfile.NamedTemporaryFile(suffix=".h5", delete=False).name
    shutil.copyfile(path, tmp)
    with h5py.File(tmp, "r+") as f:
        def retype(name, obj):
            t = obj.attrs.get("neurodata_type")
            if t is None:
                return
            t = text(t)
            del obj.attrs["neurodata_type"]
            if text(obj.attrs["namespace"]) == "core":
                t = "DynamicTable" if t in ("Units", "TimeIntervals") else "Container" if isinstance(obj, h5py.Group) else "Data"
                obj.attrs["namespace"] = "hdmf-common"
            obj.attrs["data_type"] = t
        f.visititems(retype)
        for k in ("neurodata_type", "namespace"):
            del f.attrs[k]
    out = {"errors": [], "tables": {}}
    ns = get_type_map().namespace_catalog.get_namespace("hdmf-common")
    vmap = ValidatorMap(ns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        io = HDF5IO(tmp, manager=get_manager(), mode="r")
        root = io.read_builder()
        for p in TABLES:
            b = root
            try:
                for part in p.split("/"):
                    b = b[part]
            except KeyError:
                continue
            out["errors"] += [p + ": " + str(e) for e in vmap.validate(b)]
            table = io.manager.construct(b)
            df = table.to_dataframe(index=True) if p != "units" else table.to_dataframe()
            entry = {"type": type(table).__name__, "rows": len(df), "columns": [str(c) for c in df.columns]}
            if p == "units":
                entry["spike_counts"] = [len(v) for v in df["spike_times"]]
            if p == "intervals/stimulations":
                entry["start_time"] = [float(v) for v in df["start_time"]]
            out["tables"][p] = entry
        io.close()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))

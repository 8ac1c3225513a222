"""`import cl` inside a run: a CL-style closed loop (scripts/cl_closed_loop.py) dry-run beside the same loop on the
lab's own API on the same seed, in virtual time; the lab's command path refuses what the culture does not allow."""
import os

import pytest

SCRIPTS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "scripts")
CL_CULTURE = "sim-mea0-o1"  # electrodes 8..15: the channels the CL app names


def _read(name):
    with open(os.path.join(SCRIPTS, name)) as f:
        return f.read()


def test_a_cl_closed_loop_gives_what_the_native_api_gives_on_the_same_seed(lab):
    cl_run = lab.run(code=_read("cl_closed_loop.py"), name="cl_closed_loop.py", organoids=[CL_CULTURE], dry_run=True, progress=False)
    native = lab.run(code=_read("cl_closed_loop_native.py"), name="cl_closed_loop_native.py", organoids=[CL_CULTURE], dry_run=True, progress=False)
    assert cl_run["state"] == "SUCCEEDED", cl_run["error"]
    assert native["state"] == "SUCCEEDED", native["error"]
    assert cl_run["results"]["ticks"] == 500
    assert cl_run["results"]["spikes"] > 0 and cl_run["results"]["stims"] > 0, cl_run["results"]
    assert cl_run["results"] == native["results"]
    assert cl_run["labMicros"] == native["labMicros"]


def test_a_cl_app_runs_on_the_lab_and_the_command_path_refuses_channels_off_the_culture(lab):
    code = _read("cl_closed_loop.py").replace("stop_after_seconds=5", "stop_after_seconds=1")
    r = lab.run(code=code, name="cl_closed_loop.py", organoids=[CL_CULTURE], progress=False)
    assert r["state"] == "SUCCEEDED", r["error"]
    assert r["results"]["ticks"] == 100
    off = lab.run(code="import cl\nwith cl.open() as n:\n    n.stim(cl.ChannelSet(40), cl.StimDesign(160, -1.0, 160, 1.0))\n",
                  name="cl_off.py", organoids=[CL_CULTURE], progress=False)
    assert off["state"] == "FAILED" and "40" in off["error"] and "refused" in off["error"], off["error"]
    over = lab.run(code="import cl\nwith cl.open() as n:\n    n.stim(9, cl.StimDesign(160, -3.5, 160, 3.5))\n",
                   name="cl_over.py", organoids=[CL_CULTURE], progress=False)
    assert over["state"] == "FAILED" and "3.000 uA" in over["error"], over["error"]


def test_a_cl_app_records_and_a_script_reads_spikes_back_from_the_store(lab):
    code = """
import cl
with cl.open() as neurons:
    recording = neurons.record(stop_after_seconds=1.5)
    for tick in neurons.loop(100, stop_after_seconds=1):
        pass
    done = recording.wait_until_stopped()
lab.result("recorded", done["spikes"])
lab.result("recording", done["id"])
o = lab.organoids()[0]
stored = lab.stored_spikes(o, 0, lab.now())
lab.result("stored", stored["count"])
lab.result("ordered", stored["times"] == sorted(stored["times"]))
"""
    r = lab.run(code=code, name="cl_record.py", organoids=[CL_CULTURE], progress=False)
    assert r["state"] == "SUCCEEDED", r["error"]
    assert r["results"]["recording"] > 0 and r["results"]["recorded"] >= 0, r["results"]
    assert r["results"]["stored"] > 0, "the lab's own recording holds the culture's spikes: %s" % r["results"]
    assert r["results"]["ordered"]

"""The FinalSpark layer: a Neuroplatform StimScan script run with only its imports and token changed, beside the same
scan on the lab's own client; the Neuroplatform's closed-loop example (set_count / read_count); a refusal by the lab's
safety rules naming the policy."""
import os
import runpy
import time

import numpy as np
import pytest

import neurolab
from neurolab.compat import finalspark as fs

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "examples")


def test_a_stimscan_written_for_the_neuroplatform_runs_unchanged_but_for_its_imports(lab, organoid, capsys, monkeypatch):
    monkeypatch.setenv("STIMSCAN_REPEATS", "2")
    ported = runpy.run_path(os.path.join(EXAMPLES, "finalspark_stimscan.py"))["results"]
    native = runpy.run_path(os.path.join(EXAMPLES, "native_stimscan.py"))["results"]
    out = capsys.readouterr().out
    assert "Electrodes: [" in out and "spike events stored during the scan" in out, out
    assert len(ported) == len(native) == 2 * 3 * 2 * 2
    key = ["channel", "amplitude", "duration", "polarity"]
    assert ported[key].values.tolist() == native[key].values.tolist(), "the same parameter sets on the same electrodes"
    for r in (ported, native):
        assert (r["evoked"] >= 0).all() and r["evoked"].notna().all()


def test_in_virtual_time_the_ported_scan_gives_exactly_what_the_native_scan_gives_on_the_same_seed(lab, organoid, monkeypatch):
    monkeypatch.setenv("STIMSCAN_REPEATS", "2")
    monkeypatch.setenv("NEUROLAB_DRY_RUN", "1")
    monkeypatch.setenv("NEUROLAB_SEED", "7")
    ported = runpy.run_path(os.path.join(EXAMPLES, "finalspark_stimscan.py"))["results"]
    native = runpy.run_path(os.path.join(EXAMPLES, "native_stimscan.py"))["results"]
    assert len(ported) == 24
    assert ported.to_dict("records") == native.to_dict("records")
    assert ported["evoked"].sum() > 0, ported
    monkeypatch.setenv("NEUROLAB_SEED", "8")
    other = runpy.run_path(os.path.join(EXAMPLES, "native_stimscan.py"))["results"]
    assert other["evoked"].tolist() != native["evoked"].tolist(), "another seed, other cultures"


def test_the_neuroplatform_closed_loop_example_reads_counts_after_triggers(lab, organoid):
    exp = fs.Experiment(os.environ["NEUROLAB_TOKEN"])
    assert exp.exp_name == organoid and len(exp.electrodes) == 8
    p = fs.StimParam()
    p.index = exp.electrodes[0]
    p.trigger_key = 0
    p.phase_amplitude1 = 2.0
    p.phase_amplitude2 = 2.0
    intan = fs.IntanSofware()
    trigger_gen = fs.Trigger()
    intan.set_count([0, 1])
    try:
        assert exp.start()
        intan.send_stimparam([p])
        t0 = np.zeros(16, dtype=np.uint8)
        t0[0] = 1
        t1 = np.zeros(16, dtype=np.uint8)
        t1[1] = 1
        with_stim, read_only = [], []
        for _ in range(3):
            trigger_gen.send(t0)
            time.sleep(0.2)
            c = intan.read_count()
            assert c.shape == (128,) and c.dtype == np.int64
            assert c[[e for e in range(128) if e not in exp.electrodes]].sum() == 0, "only the experiment's electrodes count"
            with_stim.append(int(c[exp.electrodes].sum()))
            trigger_gen.send(t1)
            time.sleep(0.2)
            read_only.append(int(intan.read_count()[exp.electrodes].sum()))
        assert all(n >= 0 for n in with_stim + read_only)
        with pytest.raises(neurolab.LabValueError, match="16 entries"):
            trigger_gen.send(np.zeros(8, dtype=np.uint8))
        p.enable = False
        intan.send_stimparam([p])
    finally:
        trigger_gen.close()
        intan.close()
        exp.stop()


def test_what_the_labs_safety_rules_refuse_names_the_policy(lab, organoid):
    exp = fs.Experiment(os.environ["NEUROLAB_TOKEN"])
    p = fs.StimParam()
    p.index = exp.electrodes[1]
    p.trigger_key = 3
    p.phase_amplitude1 = p.phase_amplitude2 = 15.0
    p.phase_duration1 = p.phase_duration2 = 300
    intan, trigger = fs.IntanSofware(), fs.Trigger()
    try:
        exp.start()
        intan.send_stimparam([p])
        keys = np.zeros(16, dtype=np.uint8)
        keys[3] = 1
        with pytest.raises(neurolab.CommandRefused) as refused:
            trigger.send(keys)
        assert refused.value.refused_by == "ethics" and "policy stim." in str(refused.value), str(refused.value)
        p.trigger_delay = 500
        with pytest.raises(neurolab.LabValueError, match="trigger_delay must be 0"):
            intan.send_stimparam([p])
        with pytest.raises(neurolab.LabValueError, match="not among this experiment's electrodes"):
            q = fs.StimParam()
            q.index = 127 if 127 not in exp.electrodes else 0
            intan.send_stimparam([q])
    finally:
        exp.stop()


def test_stim_shapes_map_to_the_labs_pulses():
    p = fs.StimParam()
    p.stim_shape = fs.StimShape.Triphasic
    p.polarity = fs.StimPolarity.PositiveFirst
    body = p._pulse()
    assert body["shape"] == "triphasic" and body["polarity"] == "anodic-first" and body["count"] == 1
    p.stim_shape = fs.StimShape.BiphasicWithInterphaseDelay
    p.interphase_delay = 50
    p.nb_pulse = 5
    p.pulse_train_period = 20000
    body = p._pulse()
    assert body["interphaseMicros"] == 50 and body["count"] == 5 and body["periodMicros"] == 20000
    p.stim_shape = fs.StimShape.Biphasic
    assert p._pulse()["interphaseMicros"] == 0, "a plain biphasic pulse has no interphase delay"

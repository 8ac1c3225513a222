# A stimulation parameter scan (amplitude x phase duration x polarity) written for FinalSpark's Neuroplatform, as its
# documentation shows the API; on NeuroLab OS only the import line and the token changed (the token comes from the
# environment here so the example carries none). Prints one line per parameter set and electrode; leaves `results`.
import os
import time
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from neurolab.compat.finalspark import Experiment, IntanSofware, StimParam, StimPolarity, StimShape, Trigger, Database

token = os.environ["NEUROLAB_TOKEN"]
exp = Experiment(token)
print(f"Electrodes: {exp.electrodes}")

AMPLITUDES = [1.0, 2.0, 3.0]
DURATIONS = [100, 200]
POLARITIES = [StimPolarity.NegativeFirst, StimPolarity.PositiveFirst]
CHANNELS = exp.electrodes[:2]
REPEATS = int(os.environ.get("STIMSCAN_REPEATS", "3"))

intan = IntanSofware()
trigger_gen = Trigger()
results = []
try:
    if exp.start():
        start = datetime.now(timezone.utc)
        intan.set_count([0])
        for channel in CHANNELS:
            for amplitude in AMPLITUDES:
                for duration in DURATIONS:
                    for polarity in POLARITIES:
                        param = StimParam()
                        param.index = channel
                        param.trigger_key = 0
                        param.polarity = polarity
                        param.stim_shape = StimShape.Biphasic
                        param.phase_amplitude1 = amplitude
                        param.phase_amplitude2 = amplitude
                        param.phase_duration1 = duration
                        param.phase_duration2 = duration
                        intan.send_stimparam([param])
                        trigger = np.zeros(16, dtype=np.uint8)
                        trigger[0] = 1
                        counts = []
                        for _ in range(REPEATS):
                            trigger_gen.send(trigger)
                            time.sleep(0.2)
                            counts.append(intan.read_count())
                        evoked = np.mean([c[exp.electrodes].sum() for c in counts])
                        results.append({"channel": channel, "amplitude": amplitude, "duration": duration,
                                        "polarity": polarity.name, "evoked": evoked})
                        print(f"channel {channel} {amplitude} uA {duration} us {polarity.name}: {evoked:.1f} spikes")
                        param.enable = False
                        intan.send_stimparam([param])
        stop = datetime.now(timezone.utc)
        db = Database()
        events = db.get_spike_event(start, stop, exp.exp_name)
        print(f"{len(events)} spike events stored during the scan")
finally:
    trigger_gen.close()
    intan.close()
    exp.stop()

results = pd.DataFrame(results)

# The same scan with the lab's own client: a remote session, named triggers and count windows. Leaves `results`.
import os

import numpy as np
import pandas as pd

import neurolab

lab = neurolab.Lab()  # NEUROLAB_URL, NEUROLAB_TOKEN
organoid = os.environ["NEUROLAB_ORGANOIDS"].split(",")[0]
REPEATS = int(os.environ.get("STIMSCAN_REPEATS", "3"))
results = []
DRY_RUN = os.environ.get("NEUROLAB_DRY_RUN", "") not in ("", "0", "false")
SEED = int(os.environ["NEUROLAB_SEED"]) if os.environ.get("NEUROLAB_SEED") else None
with lab.open_session(organoid, dry_run=DRY_RUN, seed=SEED) as s:
    for channel in s.electrodes[:2]:
        for amplitude in (1.0, 2.0, 3.0):
            for duration in (100, 200):
                for polarity in ("cathodic-first", "anodic-first"):
                    evoked = []
                    for _ in range(REPEATS):
                        s.stimulate([channel], amplitude, phase_us=duration, polarity=polarity)
                        evoked.append(sum(s.count_window(window_ms=200, blank_ms=10).values()))
                    results.append({"channel": s.absolute_electrodes[s.electrodes.index(channel)], "amplitude": amplitude,
                                    "duration": duration, "polarity": "NegativeFirst" if polarity == "cathodic-first" else "PositiveFirst",
                                    "evoked": float(np.mean(evoked))})
results = pd.DataFrame(results)
print(results.groupby("amplitude")["evoked"].mean())

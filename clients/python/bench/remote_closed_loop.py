"""Closed loop over the client on localhost: a remote session long-polls the culture's spikes and answers each new
spike batch with a stimulation; latency = the stimulation's applied lab time minus the newest spike's lab time (the
lab's clock is the wall clock on a paced rig), so it counts detection, the HTTP round trips, the command path with its
guards and audit journal, and the rig. Prints p50/p99/max in ms with the machine's load.

    /usr/bin/python3 clients/python/bench/remote_closed_loop.py --organoid sim-mea0-o1 [--responses 300]
(NEUROLAB_URL, NEUROLAB_TOKEN: a researcher's API token; the culture must be booked by that user where bookings count)"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import neurolab  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--organoid", default="sim-mea0-o1")
    ap.add_argument("--responses", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=30)
    a = ap.parse_args()
    lab = neurolab.Lab()
    latencies, to_issue = [], []
    with lab.open_session(a.organoid) as s:
        after = s.lab_time_us()
        electrode = s.electrodes[0]
        while len(latencies) < a.responses + a.warmup:
            times, _, _, nxt = s.spikes(after_us=after, wait_ms=2000)
            if len(times) == 0:
                continue
            after = nxt
            sent = time.perf_counter()
            r = s.stimulate([electrode], 1.0, phase_us=100)
            to_issue.append((time.perf_counter() - sent) * 1e3)
            latencies.append((r.applied_us - int(times[-1])) / 1e3)
    lat = np.array(latencies[a.warmup:])
    rtt = np.array(to_issue[a.warmup:])
    load = os.getloadavg()
    print("remote closed loop, %d responses after %d warm-up, load %.2f %.2f %.2f" % (len(lat), a.warmup, *load))
    print("  spike -> stimulation applied (lab time): p50 %.2f ms  p99 %.2f ms  max %.2f ms" % (np.percentile(lat, 50), np.percentile(lat, 99), lat.max()))
    print("  stimulate round trip (client wall):      p50 %.2f ms  p99 %.2f ms" % (np.percentile(rtt, 50), np.percentile(rtt, 99)))


if __name__ == "__main__":
    main()

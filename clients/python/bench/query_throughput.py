"""Client query throughput: spikes of a recording into a pandas DataFrame (HTTP, JSON, DataFrame), spikes per second.

    /usr/bin/python3 clients/python/bench/query_throughput.py [--recording ID] [--repeats 5]"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import neurolab  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--recording", type=int, default=None)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--limit", type=int, default=100_000)
    a = ap.parse_args()
    lab = neurolab.Lab()
    # default: of the recordings this user may read (the lab's automatic one is the operators'), the one holding the most spikes
    if a.recording is not None:
        rec = a.recording
    else:
        recs = lab.recordings()
        if recs.empty:
            sys.exit("no recording this user may read: record one (lab.start_recording in a run) or pass --recording")
        rec = int(recs.loc[recs["acknowledged"].apply(lambda ack: (ack or {}).get("spikes", 0)).idxmax(), "id"])
    rates, n = [], 0
    for _ in range(a.repeats):
        t = time.perf_counter()
        df = lab.spikes(rec, limit=a.limit)
        dt = time.perf_counter() - t
        n = len(df)
        rates.append(n / dt)
    rates.sort()
    load = os.getloadavg()
    print("query throughput, recording %d, %d spikes per query, %d queries, load %.2f %.2f %.2f" % (rec, n, a.repeats, *load))
    print("  spikes into a DataFrame: median %.0f /s  best %.0f /s" % (rates[len(rates) // 2], rates[-1]))


if __name__ == "__main__":
    main()

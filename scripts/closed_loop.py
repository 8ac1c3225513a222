# Closed loop: whenever the organoid fires on its first electrode, stimulate its last electrode, at most
# once every 200 ms. Runs for 10 s of lab time and reports how often the loop fired and how quickly.
organoid = lab.organoids()[0]
electrodes = lab.electrodes(organoid)
watch, stimulate_on = electrodes[0], electrodes[-1]
state = {"last": -1e9, "triggers": 0, "latency_ms": []}

def on_spikes(batch):
    for i in range(batch.count):
        t = batch.times[i]
        if batch.electrodes[i] == watch and t - state["last"] >= 200:
            lab.stimulate(organoid, [stimulate_on], 8.0, phase_us=200)
            state["latency_ms"].append(lab.now() - t)
            state["last"] = t
            state["triggers"] += 1

lab.on_spikes(organoid, on_spikes)
lab.wait(10_000)
ticks = lab.loop(1.0, 200.0, lambda i, now: None)

latencies = sorted(state["latency_ms"])
lab.result("triggers", state["triggers"])
lab.result("median_latency_ms", latencies[len(latencies) // 2] if latencies else None)
lab.result("loop_lateness_us", {"p50": ticks.p50, "p99": ticks.p99, "max": ticks.max})

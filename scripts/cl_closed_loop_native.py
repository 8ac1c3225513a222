# cl_closed_loop.py with the lab's own API: the same ticks (wait to each tick's end, read its spikes), the same rule.
# Dry-run on the same seed, both give the same results (the Python client's tests compare them).
o = lab.organoids()[0]
TICK_MS = 10
THRESHOLD = 3
REFRACTORY_TICKS = 10

stims, spikes, last = 0, 0, -REFRACTORY_TICKS
t0 = lab.now()
for i in range(500):
    end = t0 + (i + 1) * TICK_MS
    ahead = end - lab.now()  # read the clock once: on a paced rig it moves between two reads
    if ahead > 0:
        lab.wait(ahead)
    n = lab.spikes(o, t0 + i * TICK_MS, end)["count"]
    spikes += n
    if n >= THRESHOLD and i - last >= REFRACTORY_TICKS:
        lab.stimulate(o, [9], 1.0, phase_us=160)
        stims += 1
        last = i

lab.result("ticks", 500)
lab.result("spikes", spikes)
lab.result("stims", stims)

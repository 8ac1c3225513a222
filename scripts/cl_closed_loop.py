# A closed loop written for Cortical Labs' CL API (cl-sdk), run inside the lab with its import unchanged: `import cl`
# gives the run's culture as Neurons (channels = electrodes of its array; here for sim-mea0-o1, electrodes 8..15).
# Every 10 ms tick: when the tick's spikes reach a threshold, answer with a biphasic pulse on channel 9, at most every 100 ms.
import cl
from cl import ChannelSet, StimDesign

TICKS_PER_SECOND = 100
THRESHOLD = 3
REFRACTORY_TICKS = 10

stims, spikes, ticks, last = 0, 0, 0, -REFRACTORY_TICKS
with cl.open() as neurons:
    for tick in neurons.loop(TICKS_PER_SECOND, stop_after_seconds=5):
        ticks += 1
        spikes += len(tick.analysis.spikes)
        if len(tick.analysis.spikes) >= THRESHOLD and tick.iteration - last >= REFRACTORY_TICKS:
            neurons.stim(ChannelSet(9), StimDesign(160, -1.0, 160, 1.0))
            stims += 1
            last = tick.iteration

lab.result("ticks", ticks)
lab.result("spikes", spikes)
lab.result("stims", stims)

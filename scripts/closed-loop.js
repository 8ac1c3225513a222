// Closed loop: whenever the organoid fires on its first electrode, stimulate its last electrode, at most
// once every 200 ms. Runs for 10 s of lab time and reports how often the loop fired and how quickly.
const organoid = lab.organoids()[0];
const electrodes = lab.electrodes(organoid);
const watch = electrodes[0], stimulateOn = electrodes[electrodes.length - 1];
let last = -1e9, triggers = 0;
const latencyMs = [];

lab.onSpikes(organoid, (batch) => {
    for (let i = 0; i < batch.count; i++) {
        const t = batch.times[i];
        if (batch.electrodes[i] === watch && t - last >= 200) {
            lab.stimulate(organoid, [stimulateOn], 8, {phaseUs: 200});
            latencyMs.push(lab.now() - t);
            last = t;
            triggers++;
        }
    }
});
lab.wait(10000);
const ticks = lab.loop(1, 200, (i, now) => {});

latencyMs.sort((a, b) => a - b);
lab.result('triggers', triggers);
lab.result('medianLatencyMs', latencyMs.length ? latencyMs[Math.floor(latencyMs.length / 2)] : null);
lab.result('loopLatenessUs', {p50: ticks.p50, p99: ticks.p99, max: ticks.max});

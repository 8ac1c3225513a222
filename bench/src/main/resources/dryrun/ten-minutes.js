// Ten lab minutes of a monitoring experiment: a test pulse every 10 s, the response counted in the 100 ms after it.
const o = lab.organoids()[0];
const e = lab.electrodes(o);
const responses = [];
for (let i = 0; i < 60; i++) {
  lab.stimulate(o, [e[2]], 20);
  const t = lab.now();
  lab.wait(10000);
  responses.push(lab.spikeCounts(o, t, t + 100, 100)[0]);
}
lab.result('responses', responses);
lab.result('spikes', lab.spikes(o, 0, lab.now()).count);

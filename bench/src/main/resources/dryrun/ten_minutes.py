# Ten lab minutes of a monitoring experiment (as ScriptingIT dry-runs it): a test pulse every 10 s, the response
# counted in the 100 ms after it.
o = lab.organoids()[0]
e = lab.electrodes(o)
responses = []
for i in range(60):
    lab.stimulate(o, [e[2]], 20)
    t = lab.now()
    lab.wait(10000)
    responses.append(lab.spike_counts(o, t, t + 100, 100)[0])
lab.result("responses", responses)
lab.result("spikes", lab.spikes(o, 0, lab.now())["count"])

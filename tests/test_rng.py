"""The named streams: each purpose's generator or dice as ``SeedSequence(seed).spawn`` gives
them, whatever was run before with the same seed."""

import numpy as np

from sim.rng import GENERATORS, PURPOSES, Streams


def test_streams_are_the_spawned_children_of_the_seed_every_time():
    children = dict(zip(PURPOSES, np.random.SeedSequence(11).spawn(len(PURPOSES))))
    first = Streams(11)
    first["population"].random(5)  # drawing in one run changes nothing for the next
    for streams in (first, Streams(11)):
        for name in PURPOSES:
            if name in GENERATORS:
                continue
            assert streams.dice(name).key == children[name].generate_state(1, np.uint64)[0]
    second = Streams(11)
    assert second["population"] is not first["population"]
    for name in GENERATORS:
        expected = np.random.default_rng(children[name]).random(3)
        np.testing.assert_array_equal(second[name].random(3), expected)
    assert Streams(12).dice("contact").key != second.dice("contact").key

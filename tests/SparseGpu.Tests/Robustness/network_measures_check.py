# Independent recomputation of robustness.csv's network measures with networkx, from `sparsegpu export` edge lists.
# argv: trained edge list, layer sizes "784,60,40,10", cases (JSON), the source cap of the weighted efficiency.
# Each case: {"key", "perturbation", "level", "repeat", "efficiency", "file": the edge list of the network the
# program evaluated}.
# For weight-order and reverse-weight-order the removed links are recomputed here from the trained weights and the
# program's network must be exactly what is left (the removal order); for random removal the program's network is
# checked to be a nested random subset of the right size. The measures are those of the network recomputed here
# (weight orders) or checked here (random). Prints one JSON line.
import csv
import json
import math
import sys

import networkx as nx
import numpy as np

trained_file, cases_file, cap = sys.argv[1], sys.argv[3], int(sys.argv[4])
sizes = [int(s) for s in sys.argv[2].split(",")]
layers = len(sizes) - 1  # the read-out is layer `layers`; 1..layers-1 are the sparse ones
offset = [0]
for s in sizes:
    offset.append(offset[-1] + s)
nodes = offset[-1]


def read(path):
    with open(path) as f:
        rows = csv.reader(f)
        assert next(rows) == ["layer", "input", "output", "weight"]
        # The float32 the program holds, exactly (float() of its shortest text is a different double).
        return [(int(l), int(i), int(o), float(np.float32(w))) for l, i, o, w in rows]


def count_removed(links, level):
    return math.floor(level * links + 1e-9)


def weight_order(trained, level, largest_first):
    kept = []
    for layer in range(1, layers + 1):
        links = [t for t in trained if t[0] == layer]
        if layer == layers:
            kept += links
            continue
        order = sorted(range(len(links)), key=lambda k: abs(links[k][3]), reverse=largest_first)
        remove = count_removed(len(links), level)
        if 0 < remove < len(links):  # a tie across the cut would make the expected set ambiguous
            assert abs(links[order[remove - 1]][3]) != abs(links[order[remove]][3]), (layer, level)
        gone = set(order[:remove])
        kept += [links[k] for k in range(len(links)) if k not in gone]
    return kept


def measures(links, efficiency):
    undirected = nx.Graph()
    undirected.add_nodes_from(range(nodes))
    forward = nx.DiGraph()
    forward.add_nodes_from(range(nodes))
    for layer, i, o, w in links:
        a, b = offset[layer - 1] + i, offset[layer] + o
        undirected.add_edge(a, b, length=1 / abs(w) if w != 0 else None)
        forward.add_edge(a, b)
    reaches_output = set()
    backward = forward.reverse()
    for output in range(offset[layers], offset[layers + 1]):
        reaches_output |= nx.descendants(backward, output)
    result = {
        "sparse_links": sum(1 for t in links if t[0] < layers),
        "largest_component": max(len(c) for c in nx.connected_components(undirected)),
        "pixels_reaching_output": sum(1 for p in range(sizes[0]) if p in reaches_output),
    }
    if efficiency:
        step = 1 if nodes <= cap else -(-nodes // cap)
        sources = range(0, nodes, step)
        hidden_zero = lambda u, v, d: d["length"]  # None hides a link of weight 0
        total = 0.0
        for s in sources:
            lengths = nx.single_source_dijkstra_path_length(undirected, s, weight=hidden_zero)
            total += sum(1 / d for t, d in lengths.items() if t != s)
        result["weighted_efficiency"] = total / (len(sources) * (nodes - 1))
    return result


trained = read(trained_file)
keys = {(l, i, o): w for l, i, o, w in trained}
results = {}
random_sets = {}
for case in json.load(open(cases_file)):
    level = case["level"]
    if case["perturbation"] == "random":
        links = read(case["file"])
        for layer in range(1, layers + 1):
            mine = [t for t in links if t[0] == layer]
            theirs = [t for t in trained if t[0] == layer]
            expected = len(theirs) - (count_removed(len(theirs), level) if layer < layers else 0)
            assert len(mine) == expected, (case["key"], layer, len(mine), expected)
        assert all(keys.get((l, i, o)) == w for l, i, o, w in links), case["key"]  # a subset, weights untouched
        random_sets.setdefault(case["repeat"], []).append((level, {(l, i, o) for l, i, o, _ in links}))
    else:
        links = weight_order(trained, level, case["perturbation"] == "weight-order")
        if "file" in case:  # the network the program evaluated must be exactly the recomputed one
            program = {(l, i, o): w for l, i, o, w in read(case["file"])}
            assert program == {(l, i, o): w for l, i, o, w in links}, ("removal order differs", case["key"])
    results[case["key"]] = measures(links, case["efficiency"])
for sets in random_sets.values():  # nested: what is kept at a level is kept at every smaller one
    sets.sort(key=lambda s: s[0])
    for (_, larger), (_, smaller) in zip(sets, sets[1:]):
        assert smaller <= larger
print(json.dumps({"nodes": nodes, "cases": results}))

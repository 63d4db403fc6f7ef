"""Independent recomputation of `sparsegpu analyze`'s weight, activity and link-age measures with numpy.

Usage: check_structure_measures.py MODEL.npz TEST-IMAGES.idx SNAPSHOT-DIR
Prints one JSON object: per sparse layer the structure.csv measures, and per (epoch, layer) the evolution.csv
link-age measures, computed from the exported model, the raw IDX test images and the raw snapshot files (parsed
here from the format in src/FORMATS.md, not through the program).
"""
import glob
import json
import math
import os
import struct
import sys

import numpy as np


def shares(magnitudes, q, power):
    values = np.sort(magnitudes)[::-1] ** power
    total = values.sum()
    n = len(values)
    kept = n - math.floor((1 - q) * n + 1e-9)
    return float(values[:kept].sum() / total)


def gini(values):
    v = np.sort(values)
    n = len(v)
    i = np.arange(1, n + 1)
    return float(((2 * i - n - 1) * v).sum() / (n * v.sum()))


def layer_measures(z, k):
    indptr = z[f"layer{k}_indptr"]
    weights = z[f"layer{k}_weights"].astype(np.float64)
    outputs, _ = z[f"layer{k}_shape"]
    m = np.abs(weights)
    degree = np.diff(indptr).astype(np.float64)
    rows = np.repeat(np.arange(outputs), np.diff(indptr))
    strength = np.bincount(rows, weights=m, minlength=outputs)
    use = (degree >= 1) & (strength > 0)
    slope = np.polyfit(np.log(degree[use]), np.log(strength[use]), 1)[0]
    return {
        "weight_sq_sum": float((m**2).sum()),
        "weight_sq_share_top10": shares(m, 0.1, 2),
        "weight_sq_share_top20": shares(m, 0.2, 2),
        "weight_sq_share_top50": shares(m, 0.5, 2),
        "weight_abs_share_top10": shares(m, 0.1, 1),
        "weight_abs_share_top20": shares(m, 0.2, 1),
        "weight_abs_share_top50": shares(m, 0.5, 1),
        "participation_ratio": float((m**2).sum() ** 2 / (m**4).sum()),
        "weight_abs_gini": gini(m),
        "strength_degree_exponent": float(slope),
    }


def dense(z, k):
    indptr, indices = z[f"layer{k}_indptr"], z[f"layer{k}_indices"]
    outputs, inputs = z[f"layer{k}_shape"]
    w = np.zeros((outputs, inputs))
    rows = np.repeat(np.arange(outputs), np.diff(indptr))
    w[rows, indices] = z[f"layer{k}_weights"]
    return w, z[f"layer{k}_bias"].astype(np.float64)


def read_images(path):
    with open(path, "rb") as f:
        magic, count, rows, columns = struct.unpack(">IIII", f.read(16))
        assert magic == 2051, magic
        return np.frombuffer(f.read(), np.uint8).reshape(count, rows * columns) / 255.0


def read_snapshot(path):
    """{layer index (0-based, sparse layers only): set of (output, input)} of one snapshot file."""
    data = open(path, "rb").read()
    assert data[:8] == b"SPGPUSNP"
    offset = 8
    version, epoch, count = struct.unpack_from("<IiI", data, offset)
    offset += 12
    layers = {}
    for k in range(count):
        inputs, outputs, links = struct.unpack_from("<iii", data, offset)
        offset += 12
        evolves = data[offset]
        offset += 2
        indptr = np.frombuffer(data, np.int32, outputs + 1, offset)
        offset += 4 * (outputs + 1)
        columns = np.frombuffer(data, np.int32, links, offset)
        offset += 4 * links + 4 * links + 4 * outputs  # columns, weights, biases
        if evolves:
            rows = np.repeat(np.arange(outputs), np.diff(indptr))
            layers[k] = (set(zip(rows.tolist(), columns.tolist())), inputs * outputs)
    return epoch, layers


def link_age(snapshot_dir):
    snapshots = sorted(read_snapshot(p) for p in glob.glob(os.path.join(snapshot_dir, "epoch-*.snap")))
    rows = []
    born, grown_previous, ever = {}, {}, {}
    for step, (epoch, layers) in enumerate(snapshots):
        for k, (links, possible) in layers.items():
            before = born.get(k, {})
            now = {l: before.get(l, epoch) for l in links}
            grown = set(links - before.keys()) if step > 0 else set()
            removed = before.keys() - links
            ever.setdefault(k, set()).update(links)
            ages = np.array([epoch - b for b in now.values()])
            fraction = None
            if step >= 2 and removed:
                fraction = len(removed & grown_previous[k]) / len(removed)
            rows.append(
                {
                    "epoch": epoch,
                    "layer": k + 1,
                    "removed_links": len(removed) if step > 0 else None,
                    "removed_grown_previous_fraction": fraction,
                    "link_age_mean": float(ages.mean()),
                    "link_age_p50": float(np.percentile(ages, 50)),
                    "link_age_max": int(ages.max()),
                    "ever_used_fraction": len(ever[k]) / possible,
                    "ages": {str(a): int(c) for a, c in zip(*np.unique(ages, return_counts=True))},
                }
            )
            born[k], grown_previous[k] = now, grown
    return rows


def main(npz, images_path, snapshot_dir):
    z = np.load(npz)
    images = read_images(images_path)
    sparse = sorted(int(name[5:].split("_")[0]) for name in z.files if name.endswith("_indptr"))
    layers, x = [], images
    for k in sparse:
        measures = layer_measures(z, k)
        w, b = dense(z, k)
        x = np.maximum(0.0, x @ w.T + b)
        measures["functionally_dead"] = int((x.max(axis=0) <= 0).sum())
        layers.append(measures)
    print(json.dumps({"layers": layers, "evolution": link_age(snapshot_dir)}))


if __name__ == "__main__":
    main(*sys.argv[1:])

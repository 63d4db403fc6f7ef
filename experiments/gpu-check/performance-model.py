#!/usr/bin/env python3
"""Predicted speed of the CUDA kernels on H100 and H200, from the bytes each launch moves and the launch count.

Prints the performance tables of kernels/README.md. A model to be checked against the first run on a GPU
(experiments/gpu-check/run.sh), not a measurement: every constant below is an assumption stated in kernels/README.md.

Per kernel launch:   t_gpu = max(T_MIN, D / (E * BW_HBM), S / BW_L2)
Per batch:           t     = max(N_launches * T_ISSUE, sum of t_gpu)
D: bytes that must come from or go to HBM (unique data; the default network's parameters and activations fit in
the 50 MB L2, so after the first batch D only applies to data that does not fit); S: bytes moved between L2 and
the SMs (gathers coalesce over the batch, which is innermost; a random 4-byte read costs a 32-byte sector).
"""
import math

GPUS = {  # published: HBM bandwidth (B/s), SMs; both 50 MB L2 at ~1.98 GHz boost
    "H100 SXM": {"hbm": 3.35e12, "sms": 132},
    "H200": {"hbm": 4.8e12, "sms": 132},
}
E = 0.7            # fraction of peak HBM bandwidth a streaming kernel reaches
BW_L2 = 5.5e12     # L2 -> SM bandwidth, B/s (H100 and H200 share the L2 design)
L2_BYTES = 50e6
T_MIN = 2.5e-6     # shortest kernel on the GPU, s
T_ISSUE = 5e-6     # host time to issue one ILGPU launch (managed launcher + cuLaunchKernel), s
F = 4              # bytes per float or int


def layers(hidden, per_neuron=None):
    """(inputs, outputs, links) per layer: 784 -> hidden... -> 10, links = floor(0.01 n_in n_out) or 10/neuron."""
    sizes = [784] + hidden + [10]
    out = []
    for k in range(len(sizes) - 1):
        n_in, n_out = sizes[k], sizes[k + 1]
        if k == len(sizes) - 2:
            links = n_in * n_out                      # dense read-out
        elif per_neuron:
            links = math.floor(n_in * n_out * per_neuron / hidden[0])
        else:
            links = math.floor(0.01 * n_in * n_out)
        out.append((n_in, n_out, links))
    return out


def warps(b):
    return math.ceil(b / 32)


def kernels(net, b):
    """(name, D bytes, S bytes) of every launch of one training batch, in order."""
    launches = [("gather-batch", 784 * b + 784 * b * F, 32 * 784 * b)]   # pixel rows are 784 contiguous bytes
    for k, (n_in, n_out, links) in enumerate(net):
        d = 2 * F * links + 3 * F * n_out + F * n_in * b + F * n_out * b
        s = F * links * b + 2 * F * links * warps(b) + F * n_out * b
        launches.append((f"sparse-forward {k + 1}", d, s))
    launches.append(("softmax-cross-entropy", 4 * F * 10 * b, 4 * F * 10 * b))
    for k in reversed(range(len(net))):
        n_in, n_out, links = net[k]
        if k > 0:
            d = 3 * F * links + F * n_in + F * n_out * b + 2 * F * n_in * b
            s = F * links * b + 2 * F * links * warps(b) + 32 * links * warps(b) + 2 * F * n_in * b
            launches.append((f"sparse-backward-input {k + 1}", d, s))
        d = 6 * F * links + 4 * F * n_out + F * (n_in + n_out) * b
        s = links * (2 * F + 2 * F * b + 4 * F) + n_out * (2 * F * b + 4 * F)
        launches.append((f"sgd-update {k + 1}", d, s))
    return launches


def resident_bytes(net, b):
    """Bytes of parameters, transpose index and activations of one network."""
    params = sum(links * 6 * F + n_out * 4 * F for _, n_out, links in net)
    acts = sum((n_in + 2 * n_out) * b * F for n_in, n_out, _ in net)
    return params + acts


def resident(net, b):
    """Whether parameters, transpose index and activations all fit in L2 (then HBM is touched only once)."""
    return resident_bytes(net, b) < L2_BYTES


def batch_time(net, b, gpu, pack=1):
    """(batch seconds, issue seconds, summed kernel seconds, what bounds the kernels most) of one training step of
    `pack` same-shape networks in the same launches (NetworkPack): the launch count stays, every launch moves the
    bytes of all networks, and the pool fits L2 only if `pack` networks' parameters and activations do."""
    fits = pack * resident_bytes(net, b) < L2_BYTES
    total, spent = 0.0, {"minimum kernel time": 0.0, "HBM": 0.0, "L2": 0.0}
    for _, d, s in kernels(net, b):
        d, s = pack * d, pack * s
        d_hbm = 0 if fits else d
        terms = {"minimum kernel time": T_MIN, "HBM": d_hbm / (E * gpu["hbm"]), "L2": s / BW_L2}
        bound = max(terms, key=terms.get)
        spent[bound] += terms[bound]
        total += terms[bound]
    issue = len(kernels(net, b)) * T_ISSUE
    return max(issue, total), issue, total, "launch issue" if issue >= total else max(spent, key=spent.get)


def table_bytes():
    net = layers([1000, 1000, 1000])
    print("| launch | D, batch 32 | S, batch 32 | D, batch 256 | S, batch 256 |")
    print("|---|---:|---:|---:|---:|")
    for (name, d32, s32), (_, d256, s256) in zip(kernels(net, 32), kernels(net, 256)):
        print(f"| {name} | {d32 / 1e3:,.0f} kB | {s32 / 1e3:,.0f} kB | {d256 / 1e3:,.0f} kB | {s256 / 1e3:,.0f} kB |")


def table_training():
    print("| network | batch | GPU | launches x issue | sum of kernel times | bound | samples/s |")
    print("|---|---:|---|---:|---:|---|---:|")
    for label, net in (("default (3 x 1000)", layers([1000, 1000, 1000])),
                       ("3 x 100,000, 10 links/neuron", layers([100000] * 3, per_neuron=10))):
        for b in (32, 256):
            for name, gpu in GPUS.items():
                t, issue, gpu_sum, bound = batch_time(net, b, gpu)
                print(f"| {label} | {b} | {name} | {issue * 1e6:,.0f} us | {gpu_sum * 1e6:,.0f} us | {bound} | "
                      f"{b / t:,.0f} |")


def table_packed():
    print("| networks per launch | batch | GPU | launches x issue | sum of kernel times | bound | samples/s per "
          "network | samples/s in all |")
    print("|---:|---:|---|---:|---:|---|---:|---:|")
    net = layers([1000, 1000, 1000])
    for b in (32, 256):
        for pack in (1, 4, 16, 32):
            for name, gpu in GPUS.items():
                t, issue, gpu_sum, bound = batch_time(net, b, gpu, pack)
                print(f"| {pack} | {b} | {name} | {issue * 1e6:,.0f} us | {gpu_sum * 1e6:,.0f} us | {bound} | "
                      f"{b / t:,.0f} | {pack * b / t:,.0f} |")


if __name__ == "__main__":
    table_bytes()
    print()
    table_training()
    print()
    table_packed()

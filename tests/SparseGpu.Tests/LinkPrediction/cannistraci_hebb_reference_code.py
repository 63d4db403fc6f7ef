"""The Cannistraci-Hebb regrowth scores as the public reference code of Cannistraci-Hebb training computes them
(github.com/biomedical-cybernetics/Cannistraci-Hebb-training, mlp_and_cnn/dst_scheduler.py and CH_scores_new_v2.cpp),
transcribed formula by formula into numpy for CannistraciHebbReferenceCodeTests. Nothing here is shared with the C#
scorers: the node-based scores are the code's dense matrix products, the path-based ones its monopartite path
enumeration with its own internal and external degrees.

Usage: cannistraci_hebb_reference_code.py CASES.json  ->  prints JSON {case: {method: [[score of (output, input)]]}}
CASES.json: [{"name", "inputs", "outputs", "links": [[input, output], ...]}]. A mask is outputs x inputs, as a
torch Linear weight; scores of present links are zeroed, as the code does before it ranks them.
"""

import json
import sys

import numpy as np


def node_based(mask, ch_method):
    """The "L3n" regrowth: CH2 or CH3 over each community node once, from the code's dense products."""
    dt = mask.astype(np.float64)
    td = dt.T
    dd2 = dt @ td  # [output, output]: shared inputs
    tt2 = td @ dt  # [input, input]: shared outputs
    bdd2 = dd2 != 0
    btt2 = tt2 != 0
    # A degree vector minus a matrix broadcasts over the last axis, as in torch: deg(j) - shared(i, j).
    elcl_dt = (dt.sum(axis=1) - dd2) * bdd2
    elcl_td = (td.sum(axis=1) - tt2) * btt2
    elcl_dt[elcl_dt == 0] = 1
    elcl_td[elcl_td == 0] = 1
    elcl_dt -= 1
    elcl_td -= 1
    if ch_method == "CH2":
        elcl_dt = 1 / (elcl_dt + 1) * (dd2 + bdd2)
        elcl_td = 1 / (elcl_td + 1) * (tt2 + btt2)
    elif ch_method == "CH3":
        elcl_dt = 1 / (elcl_dt + 1) * bdd2
        elcl_td = 1 / (elcl_td + 1) * btt2
    else:
        raise ValueError(ch_method)
    elcl_dt = elcl_dt @ dt
    elcl_td = elcl_td @ td
    scores = elcl_dt + elcl_td.T
    return scores * (mask == 0)


def path_based(mask, model):
    """The "L3p" regrowth: CH_scores_new_v2(ir, jc, N, [3], 1, 3, [model], 1) on the monopartite matrix, length-3
    branch: deg_i counts the paths through a node, deg_e = deg - links to ns or nd - deg_i, and each path adds the
    model's ratio of geometric means (model 2: CH2, model 3: CH3)."""
    rows, cols = mask.shape
    n = rows + cols
    x = np.zeros((n, n))
    x[:rows, rows:] = mask
    x[rows:, :rows] = mask.T
    # csr_matrix(x).indices / .indptr: each node's neighbours in ascending order.
    neighbours = [np.flatnonzero(x[i]).tolist() for i in range(n)]
    deg = [float(len(nb)) for nb in neighbours]
    scores = np.zeros((n, n))
    pow_exp = 1.0 / (3 - 1)
    for ns in range(n):
        # find_paths_rec: simple paths ns - n1 - n2 - nd, recorded where deg[ns] < deg[nd] (ties by index).
        paths = {}
        for n1 in neighbours[ns]:
            for n2 in neighbours[n1]:
                if n2 == ns:
                    continue
                for nd in neighbours[n2]:
                    if nd in (ns, n1, n2):
                        continue
                    if deg[ns] < deg[nd] or (deg[ns] == deg[nd] and ns < nd):
                        paths.setdefault(nd, []).append((n1, n2))
        for nd in range(n):
            if not (deg[ns] < deg[nd] or (deg[ns] == deg[nd] and ns < nd)):
                continue
            nd_paths = paths.get(nd, [])
            nd_connections = np.zeros(n)
            deg_i = np.zeros(n)
            for i in neighbours[ns]:
                nd_connections[i] += 1
            for i in neighbours[nd]:
                nd_connections[i] += 1
            nodes_lc = []
            in_path = set()
            for path in nd_paths:
                for node in path:
                    deg_i[node] += 1
                    if node not in in_path:
                        in_path.add(node)
                        nodes_lc.append(node)
            deg_e = np.zeros(n)
            for node in nodes_lc:
                deg_e[node] = deg[node] - nd_connections[node]
                for i in neighbours[node]:
                    if nd_connections[i] + nd_connections[node] == 4:
                        deg_i[node] -= 1
                deg_e[node] -= deg_i[node]
            total = 0.0
            for path in nd_paths:
                deg_i1_gmean = deg_e1_gmean = 1.0
                for node in path:
                    deg_i1_gmean *= 1 + deg_i[node]
                    deg_e1_gmean *= 1 + deg_e[node]
                deg_i1_gmean = deg_i1_gmean**pow_exp
                deg_e1_gmean = deg_e1_gmean**pow_exp
                if model == 2:
                    total += deg_i1_gmean / deg_e1_gmean
                elif model == 3:
                    total += 1 / deg_e1_gmean
                else:
                    raise ValueError(model)
            scores[ns, nd] = total
            scores[nd, ns] = total
    return scores[:rows, rows:] * (mask == 0)


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    result = {}
    for case in cases:
        mask = np.zeros((case["outputs"], case["inputs"]), dtype=np.int64)
        for link_input, link_output in case["links"]:
            mask[link_output, link_input] = 1
        result[case["name"]] = {
            "ch3l3n": node_based(mask, "CH3").tolist(),
            "ch2l3n": node_based(mask, "CH2").tolist(),
            "ch2l3": path_based(mask, 2).tolist(),
            "ch3l3": path_based(mask, 3).tolist(),
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

"""The numbers of the paper study's RESULTS.md, recomputed from the committed tables (accuracy.csv,
robustness-methods.csv, dense-baseline-accuracy.csv, verdicts.csv, structure/*.csv and the protocol study's dense
reference and grid). The structure-vs-robustness correlations are recomputed here from the per-model tables
(structure/models-structure.csv, models-robustness.csv); their bootstrap intervals, which need numpy, are read from
structure/correlations.csv, whose own rho and r must then round to the same quoted values.
Run by ../lib/check_results.py; see there."""
import math
import os
import re
import statistics

from check_results import Alt, level, num, pct, rows, sci, short

DATASETS = [("mnist", "MNIST", "MNIST"), ("fashion-mnist", "Fashion-MNIST", "Fashion")]
METHODS = [("ch3l3", "CH3L3"), ("rlr", "RLR"), ("none", "static")]
PERTURBATIONS = ["random", "weight-order", "reverse-weight-order", "shuffle", "noise", "fgsm"]


def check(results, here):
    protocol = os.path.join(here, "..", "protocol-sensitivity")
    accuracy = {(r["dataset"], r["method"]): r for r in rows(os.path.join(here, "accuracy.csv"))}
    robust = {(r["dataset"], r["method"], r["perturbation"]): r
              for r in rows(os.path.join(here, "robustness-methods.csv"))}
    dense5 = {r["dataset"]: r for r in rows(os.path.join(here, "dense-baseline-accuracy.csv"))}
    dense20 = {r["dataset"]: r for r in rows(os.path.join(protocol, "dense", "dense-default-accuracy.csv"))}
    grid = {
        (r["dataset"], r["method"]): r
        for r in rows(os.path.join(protocol, "grid", "accuracy.csv"))
        if r["weight_decay"] == "5e-4" and r["learning_rate"] == "0.025"
    }
    verdicts = {(r["cell"], r["claim"]): r for r in rows(os.path.join(here, "verdicts.csv"))}

    def acc(d, m):
        return 100 * float(accuracy[(d, m)]["final_test_accuracy_mean"])

    def at80(d, m, p="reverse-weight-order"):
        return 100 * float(robust[(d, m, p)]["accuracy_at_0.8_mean"])

    def at80_std(d, m, p="reverse-weight-order"):
        return 100 * float(robust[(d, m, p)]["accuracy_at_0.8_std"])

    # The accuracy table: every cell, the best method's accuracy in bold.
    runs = sum(int(r["runs"]) for r in accuracy.values())
    results.quote("{} runs, 20,790 robustness evaluations", runs)
    results.quote("mean ± std over {} seeds", accuracy[("mnist", "rlr")]["runs"])
    for d, name, _ in DATASETS:
        best = max((m for m, _ in METHODS), key=lambda m: acc(d, m))
        for m, label in METHODS:
            r = accuracy[(d, m)]
            value = f"{pct(r['final_test_accuracy_mean'])} ± {pct(r['final_test_accuracy_std'])}"
            results.quote(
                "| {} | {} | {} | {} ± {} | {} ± {} |",
                name,
                label,
                f"**{value}**" if m == best else value,
                short(r["epochs_to_95pct_mean"]),
                short(r["epochs_to_95pct_std"]),
                short(r["epochs_to_99pct_mean"]),
                short(r["epochs_to_99pct_std"]),
            )

    # Claim 2's curve numbers (verdicts.csv carries them from the training curves).
    for d, _, _ in DATASETS:
        m = re.match(r"CH3L3 above RLR at (\d+)/(\d+) epochs; "
                     r"reaches RLR's final [\d.]+% at epoch (\d+) \(RLR at (\d+)\)", verdicts[(d, "2")]["numbers"])
        verdicts[(d, "2")]["parsed"] = m.groups()
    mn, fa = verdicts[("mnist", "2")]["parsed"], verdicts[("fashion-mnist", "2")]["parsed"]
    results.quote("passes RLR's final accuracy at epoch {} on MNIST (RLR itself at {}) and at epoch {} on "
                  "Fashion-MNIST (RLR at {})", mn[2], mn[3], fa[2], fa[3])
    results.quote("above the RLR curve at {} of the {} epochs after the first update on MNIST and {} of {} on "
                  "Fashion-MNIST", mn[0], mn[1], fa[0], fa[1])
    results.quote("CH3L3's mean curve is above RLR's at {}/{} (MNIST) and {}/{} (Fashion) epochs after the first "
                  "update; it reaches RLR's final accuracy at epoch {} instead of {} (MNIST) and {} instead of {} "
                  "(Fashion), and ends {:.2f} / {:.2f} points higher", mn[0], mn[1], fa[0], fa[1], mn[2], mn[3],
                  fa[2], fa[3], acc("mnist", "ch3l3") - acc("mnist", "rlr"),
                  acc("fashion-mnist", "ch3l3") - acc("fashion-mnist", "rlr"))

    # Dense references.
    results.quote("seed 1): MNIST **{}%**, Fashion-MNIST **{}%**", pct(dense5["mnist"]["final_test_accuracy_mean"]),
                  pct(dense5["fashion-mnist"]["final_test_accuracy_mean"]))
    results.quote("MNIST **{} ± {}%**, Fashion-MNIST **{} ± {}%**", pct(dense20["mnist"]["final_test_accuracy_mean"]),
                  pct(dense20["mnist"]["final_test_accuracy_std"]),
                  pct(dense20["fashion-mnist"]["final_test_accuracy_mean"]),
                  pct(dense20["fashion-mnist"]["final_test_accuracy_std"]))

    # The two robustness tables.
    for d, _, name in DATASETS:
        for m, label in METHODS:
            aucs = " | ".join(f"{pct(robust[(d, m, p)]['auc_mean'])} ± {pct(robust[(d, m, p)]['auc_std'])}"
                              for p in PERTURBATIONS)
            results.quote("| {} | {} | {} |", name, label, aucs)
            rev = robust[(d, m, "reverse-weight-order")]
            left = f"{pct(rev['accuracy_at_0.8_mean'])} ± {pct(rev['accuracy_at_0.8_std'])}"
            share = f"{100 * float(rev['accuracy_at_0.8_mean']) / float(rev['unperturbed_accuracy_mean']):.1f}%"
            if m == "rlr":
                left, share = f"**{left}**", f"**{share}**"
            halving = " / ".join(level(robust[(d, m, p)]["level_below_50pct_mean"])
                                 for p in ["random", "weight-order", "reverse-weight-order", "shuffle", "fgsm"])
            results.quote("| {} | {} | {} | {} | {} |", name, label, left, share, halving)
    results.quote("({} models × 10 repeats", robust[("mnist", "rlr", "random")]["models"])

    # Claim 1.
    v1m, v1f = verdicts[("mnist", "1")], verdicts[("fashion-mnist", "1")]
    results.quote("RLR {:.2f} / {:.2f} below it, one-sample p = {:.3f} / {:.2f} against the 2-point margin, Holm "
                  "{:.3f} / {:.2f}; n = {} / {} needed", float(v1m["effect"]), float(v1f["effect"]), float(v1m["p"]),
                  float(v1f["p"]), float(v1m["p_holm"]), float(v1f["p_holm"]), v1m["seeds_needed"],
                  v1f["seeds_needed"])
    d5m, d5f = 100 * float(dense5["mnist"]["final_test_accuracy_mean"]), 100 * float(
        dense5["fashion-mnist"]["final_test_accuracy_mean"])
    results.quote("(CH3L3 {:.2f} / {:.2f} below, RLR {:.2f} / {:.2f})", d5m - acc("mnist", "ch3l3"),
                  d5f - acc("fashion-mnist", "ch3l3"), d5m - acc("mnist", "rlr"), d5f - acc("fashion-mnist", "rlr"))
    d20m = 100 * float(dense20["mnist"]["final_test_accuracy_mean"])
    d20f = 100 * float(dense20["fashion-mnist"]["final_test_accuracy_mean"])
    results.quote("reaches {} ± {}% on MNIST and **{} ± {}%** on Fashion-MNIST", pct(d20m / 100),
                  pct(dense20["mnist"]["final_test_accuracy_std"]), pct(d20f / 100),
                  pct(dense20["fashion-mnist"]["final_test_accuracy_std"]))
    g = {k: 100 * float(r["final_test_accuracy_mean"]) for k, r in grid.items()}
    results.quote("this study's 5-seed means are CH3L3 {:.2f}, RLR {:.2f} below it on MNIST (within 2 points) and "
                  "CH3L3 {:.2f}, RLR {:.2f} below on Fashion-MNIST (not within; the protocol grid's own 3-seed means "
                  "of this protocol: {:.2f} / {:.2f} and {:.2f} / {:.2f})", d20m - acc("mnist", "ch3l3"),
                  d20m - acc("mnist", "rlr"), d20f - acc("fashion-mnist", "ch3l3"), d20f - acc("fashion-mnist", "rlr"),
                  d20m - g[("mnist", "ch3l3")], d20m - g[("mnist", "rlr")], d20f - g[("fashion-mnist", "ch3l3")],
                  d20f - g[("fashion-mnist", "rlr")])
    results.quote("Static sparse is {:.1f} points below the 5-epoch reference on both",
                  statistics.mean([d5m - acc("mnist", "none"), d5f - acc("fashion-mnist", "none")]))

    # Claim 5.
    v5am, v5af, v5bm = verdicts[("mnist", "5a")], verdicts[("fashion-mnist", "5a")], verdicts[("mnist", "5b")]
    results.quote("one-sample p = {} MNIST, {} Fashion", sci(v5am["p"], 0), sci(v5af["p"], 1))
    results.quote("(Welch p = {:.3f}, Holm {:.2f}, 95% interval of the difference {} to {:.2f} points; n = {} needed)",
                  float(v5bm["p"]), float(v5bm["p_holm"]), f"{float(v5bm['ci_t_low']):.2f}".replace("-", "−"),
                  float(v5bm["ci_t_high"]), v5bm["seeds_needed"])
    share = {d: at80(d, "rlr") / float(robust[(d, "rlr", "reverse-weight-order")]["unperturbed_accuracy_mean"])
             for d, _, _ in DATASETS}
    results.quote("RLR keeps {:.2f} ± {:.2f}% ({:.1f}% of its accuracy) on MNIST and {:.2f} ± {:.2f}% ({:.1f}%) on "
                  "Fashion at 80% removed", at80("mnist", "rlr"), at80_std("mnist", "rlr"), share["mnist"],
                  at80("fashion-mnist", "rlr"), at80_std("fashion-mnist", "rlr"), share["fashion-mnist"])
    results.quote("(RLR {:.2f} ± {:.2f} vs CH3L3 {:.2f} ± {:.2f}, difference {:.2f})", at80("mnist", "rlr"),
                  at80_std("mnist", "rlr"), at80("mnist", "ch3l3"), at80_std("mnist", "ch3l3"),
                  at80("mnist", "rlr") - at80("mnist", "ch3l3"))
    results.quote("({:.2f} ± {:.2f} vs {:.2f} ± {:.2f}: within CH3L3's std)", at80("fashion-mnist", "rlr"),
                  at80_std("fashion-mnist", "rlr"), at80("fashion-mnist", "ch3l3"), at80_std("fashion-mnist", "ch3l3"))

    # Beyond the claims.
    a = lambda m, p: pct(robust[("mnist", m, p)]["auc_mean"])
    results.quote("(MNIST noise AUC {} vs {}; accuracy at 0.8σ {:.2f}% vs {:.2f}%)", a("ch3l3", "noise"),
                  a("rlr", "noise"), at80("mnist", "ch3l3", "noise"), at80("mnist", "rlr", "noise"))
    results.quote("(MNIST AUC {} vs {}; halving ε {} vs {})", a("ch3l3", "fgsm"), a("rlr", "fgsm"),
                  level(robust[("mnist", "ch3l3", "fgsm")]["level_below_50pct_mean"]),
                  level(robust[("mnist", "rlr", "fgsm")]["level_below_50pct_mean"]))
    results.quote("(MNIST AUC {} vs {})", a("ch3l3", "random"), a("rlr", "random"))

    # The halving level of random removal, over both data sets and both evolving methods.
    halving = [100 * float(robust[(d, m, "random")]["level_below_50pct_mean"]) for d, _, _ in DATASETS
               for m in ("rlr", "ch3l3")]
    results.quote("and halves at {:.0f}–{:.0f}%", min(halving), max(halving))

    check_verdict_words(results, verdicts)
    check_protocol_links(results, protocol)
    check_structure(results, here)
    check_evolution(results, here)
    check_correlations(results, here)


def word(verdict):
    """A verdicts.csv verdict as one word: holds, fails, not resolved, untested."""
    return "not resolved" if verdict.startswith("not resolved") else verdict


def check_verdict_words(results, verdicts):
    """The verdict column of the claims table says what verdicts.csv says: the threshold-only verdict and, where the
    amendment of 2026-12-06 changed it, the amended one, per data set (one source for both, issue 29 §3)."""

    def per_dataset(claim, key="verdict"):
        m, f = word(verdicts[("mnist", claim)][key]), word(verdicts[("fashion-mnist", claim)][key])
        return f"{m} on both" if m == f else f"{m} on MNIST, {f} on Fashion"

    results.quote("| 1 | Both methods reach competitive accuracy with 1% of the links | threshold-only verdict **{}** "
                  "→ after the 2026-12-06 amendment **{}**",
                  per_dataset("1", "threshold_verdict").removesuffix(" on both"), per_dataset("1"))
    untested = lambda claim: all(word(verdicts[(d, claim)]["verdict"]) == "untested" for d, _, _ in DATASETS)
    threshold = lambda claim: per_dataset(claim, "threshold_verdict").removesuffix(" on both")
    if untested("2"):
        results.quote("| 2 | CH3L3 converges faster than RLR | **{} here; protocol-dependent**; after the 2026-12-06 "
                      "amendment **untested**", threshold("2"))
    if untested("3 smallest-first") and threshold("3 smallest-first") == "holds" and threshold("3 random") == "fails":
        random_now = per_dataset("3 random").removesuffix(" on both")
        results.quote("| **partly**; after the 2026-12-06 amendment smallest-first is **untested** (per-seed values at "
                      "levels ≤ 50% not committed), random {}", random_now)
    if untested("4"):
        results.quote("| **{}**; after the 2026-12-06 amendment **untested** (per-seed values at 10% not committed)",
                      threshold("4"))
    results.quote("after the 2026-12-06 amendment the first half {}", per_dataset("5a"))
    b_m, b_f = word(verdicts[("mnist", "5b")]["verdict"]), word(verdicts[("fashion-mnist", "5b")]["verdict"])
    results.quote("the second is **{} on MNIST**", b_m)
    results.quote("n = {} needed), {} on Fashion", verdicts[("mnist", "5b")]["seeds_needed"], b_f)


def check_protocol_links(results, protocol):
    """The claims table's sentences about the protocol study, counted from its verdicts.csv (threshold verdicts, as
    the sentences compare the studies by their criteria) and its grid tables."""
    verdicts = rows(os.path.join(protocol, "verdicts.csv"))
    grid = {(r["cell"], r["claim"]): r["threshold_verdict"] for r in verdicts
            if r["spec"] == "grid" and r["cell"] != "across cells"}
    cells = sorted({c for c, _ in grid})
    decay = lambda cell: float(re.search(r"weight_decay=([^,]+)", cell).group(1))
    strong = [c for c in cells if decay(c) >= 5e-4]
    weak = [c for c in cells if decay(c) < 5e-4]
    held = lambda claim, among: sum(1 for c in among if grid[(c, claim)] == "holds")
    all_or = lambda claim, among: (f"all {len(among)}" if held(claim, among) == len(among)
                                   else f"{held(claim, among)} of {len(among)}")

    results.quote("Across the protocol grid it holds in {} cells with weight decay ≥ 5e-4 and in {} of the {} below",
                  all_or("2", strong), held("2", weak), len(weak))
    every = lambda claim, verdict: all(grid[(c, claim)] == verdict for c in cells)
    if every("3 smallest-first", "holds") and every("3 random", "fails"):
        results.quote("holds under every protocol of the grid. Random: does not hold")
        results.quote("fails under every protocol of the grid. |")
    if every("4", "holds"):
        results.quote("Holds under every protocol of the grid. |")

    shares = [100 * float(r["accuracy_at_0.8_mean"]) / float(r["unperturbed_accuracy_mean"])
              for r in rows(os.path.join(protocol, "grid", "robustness-methods.csv"))
              if r["method"] == "rlr" and r["perturbation"] == "reverse-weight-order"
              and float(r["weight_decay"]) <= 1e-5]
    whole = lambda x: Alt([f"{math.floor(x)}", f"{x:.0f}"])  # a range's ends, truncated or rounded
    results.quote("the first holds in {} grid cells with wd ≥ 5e-4 and in {} of {} below ({}–{}% of the accuracy "
                  "left at wd ≤ 1e-5), the second in {} of {} cells", all_or("5a", strong), held("5a", weak),
                  len(weak), whole(min(shares)), whole(max(shares)), held("5b", cells), len(cells))
    topology = {r["cell"]: r["threshold_verdict"] for r in verdicts if r["spec"] == "topology" and r["claim"] == "5b"
                and r["cell"] != "across cells"}
    zeta = lambda cell: re.search(r"zeta=([^,]+)", cell).group(1)
    if all(v == "holds" for c, v in topology.items() if zeta(c) == "0.1") and all(
            v == "fails" for c, v in topology.items() if zeta(c) != "0.1"):
        results.quote("it holds at ζ 0.1 at every density tried and at none with ζ 0.3 or 0.5")
    long_5b = next(r["threshold_verdict"] for r in verdicts if r["spec"] == "long" and r["claim"] == "5b")
    results.quote("after 100 epochs it {}, as in the grid's 20-epoch cell of this protocol", long_5b)

    # Claim 1 under lr 0.05 / wd 1e-5: the largest gap to that protocol's dense network, rounded up.
    dense = {r["dataset"]: 100 * float(r["final_test_accuracy_mean"])
             for r in rows(os.path.join(protocol, "dense", "dense-accuracy-accuracy.csv"))}
    gaps = [dense[r["dataset"]] - 100 * float(r["final_test_accuracy_mean"])
            for r in rows(os.path.join(protocol, "grid", "accuracy.csv"))
            if r["weight_decay"] == "1e-5" and r["learning_rate"] == "0.05" and r["method"] in ("rlr", "ch3l3")]
    results.quote("under lr 0.05 / wd 1e-5 both methods are within {:.1f} points of that protocol's dense network on "
                  "both data sets", math.ceil(10 * max(gaps)) / 10)


def check_structure(results, here):
    """The per-method structure table (first run's models, structure/structure.csv and network.csv)."""
    folder = os.path.join(here, "structure")
    structure = rows(os.path.join(folder, "structure.csv"))
    network = rows(os.path.join(folder, "network.csv"))

    def per_layer(method, column, fmt):
        values = []
        for layer in ("1", "2", "3"):
            v = [float(r[column]) for r in structure if r["method"] == method and r["layer"] == layer]
            values.append(fmt(statistics.mean(v)))
        return " / ".join(format(v) for v in values)

    def whole(method, column, fmt):
        return fmt(statistics.mean(float(r[column]) for r in network if r["method"] == method))

    counts = {m: len({r["model"] for r in structure if r["method"] == m}) for m, _ in METHODS}
    results.quote("| measure | RLR ({}) | CH3L3 ({}) | static ({}) |", counts["rlr"], counts["ch3l3"], counts["none"])
    two = lambda x: num(x, 2, 1e-9)
    signed = lambda x: num(x, 2, 1e-9, minus="−")
    whole_number = lambda x: num(x, 0, 1e-9)
    bold = lambda s: f"**{s}**"
    for label, column, fmt in [("in-degree Gini", "in_degree_gini", two),
                               ("largest out-degree", "out_degree_max", whole_number),
                               ("degree assortativity", "degree_assortativity", signed)]:
        cells = [per_layer(m, column, fmt) for m in ("rlr", "ch3l3", "none")]
        results.quote("| {} | {} | {} | {} |", label, cells[0], bold(cells[1]), cells[2])
    cells = [per_layer(m, "in_degree_max", whole_number) for m in ("rlr", "ch3l3", "none")]
    mean_in = per_layer("rlr", "in_degree_mean", lambda x: f"{x:.1f}".removesuffix(".0"))
    results.quote("| largest in-degree (mean {}) | {} | {} | {} |", mean_in, cells[0], bold(cells[1]), cells[2])
    dormant = [per_layer(m, "dormant_fraction", lambda x: num(x, 3 if m != "none" else 2, 1e-9))
               for m in ("rlr", "ch3l3", "none")]
    results.quote("| dormant fraction (\\|w\\| < 1% of max) | {} | {} | {} |", *dormant)
    results.quote("| pixels with a path to the read-out (of 784) | {} | {} | {} |",
                  *[whole(m, "pixels_connected", lambda x: f"{x:.1f}".removesuffix(".0"))
                    for m in ("rlr", "ch3l3", "none")])
    cells = [whole(m, "input_degree_heterogeneity", two) for m in ("rlr", "ch3l3", "none")]
    results.quote("⟨k²⟩/⟨k⟩² | {} | {} | {} |", cells[0], bold(cells[1]), cells[2])
    cells = [whole(m, "log10_paths", two) for m in ("rlr", "ch3l3", "none")]
    results.quote("| log10 input→read-out paths | {} | {} | {} |", cells[0], bold(cells[1]), cells[2])


def check_evolution(results, here):
    """"How the topology evolves" from structure/evolution.csv (the snapshot run, MNIST seed 1), and the MNIST half of
    the 90% levels from structure/models-robustness.csv (the Fashion-MNIST models' per-model levels are not
    committed)."""
    folder = os.path.join(here, "structure")
    evolution = rows(os.path.join(folder, "evolution.csv"))
    last = str(max(int(r["epoch"]) for r in evolution))
    final = {(r["method"], r["layer"]): r for r in evolution if r["epoch"] == last}
    kept = lambda m: [100 * float(final[(m, layer)]["surviving_fraction"]) for layer in "123"]
    whole = lambda x: num(x, 0, 1e-9)
    rlr, ch3l3 = kept("rlr"), kept("ch3l3")
    results.quote("after {} epochs {}% (layer 1) to {}% (layer 3) of RLR's *initial* links are still present", last,
                  whole(rlr[0]), whole(rlr[2]))
    results.quote("after {} epochs it keeps {} of its initial links in layers 1 / 2 / 3 against RLR's {}", last,
                  " / ".join(f"{whole(k)}%" for k in ch3l3), " / ".join(f"{whole(k)}%" for k in rlr))
    # Updates open every epoch after the first.
    turnover = {float(r["turnover"]) for r in evolution if r["method"] != "none" and int(r["epoch"]) >= 2}
    shared = 1 - turnover.pop() if len(turnover) == 1 else float("nan")
    results.quote("Turnover is exactly ζ = {:.0f}% of the links at every update for both methods", 100 * (1 - shared))
    results.quote("consecutive topologies share {:.0f}% of their links (Jaccard {:.2f})", 100 * shared,
                  shared / (2 - shared))
    active = {}
    for r in evolution:
        key = (r["method"], r["epoch"])
        active[key] = active.get(key, 0) + int(r["active_neurons"])
    rlr_active = [v for (m, _), v in active.items() if m == "rlr"]
    results.quote("Active neurons stay at {:,}–{:,} of 3,000 for RLR", min(rlr_active), max(rlr_active))
    first = {r["method"]: int(r["active_neurons"]) for r in evolution if r["epoch"] == "0" and r["layer"] == "1"}
    results.quote("its active neurons in layer 1 fall from {:,} to {} (RLR: {})", first["ch3l3"],
                  final[("ch3l3", "1")]["active_neurons"], final[("rlr", "1")]["active_neurons"])

    models = rows(os.path.join(folder, "models-robustness.csv"))
    below = lambda p: [100 * float(r["level_below_90pct"]) for r in models if r["perturbation"] == p]
    results.quote("at {:.0f}–{:.0f}% random removal", min(below("random")), max(below("random")))
    results.quote("at {:.0f}–{:.0f}% (MNIST)", min(below("reverse-weight-order")), max(below("reverse-weight-order")))


def ranks(v):
    """Ranks 1..n, ties given their mean rank (as scipy.stats.rankdata)."""
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


CORRELATION_LABELS = {
    "dormant_fraction": "dormant fraction",
    "layer1_out_degree_gini": "layer-1 pixel degree Gini",
    "accuracy_at_0.8_reverse_weight_order": "accuracy at 80% smallest-first removal",
    "random_auc": "random-removal AUC",
}


def check_correlations(results, here):
    """The table "Does structure explain robustness?": rho and r from the per-model tables, with the standard
    library; the intervals and the within-method rho from correlations.csv (correlations.py)."""
    folder = os.path.join(here, "structure")
    layers = {}
    for r in rows(os.path.join(folder, "models-structure.csv")):
        layers.setdefault(r["model"], {})[r["layer"]] = r
    summary = {(r["model"], r["perturbation"]): r for r in rows(os.path.join(folder, "models-robustness.csv"))}
    models = sorted(layers)
    measure = {
        "dormant_fraction": [statistics.mean(float(layers[m][k]["dormant_fraction"]) for k in "123") for m in models],
        "layer1_out_degree_gini": [float(layers[m]["1"]["out_degree_gini"]) for m in models],
        "accuracy_at_0.8_reverse_weight_order": [float(summary[(m, "reverse-weight-order")]["accuracy_at_0.8"])
                                                 for m in models],
        "random_auc": [float(summary[(m, "random")]["auc"]) for m in models],
    }
    seeds = {layers[m]["1"]["method"]: set() for m in models}
    for m in models:
        seeds[layers[m]["1"]["method"]].add(int(layers[m]["1"]["seed"]))
    seed_range = {f"seeds {min(v)}–{max(v)}" for v in seeds.values() if len(v) == max(v) - min(v) + 1}
    results.quote("**Does structure explain robustness?** ({} models: RLR, CH3L3 and static × {}", len(models),
                  seed_range.pop() if len(seed_range) == 1 and len(seeds) == 3 else "mixed seeds")
    signed = lambda x: num(x, 2, 5e-7, minus="−")
    verdict = lambda rho: "holds" if abs(rho) >= 0.7 else "does not hold" if abs(rho) < 0.3 else "inconclusive"
    for c in rows(os.path.join(folder, "correlations.csv")):
        x, y = measure[c["structure"]], measure[c["robustness"]]
        rho, r = statistics.correlation(ranks(x), ranks(y)), statistics.correlation(x, y)
        labels = CORRELATION_LABELS[c["structure"]], CORRELATION_LABELS[c["robustness"]]
        row = "| {} | {} | {} | {} ({} to {}) | {} ({} to {}) | {} | {} ({} to {}) |"

        def quote(n, rho, r, verdict_):
            results.quote(row, *labels, n, signed(rho), signed(c["spearman_rho_ci95_low"]),
                          signed(c["spearman_rho_ci95_high"]), signed(r), signed(c["pearson_r_ci95_low"]),
                          signed(c["pearson_r_ci95_high"]), verdict_, signed(c["within_method_spearman_rho"]),
                          signed(c["within_method_rho_ci95_low"]), signed(c["within_method_rho_ci95_high"]))

        # The row with rho, r and the verdict recomputed here from the per-model tables, and the same row as
        # correlations.csv has it: a correlations.csv that is stale against those tables cannot match both.
        quote(len(models), rho, r, verdict(rho))
        quote(c["models"], float(c["spearman_rho"]), float(c["pearson_r"]), c["verdict"])

    # The sentences that read the table: where the models lie, and the within-method values they quote.
    methods = {m: layers[m]["1"]["method"] for m in models}
    span = lambda column, keep, fmt: "{}–{}".format(
        *(fmt(f([v for m, v in zip(models, measure[column]) if keep(methods[m])])) for f in (min, max)))
    two = lambda x: num(x, 2, 1e-9)
    percent = lambda x: pct(x, 1)
    gini, auc = "layer1_out_degree_gini", "random_auc"
    results.quote("the five CH3L3 models (Gini {}, random-removal AUC {}%) and the ten RLR and static ones "
                  "(Gini {}, AUC {}%)", span(gini, lambda m: m == "ch3l3", two),
                  span(auc, lambda m: m == "ch3l3", percent), span(gini, lambda m: m != "ch3l3", two),
                  span(auc, lambda m: m != "ch3l3", percent))
    dormant = "dormant_fraction"
    dynamic = {two(v) for m, v in zip(models, measure[dormant]) if methods[m] != "none"}
    results.quote("separates only static ({}) from dynamic ({}) models", span(dormant, lambda m: m == "none", two),
                  dynamic.pop() if len(dynamic) == 1 else "several values")
    by_pair = {(c["structure"], c["robustness"]): c for c in rows(os.path.join(folder, "correlations.csv"))}
    c = by_pair[(gini, auc)]
    results.quote("Gini vs random-removal AUC ρ = {}, its interval reaching {} 0", signed(c["spearman_rho"]),
                  "below" if float(c["spearman_rho_ci95_low"]) < 0 else "not below")
    results.quote("Within methods the correlation is {} ({} to {})", signed(c["within_method_spearman_rho"]),
                  signed(c["within_method_rho_ci95_low"]), signed(c["within_method_rho_ci95_high"]))
    c = by_pair[(gini, "accuracy_at_0.8_reverse_weight_order")]
    results.quote("accuracy at 80% smallest-first removal ({}, {} to {})", signed(c["within_method_spearman_rho"]),
                  signed(c["within_method_rho_ci95_low"]), signed(c["within_method_rho_ci95_high"]))

    # The per-model robustness table is the study's own sweep: its per-method means and stds are the MNIST cells of
    # the two robustness tables above (from robustness-methods.csv).
    for method, label in METHODS:
        def cell(column, perturbation):
            v = [float(summary[(m, perturbation)][column]) for m in models if methods[m] == method]
            return f"{pct(statistics.mean(v))} ± {pct(statistics.stdev(v))}"

        results.quote("| MNIST | {} | {} |", label, cell("auc", "random"))
        at80 = cell("accuracy_at_0.8", "reverse-weight-order")
        results.quote("| MNIST | {} | {} |", label, f"**{at80}**" if method == "rlr" else at80)

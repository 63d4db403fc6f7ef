"""The numbers of the protocol study's RESULTS.md, recomputed from the committed tables (verdicts.csv, grid/,
topology/, long/, dense/ and the paper study's robustness-methods.csv). Run by ../lib/check_results.py."""
import math
import os
import re

from check_results import Alt, num, pct, rows

CLAIMS = ["1", "2", "3 random", "3 smallest-first", "4", "5a", "5b"]
PAPER = ("5e-4", "0.025")


def mark(verdict):
    """A verdicts.csv row as the tables write it: the threshold verdict, and where the amendment changed it, '→' the
    amended one (not resolved in bold with the seeds needed)."""
    threshold, amended = verdict["threshold_verdict"], verdict["verdict"]
    if amended == "–" or amended == threshold:
        return amended
    needed = re.match(r"not resolved at n = \d+ \(n = (\d+) needed\)", amended)
    return f"{threshold} → **not resolved** (n = {needed.group(1)})" if needed else f"{threshold} → {amended}"


def compact(verdict):
    """The topology table's mark: ✓ / ✗, '✓→u' untested, '✓→nr' not resolved."""
    threshold, amended = verdict["threshold_verdict"], verdict["verdict"]
    sign = {"holds": "✓", "fails": "✗"}[threshold]
    if amended == threshold:
        return sign
    return sign + ("→u" if amended == "untested" else "→nr")


def check(results, here):
    verdicts = {(r["spec"], r["cell"], r["claim"]): r for r in rows(os.path.join(here, "verdicts.csv"))}
    grid_acc = {(r["dataset"], r["method"], r["weight_decay"], r["learning_rate"]): r
                for r in rows(os.path.join(here, "grid", "accuracy.csv"))}
    grid_rob = {(r["dataset"], r["method"], r["weight_decay"], r["learning_rate"], r["perturbation"]): r
                for r in rows(os.path.join(here, "grid", "robustness-methods.csv"))}
    topo_acc = {(r["method"], r["zeta"], r["density"]): r for r in rows(os.path.join(here, "topology", "accuracy.csv"))}
    topo_rob = {(r["method"], r["zeta"], r["density"], r["perturbation"]): r
                for r in rows(os.path.join(here, "topology", "robustness-methods.csv"))}
    long_acc = {r["method"]: r for r in rows(os.path.join(here, "long", "accuracy.csv"))}
    long_rob = {(r["method"], r["perturbation"]): r for r in rows(os.path.join(here, "long", "robustness-methods.csv"))}
    dense = {(spec, r["dataset"]): r for spec in ("default", "accuracy")
             for r in rows(os.path.join(here, "dense", f"dense-{spec}-accuracy.csv"))}
    paper = {(r["dataset"], r["method"], r["perturbation"]): r
             for r in rows(os.path.join(here, "..", "paper-study", "robustness-methods.csv"))}

    # The table of verdicts per protocol cell.
    for dataset, name in (("fashion-mnist", "Fashion"), ("mnist", "MNIST")):
        for wd in ("0", "1e-5", "1e-4", "5e-4", "1e-3"):
            for lr in ("0.025", "0.05"):
                cell = f"{dataset}, weight_decay={wd}, learning_rate={lr}"
                label = f"{name}, wd {wd}, lr {lr}"
                label = f"**{label}** (paper protocol)" if (wd, lr) == PAPER else label
                marks = " | ".join(mark(verdicts[("grid", cell, c)]) for c in CLAIMS)
                results.quote("| {} | {} |", label, marks)

    # The topology table.
    for zeta in ("0.1", "0.3", "0.5"):
        cells = []
        for density in ("0.005", "0.01", "0.02"):
            cell = f"mnist, zeta={zeta}, density={density}"
            cells.append(" · ".join(f"{short_name} {compact(verdicts[('topology', cell, c)])}"
                                    for c, short_name in [("2", "2"), ("3 random", "3r"), ("3 smallest-first", "3s"),
                                                          ("5a", "5a"), ("5b", "5b")]))
        results.quote("| {} | {} |", zeta, " | ".join(cells))

    # Across the grid: threshold counts, amended counts and sign tests.
    grid_cells = {k[1] for k in verdicts if k[0] == "grid" and k[1] != "across cells"}
    held = lambda c: sum(1 for cell in grid_cells if verdicts[("grid", cell, c)]["threshold_verdict"] == "holds")
    results.quote("| 2 | CH3L3 converges faster than RLR | **protocol-dependent** ({} of {})", held("2"),
                  len(grid_cells))
    results.quote("**protocol-dependent** ({} of {}) | weight decay: holds in all 8 cells with wd ≥ 5e-4, in 1 of 12",
                  held("5a"), len(grid_cells))
    results.quote("| **protocol-dependent** ({} of {}) | no single setting", held("5b"), len(grid_cells))
    across = lambda c: verdicts[("grid", "across cells", c)]
    amended_5a = re.match(r"protocol-dependent: holds in (\d+) of (\d+)", across("5a")["verdict"]).groups()
    results.quote("**holds in {} of {}**", *amended_5a)
    results.quote("Sign test {} of {} above 90%, p = {}", across("5a")["sign_cells_for"], across("5a")["sign_cells"],
                  num(across("5a")["p_sign"], 2, 1e-9))
    results.quote("Sign test: RLR ahead in {} of {}, p = {}", across("5b")["sign_cells_for"],
                  across("5b")["sign_cells"], num(across("5b")["p_sign"], 2, 1e-9))
    results.quote("Sign test {} of {}, p = {}", across("1")["sign_cells_for"], across("1")["sign_cells"],
                  num(across("1")["p_sign"], 2, 1e-9))

    # Claim 1 against the two dense references.
    g = lambda d, m, wd, lr: 100 * float(grid_acc[(d, m, wd, lr)]["final_test_accuracy_mean"])
    references = (("default", PAPER, ("ch3l3", "rlr")), ("accuracy", ("1e-5", "0.05"), ("rlr", "ch3l3")))
    for spec, (wd, lr), order in references:
        for d, name in (("mnist", "MNIST"), ("fashion-mnist", "Fashion-MNIST")):
            ref = dense[(spec, d)]
            mean = 100 * float(ref["final_test_accuracy_mean"])
            gaps = [(m, g(d, m, wd, lr), mean - g(d, m, wd, lr)) for m in order]
            text = " and " if spec == "default" else ", "
            results.quote("{} dense {} ± {}% — {}", name, pct(ref["final_test_accuracy_mean"]),
                          pct(ref["final_test_accuracy_std"]),
                          text.join(f"{label} {acc:.2f} ({gap:.2f} below)" for m, acc, gap in gaps
                                    for label in [{"rlr": "RLR", "ch3l3": "CH3L3"}[m]]))
    move = [100 * (float(dense[("accuracy", d)]["final_test_accuracy_mean"])
                   - float(dense[("default", d)]["final_test_accuracy_mean"])) for d in ("mnist", "fashion-mnist")]
    results.quote("the dense network changes by {} (MNIST) and {} (Fashion) points",
                  *[f"{m:+.2f}".replace("-", "−") for m in move])
    results.quote("Fashion-MNIST ({:.2f} → {:.2f})", g("fashion-mnist", "rlr", "1e-5", "0.025"),
                  g("fashion-mnist", "rlr", "5e-4", "0.025"))

    # Claim 5a and the paper-study comparison.
    at80 = lambda r: f"{pct(r['accuracy_at_0.8_mean'])} ± {pct(r['accuracy_at_0.8_std'])}"
    rev = lambda d, m, wd, lr: grid_rob[(d, m, wd, lr, "reverse-weight-order")]
    results.quote("(MNIST {}% left at wd 0 / lr 0.025; Fashion {}%)", at80(rev("mnist", "rlr", "0", "0.025")),
                  at80(rev("fashion-mnist", "rlr", "0", "0.025")))
    results.quote("static {}%, RLR {}%, CH3L3 {}%)", *[at80(rev("mnist", m, *PAPER)) for m in ("none", "rlr", "ch3l3")])
    p_rlr, p_ch = paper[("mnist", "rlr", "reverse-weight-order")], paper[("mnist", "ch3l3", "reverse-weight-order")]
    g_rlr, g_ch = rev("mnist", "rlr", *PAPER), rev("mnist", "ch3l3", *PAPER)
    f = lambda r: 100 * float(r["accuracy_at_0.8_mean"])
    results.quote("the paper study has RLR {} vs CH3L3 {} (difference {:.2f}, above CH3L3's std", at80(p_rlr),
                  at80(p_ch), f(p_rlr) - f(p_ch))
    results.quote("here RLR {} vs CH3L3 {} — a difference of {:.2f} within CH3L3's std of {}", at80(g_rlr),
                  at80(g_ch), f(g_rlr) - f(g_ch), pct(g_ch["accuracy_at_0.8_std"]))
    results.quote("means differ by {:.2f} (RLR) and {:.2f} (CH3L3) points", abs(f(p_rlr) - f(g_rlr)),
                  abs(f(p_ch) - f(g_ch)))

    # The defaults.
    results.quote("(MNIST CH3L3 {:.2f} → {:.2f}, RLR {:.2f} → {:.2f})", g("mnist", "ch3l3", *PAPER),
                  g("mnist", "ch3l3", "5e-4", "0.05"), g("mnist", "rlr", *PAPER), g("mnist", "rlr", "5e-4", "0.05"))
    results.quote("(MNIST {} → {}, Fashion {} → {})", pct(rev("mnist", "ch3l3", *PAPER)["accuracy_at_0.8_mean"]),
                  pct(rev("mnist", "ch3l3", "5e-4", "0.05")["accuracy_at_0.8_mean"]),
                  pct(rev("fashion-mnist", "ch3l3", *PAPER)["accuracy_at_0.8_mean"]),
                  at80(rev("fashion-mnist", "ch3l3", "5e-4", "0.05")))

    # Topology settings.
    t_acc = lambda m, z, d: pct(topo_acc[(m, z, d)]["final_test_accuracy_mean"])
    t_rev = lambda m, z, d: topo_rob[(m, z, d, "reverse-weight-order")]
    results.quote("(RLR {}%, CH3L3 {}%; at 80% smallest-first removal {} vs {})", t_acc("rlr", "0.3", "0.01"),
                  t_acc("ch3l3", "0.3", "0.01"), at80(t_rev("rlr", "0.3", "0.01")), at80(t_rev("ch3l3", "0.3", "0.01")))
    results.quote("{} → {} → {}% left at 80% removal for ζ 0.1, 0.3, 0.5), RLR's hardly moves ({} → {} → {})",
                  *[at80(t_rev("ch3l3", z, "0.01")) for z in ("0.1", "0.3", "0.5")],
                  *[pct(t_rev("rlr", z, "0.01")["accuracy_at_0.8_mean"]) for z in ("0.1", "0.3", "0.5")])
    results.quote("({} vs {}; {} vs {})", pct(t_rev("ch3l3", "0.5", "0.01")["accuracy_at_0.8_mean"]),
                  pct(t_rev("rlr", "0.5", "0.01")["accuracy_at_0.8_mean"]), at80(t_rev("ch3l3", "0.5", "0.02")),
                  at80(t_rev("rlr", "0.5", "0.02")))

    # The long protocol's table against the grid's 20-epoch cell.
    methods = ("rlr", "ch3l3", "none")
    results.quote("| test accuracy RLR / CH3L3 / static (%) | {} | {} |",
                  " / ".join(pct(grid_acc[("mnist", m, *PAPER)]["final_test_accuracy_mean"]) for m in methods),
                  " / ".join(f"{pct(long_acc[m]['final_test_accuracy_mean'])} ± "
                             f"{pct(long_acc[m]['final_test_accuracy_std'])}" for m in methods))
    results.quote("| left at 80% smallest-first, RLR / CH3L3 / static (%) | {} | {} |",
                  " / ".join(pct(rev("mnist", m, *PAPER)["accuracy_at_0.8_mean"]) for m in methods),
                  " / ".join(at80(long_rob[(m, "reverse-weight-order")]) for m in methods))
    share = lambda r: f"{100 * float(r['accuracy_at_0.8_mean']) / float(r['unperturbed_accuracy_mean']):.1f}"
    results.quote("| the same as a share of the unperturbed accuracy | {} | {} |",
                  " / ".join(share(rev("mnist", m, *PAPER)) for m in methods),
                  " / ".join(share(long_rob[(m, "reverse-weight-order")]) for m in methods))
    results.quote("| random-removal AUC RLR / CH3L3 / static (%) | {} | {} |",
                  " / ".join(pct(grid_rob[("mnist", m, *PAPER, "random")]["auc_mean"], 1) for m in methods),
                  " / ".join(pct(long_rob[(m, "random")]["auc_mean"], 1) for m in methods))
    results.quote("(RLR {} vs CH3L3 {}, within one std)", at80(long_rob[("rlr", "reverse-weight-order")]),
                  at80(long_rob[("ch3l3", "reverse-weight-order")]))
    long_2 = re.match(r"CH3L3 above RLR at (\d+)/(\d+) epochs; reaches RLR's final ([\d.]+)% at epoch (\d+)",
                      verdicts[("long", "mnist, epochs=100, learning_rate=0.025, weight_decay=5e-4", "2")]["numbers"])
    results.quote("CH3L3's mean curve is above RLR's at {} of the {} epochs after the first update and reaches RLR's "
                  "final {}% at epoch {}", *long_2.groups())

    check_prose(results, here)
    check_prose_tables(results, here)


def end(x, decimals):
    """One end of a quoted range: rounded, or cut to its decimals (the text writes some ranges either way)."""
    x = float(x)
    cut = math.floor(x * 10**decimals + 1e-9) / 10**decimals
    rounded = num(x, decimals)
    return Alt([f"{cut:.{decimals}f}", *(rounded.spellings if isinstance(rounded, Alt) else [rounded])])


def span(values, decimals, dash="–"):
    values = [float(v) for v in values]
    return f"{end(min(values), decimals)}{dash}{end(max(values), decimals)}"


def setting(cell):
    """(data set, weight decay, learning rate) of a grid cell's text."""
    m = re.match(r"([\w-]+), weight_decay=([^,]+), learning_rate=(.+)", cell)
    return m.group(1), m.group(2), m.group(3)


def check_prose(results, here):
    """The claims table's counts and the amendment's p-values, and the prose ranges, from verdicts.csv and the grid,
    topology and long tables (issue 29 §3: every number of the text from the committed files)."""
    verdicts = rows(os.path.join(here, "verdicts.csv"))
    grid = {(r["cell"], r["claim"]): r for r in verdicts if r["spec"] == "grid" and r["cell"] != "across cells"}
    cells = sorted({c for c, _ in grid})
    strong = [c for c in cells if float(setting(c)[1]) >= 5e-4]
    weak = [c for c in cells if float(setting(c)[1]) < 5e-4]
    holds = lambda claim, among: [c for c in among if grid[(c, claim)]["threshold_verdict"] == "holds"]
    count = lambda claim, among: (f"all {len(among)}" if len(holds(claim, among)) == len(among)
                                  else f"{len(holds(claim, among))} of {len(among)}")

    def where(cells_):
        """'MNIST 1e-5/0.025, both data sets 1e-4/0.05': the settings of cells, by weight decay."""
        by_setting = {}
        for c in cells_:
            d, wd, lr = setting(c)
            by_setting.setdefault((float(wd), wd, lr), []).append(d)
        return ", ".join(("both data sets" if len(ds) == 2 else {"mnist": "MNIST", "fashion-mnist": "Fashion"}[ds[0]])
                         + f" {wd}/{lr}" for (_, wd, lr), ds in sorted(by_setting.items()))

    results.quote("weight decay: holds in {} cells with wd ≥ 5e-4, in {} of {} below ({}) | **untested** in the {} "
                  "cells whose threshold is met (per-seed curves not committed), fails in {}", count("2", strong),
                  len(holds("2", weak)), len(weak), where(holds("2", weak)), len(holds("2", cells)),
                  len(cells) - len(holds("2", cells)))
    results.quote("weight decay: holds in {} cells with wd ≥ 5e-4, in {} of {} below ({})", count("5a", strong),
                  len(holds("5a", weak)), len(weak), where(holds("5a", weak)))
    at = lambda wd: [c for c in cells if setting(c)[1] == wd]
    of = lambda claim, among: f"{len(holds(claim, among))} of {len(among)}"
    results.quote("no single setting: {} cells at wd 1e-3, {} at 5e-4, {} below", of("5b", at("1e-3")),
                  of("5b", at("5e-4")), of("5b", weak))

    # The amendment's column.
    v = lambda c: grid[c]
    open_5a = [c for c in cells if v((c, "5a"))["verdict"].startswith("not resolved")]
    held_5a = [c for c in cells if v((c, "5a"))["verdict"] == "holds"]
    share = lambda c: re.search(r"\(([\d.]+)% of unperturbed\)", v((c, "5a"))["numbers"]).group(1)
    label = lambda c: ("Fashion paper protocol" if setting(c) == ("fashion-mnist", *PAPER)
                       else "{} {}/{}".format({"mnist": "MNIST", "fashion-mnist": "Fashion"}[setting(c)[0]],
                                              *setting(c)[1:]))
    results.quote("one-sample p ≤ {}, Holm ≤ {}); **not resolved** in {}: {}", num(max(float(v((c, "5a"))["p"])
                  for c in held_5a), 4, 5e-5), num(max(float(v((c, "5a"))["p_holm"]) for c in held_5a), 3, 5e-4),
                  len(open_5a), " and ".join(
                      "{} ({}% of its accuracy, p = {}, Holm {}, n = {})".format(
                          label(c), share(c), num(v((c, "5a"))["p"], 3), num(v((c, "5a"))["p_holm"], 2),
                          v((c, "5a"))["seeds_needed"]) if i == 0 else
                      "{} ({}%, p = {}, Holm {}, n = {})".format(
                          label(c), share(c), num(v((c, "5a"))["p"], 3), num(v((c, "5a"))["p_holm"], 2),
                          v((c, "5a"))["seeds_needed"]) for i, c in enumerate(sorted(open_5a))))
    open_5b = [c for c in cells if v((c, "5b"))["verdict"].startswith("not resolved")]
    results.quote("the {} cells whose threshold is met are **not resolved** (paired p {}, Holm ≥ {}; n = {} needed)",
                  len(holds("5b", cells)), f"{num(min(float(v((c, '5b'))['p']) for c in open_5b), 3)}–"
                                           f"{num(max(float(v((c, '5b'))['p']) for c in open_5b), 2)}",
                  num(min(float(v((c, "5b"))["p_holm"]) for c in open_5b), 2),
                  "–".join(str(f(int(v((c, "5b"))["seeds_needed"]) for c in open_5b)) for f in (min, max)))
    one = [c for c in cells if v((c, "1"))["verdict"] not in ("–", "")]
    held_1 = sorted(c for c in one if v((c, "1"))["verdict"] == "holds")
    paper_mnist = v(("mnist, weight_decay=5e-4, learning_rate=0.025", "1"))
    results.quote("{} of {} hold (lr 0.05 / wd 1e-5, Welch p vs the 2-point margin {}); MNIST paper protocol **not "
                  "resolved** (RLR {:.2f} below, p = {}; n = {} needed)", len(held_1), len(one),
                  " and ".join(num(v((c, "1"))["p"], 4 if float(v((c, "1"))["p"]) < 1e-3 else 3) for c in held_1),
                  float(paper_mnist["effect"]), num(paper_mnist["p"], 2), paper_mnist["seeds_needed"])

    topology = [r for r in verdicts if r["spec"] == "topology" and r["claim"] == "5b"
                and r["verdict"].startswith("not resolved")]
    topology.sort(key=lambda r: float(r["p"]))
    results.quote("not resolved there either: paired p {}–{}, Holm over the 9 cells ≥ {}",
                  num(topology[0]["p"], 2), num(topology[-1]["p"], 2),
                  num(min(float(r["p_holm"]) for r in topology), 2))
    results.quote("paired p {}, Holm {}–{}, n = {} needed)", ", ".join(
        str(num(r["p"], 3 if float(r["p"]) < 0.1 else 2)) for r in topology),
        num(min(float(r["p_holm"]) for r in topology), 2), num(max(float(r["p_holm"]) for r in topology), 2),
        ", ".join(r["seeds_needed"] for r in topology))

    # "In numbers": claims 2 to 5b from verdicts.csv's numbers.
    curve = lambda c: re.match(r"CH3L3 above RLR at (\d+)/(\d+) epochs; reaches RLR's final [\d.]+% at (?:epoch )?"
                               r"(\w+) \(RLR at (\d+)\)", v((c, "2"))["numbers"]).groups()
    above = lambda among: [int(curve(c)[0]) for c in among]
    reach = [int(curve(c)[2]) for c in strong]
    results.quote("At wd ≥ 5e-4 CH3L3's mean curve is above RLR's at {}–{} of the 19 epochs after the first update "
                  "and reaches RLR's final accuracy at epoch {}–{} (RLR at {}–{}). At wd ≤ 1e-4 it holds in {} of {} "
                  "cells: CH3L3 is above RLR at {}–{} of 19 epochs", min(above(strong)), max(above(strong)), min(reach),
                  max(reach), min(int(curve(c)[3]) for c in strong), max(int(curve(c)[3]) for c in strong),
                  len(holds("2", weak)), len(weak), min(above(weak)), max(above(weak)))
    minimum = lambda claim, among: [float(x) for c in among
                                    for x in re.findall(r"min ([\d.]+)%", v((c, claim))["numbers"])]
    results.quote("the methods keep only {}% of their accuracy (criterion: 90%)", span(minimum("3 random", cells), 0))
    results.quote("keep ≥ {}% of their accuracy in every cell (≥ {}% at wd ≥ 5e-4)",
                  min(minimum("3 smallest-first", cells)), min(minimum("3 smallest-first", strong)))
    left = [int(x) for c in cells for x in re.findall(r"(\d+)%", v((c, "4"))["numbers"])]
    results.quote("leaves {}–{}% of the accuracy in every cell", min(left), max(left))
    shares = lambda among: [float(share(c)) for c in among]
    at_1e4 = [c for c in cells if setting(c)[1] == "1e-4"]
    below = [c for c in cells if float(setting(c)[1]) <= 1e-5]
    results.quote("RLR keeps {}% of its accuracy at wd ≥ 5e-4, but {}% at wd ≤ 1e-5", span(shares(strong), 1),
                  span(shares(below), 0))
    results.quote("and {}% at 1e-4", span(shares(at_1e4), 0))


def check_prose_tables(results, here):
    """The prose ranges read from the grid's, the topology study's and the long protocol's tables."""
    acc = {(r["dataset"], r["method"], r["weight_decay"], r["learning_rate"]):
           100 * float(r["final_test_accuracy_mean"]) for r in rows(os.path.join(here, "grid", "accuracy.csv"))}
    rob = {(r["dataset"], r["method"], r["weight_decay"], r["learning_rate"], r["perturbation"]): r
           for r in rows(os.path.join(here, "grid", "robustness-methods.csv"))}
    dense = {(spec, r["dataset"]): 100 * float(r["final_test_accuracy_mean"]) for spec in ("default", "accuracy")
             for r in rows(os.path.join(here, "dense", f"dense-{spec}-accuracy.csv"))}
    paper_dense = {r["dataset"]: 100 * float(r["final_test_accuracy_mean"])
                   for r in rows(os.path.join(here, "..", "paper-study", "dense-baseline-accuracy.csv"))}
    sparse, datasets = ("rlr", "ch3l3"), ("mnist", "fashion-mnist")
    decays, rates = ("0", "1e-5", "1e-4", "5e-4", "1e-3"), ("0.025", "0.05")

    # Claim 1.
    gain = [acc[(d, m, "1e-5", "0.05")] - acc[(d, m, *PAPER)] for d in datasets for m in sparse]
    move = [abs(dense[("accuracy", d)] - dense[("default", d)]) for d in datasets]
    results.quote("the dense network moves by ≤ {:.2f} points, RLR and CH3L3 lose {} on Fashion-MNIST", max(move),
                  span(gain[2:], 1))
    results.quote("understated the gap by {:.1f} points", dense[("default", "fashion-mnist")]
                  - paper_dense["fashion-mnist"])
    results.quote("the sparse ones gain {} (Fashion RLR most)", span(gain, 2))
    cost = lambda d, m: acc[(d, m, "1e-5", "0.025")] - acc[(d, m, *PAPER)]
    results.quote("costs RLR {:.1f} points on Fashion-MNIST ({:.2f} → {:.2f}) and {:.1f} on MNIST, CH3L3 {:.1f} and {} "
                  "(a gain)", cost("fashion-mnist", "rlr"), acc[("fashion-mnist", "rlr", "1e-5", "0.025")],
                  acc[("fashion-mnist", "rlr", *PAPER)], cost("mnist", "rlr"), cost("fashion-mnist", "ch3l3"),
                  f"{cost('mnist', 'ch3l3'):.2f}".replace("-", "−"))

    # Claim 5b's spread.
    low, high = ("0", "1e-5"), ("5e-4", "1e-3")
    std = lambda m, among: [100 * float(rob[(d, m, wd, lr, "reverse-weight-order")]["accuracy_at_0.8_std"])
                            for d in datasets for wd in among for lr in rates]
    results.quote("at wd ≥ 5e-4 CH3L3's at-80% values vary much more between seeds (std up to {:.1f} points) than "
                  "RLR's (≤ {:.1f})", max(std("ch3l3", high)), max(std("rlr", high)))

    # The trade-off.
    methods = ("rlr", "ch3l3", "none")
    a = lambda d, among: [acc[(d, m, wd, lr)] for m in methods for wd in among for lr in rates]
    left = lambda d, among: [100 * float(rob[(d, m, wd, lr, "reverse-weight-order")]["accuracy_at_0.8_mean"])
                             for m in methods for wd in among for lr in rates]
    results.quote("At wd ≤ 1e-5 all three reach {}% (MNIST) and {}% (Fashion) and keep only {}% (MNIST) and {}% "
                  "(Fashion) at 80% removal; at wd ≥ 5e-4 they keep {}% and {}%", span(a("mnist", low), 1),
                  span(a("fashion-mnist", low), 1), span(left("mnist", low), 0), span(left("fashion-mnist", low), 0),
                  span(left("mnist", high), 1), span(left("fashion-mnist", high), 0))
    lost = lambda m: [acc[(d, m, "1e-5", lr)] - acc[(d, m, "5e-4", lr)] for d in datasets for lr in rates]
    results.quote("costs static sparse {} points of accuracy, RLR {} and CH3L3 {}", span(lost("none"), 1),
                  span(lost("rlr"), 1), span(lost("ch3l3"), 1).replace("-", "−"))
    ch_best = rob[("mnist", "ch3l3", "5e-4", "0.05", "reverse-weight-order")]
    results.quote("{:.2f} → {:.2f} at lr 0.05, the best accuracy of the grid, with {} ± {}% left", acc[
        ("mnist", "ch3l3", "1e-5", "0.05")], acc[("mnist", "ch3l3", "5e-4", "0.05")],
        pct(ch_best["accuracy_at_0.8_mean"]), pct(ch_best["accuracy_at_0.8_std"]))
    if max(acc.values()) != acc[("mnist", "ch3l3", "5e-4", "0.05")]:
        results.quote("(not the best accuracy of the grid: {:.2f})", max(acc.values()))

    # The defaults.
    raised = [acc[(d, m, "5e-4", "0.05")] - acc[(d, m, *PAPER)] for d in datasets for m in methods]
    results.quote("raises every method's accuracy by {} point", span(raised, 1))

    # Topology settings.
    t_acc = {(r["method"], r["zeta"], r["density"]): 100 * float(r["final_test_accuracy_mean"])
             for r in rows(os.path.join(here, "topology", "accuracy.csv"))}
    t_rob = {(r["method"], r["zeta"], r["density"], r["perturbation"]): r
             for r in rows(os.path.join(here, "topology", "robustness-methods.csv"))}
    zetas, densities = ("0.1", "0.3", "0.5"), ("0.005", "0.01", "0.02")
    t_verdicts = {(r["cell"], r["claim"]): r for r in rows(os.path.join(here, "verdicts.csv"))
                  if r["spec"] == "topology" and r["cell"] != "across cells"}
    t_cells = sorted({c for c, _ in t_verdicts})
    curve = [re.match(r"CH3L3 above RLR at (\d+)/19 epochs; reaches RLR's final [\d.]+% at epoch (\d+) "
                      r"\(RLR at (\d+)\)", t_verdicts[(c, "2")]["numbers"]).groups() for c in t_cells]
    results.quote("above RLR's at {}–{} of the 19 epochs after the first update and reaches RLR's final accuracy at "
                  "epoch {}–{} (RLR at {}–{})", *[f(int(x[i]) for x in curve) for i in range(3) for f in (min, max)])
    minimum = lambda claim: [float(x) for c in t_cells
                             for x in re.findall(r"min ([\d.]+)%", t_verdicts[(c, claim)]["numbers"])]
    results.quote("(each method keeps only {}% of its accuracy somewhere up to 50% removed); **smallest-first holds in "
                  "all 9** (≥ {}%)", span(minimum("3 random"), 0), min(minimum("3 smallest-first")))
    auc = lambda density: [100 * float(t_rob[(m, z, density, "random")]["auc_mean"]) for m in sparse for z in zetas]
    results.quote("random-removal AUC rises from {}% at 0.5% to {}% at 2%", span(auc("0.005"), 0), span(auc("0.02"), 0))
    kept = [float(re.search(r"\(([\d.]+)% of unperturbed\)", t_verdicts[(c, "5a")]["numbers"]).group(1))
            for c in t_cells]
    results.quote("RLR keeps {}% of its accuracy at 80% smallest-first removal", span(kept, 1))
    by_density = lambda m, density: [t_acc[(m, z, density)] for z in zetas]
    results.quote("RLR {}% at 0.5%, {}% at 1%, {}% at 2%; CH3L3 {}, {} and {}", *[
        span(by_density(m, density), 1) for m in sparse for density in densities][:3], *[
        span(by_density("ch3l3", density), 1) for density in densities][:2], span(by_density("ch3l3", "0.02"), 1))
    rlr_moves = max(max(by_density("rlr", density)) - min(by_density("rlr", density)) for density in densities)
    ahead = [t_acc[("ch3l3", z, density)] - t_acc[("rlr", z, density)] for z in zetas for density in densities]
    results.quote("ζ moves RLR by ≤ {:.1f} points; CH3L3 loses {:.2f} points at 0.5% density when ζ goes from 0.1 to "
                  "0.5, and is ahead of RLR by {} points in every cell", rlr_moves,
                  t_acc[("ch3l3", "0.1", "0.005")] - t_acc[("ch3l3", "0.5", "0.005")], span(ahead, 1))
    noise = lambda m: [100 * float(t_rob[(m, z, density, "noise")]["auc_mean"]) for z in zetas for density in densities]
    results.quote("(noise AUC {}% vs {}%)", span(noise("rlr"), 1), span(noise("ch3l3"), 1))

    # The long protocol.
    l_acc = {r["method"]: 100 * float(r["final_test_accuracy_mean"])
             for r in rows(os.path.join(here, "long", "accuracy.csv"))}
    l_rob = {(r["method"], r["perturbation"]): r for r in rows(os.path.join(here, "long", "robustness-methods.csv"))}
    g20 = lambda m: acc[("mnist", m, *PAPER)]
    share = lambda r: 100 * float(r["accuracy_at_0.8_mean"]) / float(r["unperturbed_accuracy_mean"])
    g_rev = lambda m: rob[("mnist", m, *PAPER, "reverse-weight-order")]
    results.quote("RLR gains {:.1f} points of accuracy and CH3L3 {:.2f}, and their share left at 80% removal falls "
                  "from {:.1f}% to {:.1f}% and from {:.1f}% to {:.1f}%", l_acc["rlr"] - g20("rlr"),
                  l_acc["ch3l3"] - g20("ch3l3"), share(g_rev("rlr")), share(l_rob[("rlr", "reverse-weight-order")]),
                  share(g_rev("ch3l3")), share(l_rob[("ch3l3", "reverse-weight-order")]))
    results.quote("The evolving networks end within {} points of the dense network's 20-epoch {}%",
                  span([dense[("default", "mnist")] - l_acc[m] for m in sparse], 1),
                  num(dense[("default", "mnist")], 2))
    l_none = l_rob[("none", "reverse-weight-order")]
    results.quote("its accuracy gains only {:.2f} points, and it keeps all of it at 80% removal ({}% of {}%), but "
                  "loses random-removal robustness (AUC {}% → {}%)", l_acc["none"] - g20("none"),
                  pct(l_none["accuracy_at_0.8_mean"]), pct(l_none["unperturbed_accuracy_mean"]),
                  pct(rob[("mnist", "none", *PAPER, "random")]["auc_mean"], 1),
                  pct(l_rob[("none", "random")]["auc_mean"], 1))
    l_verdicts = {r["claim"]: r["numbers"] for r in rows(os.path.join(here, "verdicts.csv"))
                  if r["spec"] == "long" and r["cell"] != "across cells"}
    l_min = lambda claim: re.findall(r"(RLR|CH3L3) min ([\d.]+)%", l_verdicts[claim])
    random_min = dict(l_min("3 random"))
    results.quote("(RLR keeps as little as {}% of its accuracy up to 50% removed, CH3L3 {}%), smallest-first holds "
                  "(≥ {}%)", random_min["RLR"], random_min["CH3L3"],
                  min(float(x) for _, x in l_min("3 smallest-first")))
    left_10 = set(re.findall(r"(\d+)%", l_verdicts["4"]))
    results.quote("({}% left at 10% largest-first, every method)", left_10.pop() if len(left_10) == 1 else "unequal")

"""The numbers of the protocol study's RESULTS.md, recomputed from the committed tables (verdicts.csv, grid/,
topology/, long/, dense/ and the paper study's robustness-methods.csv). Run by ../lib/check_results.py."""
import os
import re

from check_results import num, pct, rows

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

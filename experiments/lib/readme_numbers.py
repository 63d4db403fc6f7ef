"""The study results the two READMEs quote (the repository's README.md: "Accuracy to expect" and "Choosing a
protocol"; experiments/README.md: "Accuracy" and "Choosing a protocol"), recomputed from the studies' committed
tables, as results_numbers.py does for each RESULTS.md. Run by check_results.py; see there."""
import os
import re

from check_results import num, pct, rows

PAPER = ("5e-4", "0.025")
PROTOCOLS = [("0.025", "5e-4"), ("0.05", "5e-4"), ("0.05", "1e-4"), ("0.05", "1e-5")]


class Tables:
    def __init__(self, experiments):
        here = lambda *p: os.path.join(experiments, *p)
        self.paper = {(r["dataset"], r["method"]): r for r in rows(here("paper-study", "accuracy.csv"))}
        self.paper_rob = {(r["dataset"], r["method"], r["perturbation"]): r
                          for r in rows(here("paper-study", "robustness-methods.csv"))}
        self.dense5 = {r["dataset"]: r for r in rows(here("paper-study", "dense-baseline-accuracy.csv"))}
        protocol = here("protocol-sensitivity")
        self.dense20 = {r["dataset"]: r for r in rows(os.path.join(protocol, "dense", "dense-default-accuracy.csv"))}
        self.grid = {(r["dataset"], r["method"], r["weight_decay"], r["learning_rate"]): r
                     for r in rows(os.path.join(protocol, "grid", "accuracy.csv"))}
        self.grid_rob = {(r["dataset"], r["method"], r["weight_decay"], r["learning_rate"], r["perturbation"]): r
                         for r in rows(os.path.join(protocol, "grid", "robustness-methods.csv"))}
        self.long = {r["method"]: r for r in rows(os.path.join(protocol, "long", "accuracy.csv"))}
        self.long_rob = {(r["method"], r["perturbation"]): r
                         for r in rows(os.path.join(protocol, "long", "robustness-methods.csv"))}
        self.topology = {(r["method"], r["zeta"], r["density"]): 100 * float(r["final_test_accuracy_mean"])
                         for r in rows(os.path.join(protocol, "topology", "accuracy.csv"))}
        self.ten_epochs = {(r["setting"], r["epoch"]): r for r in rows(here("rlr-vs-ch3l3", "summary.csv"))}
        self.robustness_mnist = {(r["method"], r["perturbation"]): r
                                 for r in rows(here("robustness-mnist", "method-summary.csv"))}

    def paper_accuracy(self, d, m):
        r = self.paper[(d, m)]
        return f"{pct(r['final_test_accuracy_mean'])} ± {pct(r['final_test_accuracy_std'])}"

    def paper_at80(self, d, m):
        r = self.paper_rob[(d, m, "reverse-weight-order")]
        return f"{pct(r['accuracy_at_0.8_mean'])} ± {pct(r['accuracy_at_0.8_std'])}"

    def cell(self, d, m, lr, wd, auc=True):
        """A protocol table's cell: accuracy / left at 80% smallest-first / random-removal AUC."""
        accuracy = pct(self.grid[(d, m, wd, lr)]["final_test_accuracy_mean"])
        left = pct(self.grid_rob[(d, m, wd, lr, "reverse-weight-order")]["accuracy_at_0.8_mean"], 1)
        random = pct(self.grid_rob[(d, m, wd, lr, "random")]["auc_mean"], 0)
        return f"{accuracy} / {left} / {random}" if auc else f"{accuracy} / {left}"

    def long_cell(self, m, auc=True):
        accuracy = pct(self.long[m]["final_test_accuracy_mean"])
        left = pct(self.long_rob[(m, "reverse-weight-order")]["accuracy_at_0.8_mean"], 1)
        random = pct(self.long_rob[(m, "random")]["auc_mean"], 0)
        return f"{accuracy} / {left} / {random}" if auc else f"{accuracy} / {left}"

    def density_ranges(self):
        spans = []
        for density in ("0.005", "0.01", "0.02"):
            v = [self.topology[("rlr", z, density)] for z in ("0.1", "0.3", "0.5")]
            spans.append(f"{min(v):.1f}–{max(v):.1f}%")
        return spans


def check_readme(results, experiments):
    """The repository's README.md."""
    t = Tables(experiments)
    results.quote("MNIST CH3L3 {}%, RLR {}%, static {}%; Fashion-MNIST {}%, {}%, {}% (dense references, 20 epochs, 3 "
                  "seeds: {}% and {}%)", *[t.paper_accuracy(d, m) for d in ("mnist", "fashion-mnist")
                                            for m in ("ch3l3", "rlr", "none")],
                  pct(t.dense20["mnist"]["final_test_accuracy_mean"]),
                  pct(t.dense20["fashion-mnist"]["final_test_accuracy_mean"]))
    results.quote("RLR networks keep {}% on MNIST and CH3L3 networks {}%", t.paper_at80("mnist", "rlr"),
                  t.paper_at80("mnist", "ch3l3"))
    results.quote("RLR reaches {}% and CH3L3 {}% on MNIST", pct(t.grid[("mnist", "rlr", "1e-5", "0.05")]
                                                                 ["final_test_accuracy_mean"]),
                  pct(t.grid[("mnist", "ch3l3", "1e-5", "0.05")]["final_test_accuracy_mean"]))
    left = {int(x) for d in ("mnist", "fashion-mnist") for r in rows(os.path.join(experiments, "paper-study",
                                                                                      "verdicts.csv"))
            if r["cell"] == d and r["claim"] == "4" for x in re.findall(r"(\d+)%", r["numbers"])}
    results.quote("and 10% leaves {}–{}% (chance)", min(left), max(left))
    final = t.ten_epochs
    results.quote("(2026-11-26: RLR {} ± {}%, CH3L3", final[("rlr-default", "10")]["test_accuracy_mean"],
                  final[("rlr-default", "10")]["test_accuracy_std"])
    for label, (lr, wd) in zip(("paper protocol (defaults)", "faster, still compressible", "middle", "accuracy first"),
                               PROTOCOLS):
        results.quote("| {} | `--learning-rate {} --weight-decay {}` | {} |", label, lr, wd,
                      t.cell("mnist", "rlr", lr, wd, auc=False))
    results.quote("| long protocol | defaults, `--epochs 100` | {} |", t.long_cell("rlr", auc=False))
    spans = t.density_ranges()
    results.quote("Density sets the accuracy (RLR {} at `--density 0.005`, {} at 0.01, {} at 0.02)", *spans)


def check_experiments_readme(results, experiments):
    """experiments/README.md."""
    t = Tables(experiments)
    for setting, label in (("rlr-default", "defaults (lr 0.025, weight decay 5e-4)"),
                           ("rlr-wd1e-5-lr0.05", "`--learning-rate 0.05 --weight-decay 1e-5`")):
        epochs = " | ".join(f"{t.ten_epochs[(setting, str(e))]['test_accuracy_mean']} ± "
                            f"{t.ten_epochs[(setting, str(e))]['test_accuracy_std']}" for e in range(1, 11))
        results.quote("| {} | {} |", label, epochs)
    ten = lambda s: f"{t.ten_epochs[(s, '10')]['test_accuracy_mean']} ± {t.ten_epochs[(s, '10')]['test_accuracy_std']}"
    results.quote("ends at {}% against {}%", ten("ch3l3-default"), ten("rlr-default"))
    results.quote("({}% and {}%)", ten("ch3l3-wd1e-5-lr0.05"), ten("rlr-wd1e-5-lr0.05"))
    results.quote("MNIST CH3L3 {}%, RLR {}%, static {}% (dense network, 5 epochs: {}%); Fashion-MNIST {}%, {}%, {}% "
                  "(dense: {}%; the dense network trained like the sparse ones, 20 epochs, 3 seeds: {}% and {}%)",
                  *[t.paper_accuracy("mnist", m) for m in ("ch3l3", "rlr", "none")],
                  pct(t.dense5["mnist"]["final_test_accuracy_mean"]),
                  *[t.paper_accuracy("fashion-mnist", m) for m in ("ch3l3", "rlr", "none")],
                  pct(t.dense5["fashion-mnist"]["final_test_accuracy_mean"]),
                  pct(t.dense20["mnist"]["final_test_accuracy_mean"]),
                  pct(t.dense20["fashion-mnist"]["final_test_accuracy_mean"]))
    results.quote("keep {}% (RLR) and {}% (CH3L3) at 80% removal", t.paper_at80("mnist", "rlr"),
                  t.paper_at80("mnist", "ch3l3"))
    # The claims by their threshold-only verdicts in the paper study's verdicts.csv.
    verdicts = rows(os.path.join(experiments, "paper-study", "verdicts.csv"))
    by_claim = {}
    for r in verdicts:
        if r["cell"] != "across cells":
            by_claim.setdefault(re.match(r"\d+", r["claim"]).group(), []).append(r["threshold_verdict"])
    full = [c for c, v in by_claim.items() if all(x == "holds" for x in v)]
    part = [c for c, v in by_claim.items() if "holds" in v and c not in full]
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    results.quote("of the {} published claims {} hold", words[len(by_claim)], words[len(full)])
    results.quote("and {} hold in part", words[len(part)])
    gap = lambda d: 100 * (float(t.dense20[d]["final_test_accuracy_mean"])
                           - float(t.paper[(d, "rlr")]["final_test_accuracy_mean"]))
    results.quote("claim 1 is met on MNIST (RLR {:.2f} points below it) and not on Fashion-MNIST ({:.2f} below)",
                  gap("mnist"), gap("fashion-mnist"))
    rm = lambda m: t.robustness_mnist[(m, "reverse-weight-order")]["accuracy_at_0.8"]
    as_percent = lambda s: " ± ".join(pct(x) for x in s.split(" ± "))
    results.quote("RLR networks keep {}% and CH3L3 networks {}%", as_percent(rm("rlr")), as_percent(rm("ch3l3")))
    labels = ("paper protocol (defaults)", "faster, still compressible", "middle", "accuracy first")
    for label, (lr, wd) in zip(labels, PROTOCOLS):
        cells = " | ".join(t.cell(d, m, lr, wd) for d in ("mnist", "fashion-mnist") for m in ("rlr", "ch3l3"))
        results.quote("| {} | `--learning-rate {} --weight-decay {}` | {} |", label, lr, wd, cells)
    results.quote("| long protocol (MNIST only) | defaults, `--epochs 100` | {} | {} | – | – |", t.long_cell("rlr"),
                  t.long_cell("ch3l3"))
    spans = t.density_ranges()
    results.quote("(RLR {} at `--density 0.005`, {} at 0.01, {} at 0.02;", spans[0], spans[1], spans[2])
    ahead = [t.topology[("ch3l3", z, d)] - t.topology[("rlr", z, d)] for z in ("0.1", "0.3", "0.5")
             for d in ("0.005", "0.01", "0.02")]
    results.quote("CH3L3 {}–{} points above)", num(min(ahead), 1), num(max(ahead), 1))


READMES = [("README.md", os.path.join("..", "README.md"), check_readme),
           ("experiments/README.md", "README.md", check_experiments_readme)]

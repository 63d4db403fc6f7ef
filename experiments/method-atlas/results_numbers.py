"""The numbers of the method atlas's RESULTS.md, recomputed from the committed models.csv, methods.csv, pairs.csv,
answers.csv and q4.csv (collect.py's and verdict.py's). Run by ../lib/check_results.py."""
import os

from check_results import num, rows

OUTCOMES = {  # verdict.py's labels, as summary.md and RESULTS.md's tables write them
    "q1_compressibility": "compressible",
    "q2_random_tolerance": "tolerant of random failure",
    "q3_link_fragility": "fragile to largest-\\|w\\|-first link removal",
    "q3_neuron_fragility": "fragile to the in-degree neuron attack",
}
METHOD_ORDER = ["rlr", "set", "rigl", "ch3l3", "chts", "static", "dense"]


def table_lines(here):
    """The rows of each data set's table, as verdict.py writes them into summary.md (RESULTS.md copies them)."""
    methods = rows(os.path.join(here, "methods.csv"))
    answers = {(r["dataset"], r["outcome"]): r for r in rows(os.path.join(here, "answers.csv"))}
    lines = []
    for dataset in ("mnist", "fashion-mnist"):
        present = [m for m in METHOD_ORDER if any(r["dataset"] == dataset and r["method"] == m for r in methods)]
        lines.append("| outcome | " + " | ".join(present) + " | answer (top group) |")
        for outcome, label in OUTCOMES.items():
            cells = {r["method"]: f"{num(r['mean'], 3)} ({num(r['ci95_low'], 3)}–{num(r['ci95_high'], 3)})"
                     for r in methods if r["dataset"] == dataset and r["outcome"] == outcome}
            answer = answers[(dataset, outcome)]
            lines.append(f"| most {label} | " + " | ".join(cells[m] for m in present)
                         + f" | {answer['answer']} ({answer['top_group']}) |")
    return lines


ANSWER_LABELS = {
    "q1_compressibility": "Q1 most compressible",
    "q2_random_tolerance": "Q2 most tolerant of random failure",
    "q3_link_fragility": "Q3 most fragile to largest-\\|w\\|-first link removal",
    "q3_neuron_fragility": "Q3 most fragile to the in-degree neuron attack",
}


def answer_lines(answers):
    """The rows of RESULTS.md's answers table, from answers.csv."""
    def cell(dataset, outcome):
        a = next(r for r in answers if r["dataset"] == dataset and r["outcome"] == outcome)
        return a["answer"] if a["answer"] != "no single method" else f"no single method ({a['top_group']})"

    lines = []
    for outcome, label in ANSWER_LABELS.items():
        across = next(r for r in answers if r["dataset"] == "mnist" and r["outcome"] == outcome)
        lines.append(f"| {label} | {cell('mnist', outcome)} | {cell('fashion-mnist', outcome)} | "
                     f"{across['holds_across_datasets']} |")
    return lines


def check(results, here):
    for line in table_lines(here):
        results.quote(line.replace("{", "{{").replace("}", "}}"))
    models = rows(os.path.join(here, "models.csv"))
    for dataset in ("mnist", "fashion-mnist"):
        n = sum(1 for r in models if r["dataset"] == dataset)
        results.quote(f"{dataset}: {{}} models", n)
    answers = rows(os.path.join(here, "answers.csv"))
    for line in answer_lines(answers):
        results.quote(line.replace("{", "{{").replace("}", "}}"))
    across = sum(1 for r in answers if r["dataset"] == "mnist" and r["holds_across_datasets"] == "yes")
    results.quote("{} of the four answers hold across data sets", across)
    q4 = rows(os.path.join(here, "q4.csv"))
    for dataset in ("mnist", "fashion-mnist"):
        hits = [r for r in q4 if r["dataset"] == dataset and r["verdict"] != "does not predict"]
        beyond = [r for r in hits if "identifies" not in r["verdict"]]
        results.quote(f"{dataset}: {{}} of the 24 measure × outcome pairs predict, {{}} of them within methods",
                      len(hits), len(beyond))
    check_q4(results, here)
    check_prose(results, here)
    check_time(results, here)


def pair_text(here):
    """'difference D (95% L to H), Holm p P' for a pair of pairs.csv, as RESULTS.md writes it."""
    pairs = {(r["dataset"], r["outcome"], r["method_a"], r["method_b"]): r for r in rows(os.path.join(here, "pairs.csv"))}

    def text(dataset, outcome, a, b):
        r = pairs[(dataset, outcome, a, b)]
        return (f"{a} − {b} {num(r['difference'], 3)} (95% {num(r['ci95_low'], 3)} to {num(r['ci95_high'], 3)}), "
                f"Holm p {float(r['p_holm']):.2g}")

    return text


def check_q4(results, here):
    """The Q4 section's counts and its example of a sign change."""
    q4 = rows(os.path.join(here, "q4.csv"))
    hits = {(r["measure"], r["outcome"]) for r in q4 if r["verdict"] != "does not predict" and r["dataset"] == "mnist"}
    both = sum(1 for r in q4 if r["dataset"] == "fashion-mnist" and r["verdict"] != "does not predict"
               and (r["measure"], r["outcome"]) in hits)
    words = ["None", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"]
    results.quote("{} pairs do so on both data sets", words[both])
    example = next(r for r in q4 if r["dataset"] == "mnist" and r["measure"] == "in_degree_gini_layer1"
                   and r["outcome"] == "q3_neuron_fragility")
    results.quote("layer 1 against neuron fragility on MNIST, ρ {} pooled and {} within methods",
                  num(example["spearman_rho"], 2), num(example["within_method_rho"], 2, minus="−"))


def check_prose(results, here):
    """Numbers of the per-data-set paragraphs."""
    models = rows(os.path.join(here, "models.csv"))
    methods = rows(os.path.join(here, "methods.csv"))
    mean = {(r["dataset"], r["outcome"], r["method"]): float(r["mean"]) for r in methods}
    for dataset in ("mnist", "fashion-mnist"):
        present = [m for m in METHOD_ORDER if any(r["dataset"] == dataset and r["method"] == m for r in models)]
        accuracy = []
        for m in present:
            values = [float(r["accuracy"]) for r in models if r["dataset"] == dataset and r["method"] == m]
            accuracy.append(f"{m} {num(100 * sum(values) / len(values), 2, 1e-9)}%")
        results.quote(f"Test accuracy, {dataset} (mean of 5 models): " + ", ".join("{}" for _ in accuracy), *accuracy)
        sparse = [mean[(dataset, "q3_link_fragility", m)] for m in present if m != "dense"]
        results.quote("all six sparse methods lose about the same share (1 − R {}–{})",
                      num(min(sparse), 3), num(max(sparse), 3))


def check_time(results, here):
    """The time the atlas took, from the run's timings.csv (committed beside the tables)."""
    timings = rows(os.path.join(here, "timings.csv"))

    def total(prefix):
        return sum(int(r["seconds"]) for r in timings if r["step"].startswith(prefix))

    train, sweep, analyze = total("train-"), total("sweep-"), total("analyze-")
    results.quote("training {:,} s, sweeps {:,} s, analyze {:,} s as recorded, {} h in all", train, sweep, analyze,
                  num((train + sweep + analyze) / 3600, 1))

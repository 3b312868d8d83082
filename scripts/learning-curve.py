#!/usr/bin/env python3
"""Learning curve of the topic classifier as an analyst labels articles.

Drives the commands exactly as an analyst would: the development articles are written as
page files and ingested into a temporary store (`gazette ingest`); for n = 0, 10, 20, …
the first n of them (in a fixed random order) are labelled (`gazette label ID TOPIC`), the
model is retrained on the seeds plus the store's labels (`gazette train --store S
--no-shipped config/training/seeds.jsonl`, so the devset copy in the shipped corpus is not
used), and scored on the articles not yet labelled (`gazette eval --json`). Repeated for a
few orders and averaged.

usage: scripts/learning-curve.py [GAZETTE] [DEVSET.jsonl] [--orders N]
"""
import hashlib, json, os, random, subprocess, sys, tempfile

args = [a for a in sys.argv[1:] if not a.startswith("--")]
orders = int(sys.argv[sys.argv.index("--orders") + 1]) if "--orders" in sys.argv else 3
if "--orders" in sys.argv:
    args = [a for a in args if a != str(orders)]
gazette = os.path.abspath(args[0] if args else (".build/release/gazette" if os.path.exists(".build/release/gazette") else ".build/debug/gazette"))
devset = args[1] if len(args) > 1 else "../shared/devset/articles.jsonl"
seeds = "config/training/seeds.jsonl"
steps = [0, 10, 20, 30, 40, 50]


def run(*argv):
    return subprocess.run([gazette, *argv], check=True, capture_output=True, text=True).stdout


rows = [json.loads(line) for line in open(devset, encoding="utf-8") if line.strip()]
results = {n: [] for n in steps}
with tempfile.TemporaryDirectory() as tmp:
    store = os.path.join(tmp, "store.sqlite")
    by_sha = {}
    pages = []
    for i, r in enumerate(rows):
        path = os.path.join(tmp, f"dev{i:03d}.txt")
        body = ((r.get("headline") or "") + "\n\n" + r["text"]).strip() + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
        by_sha[hashlib.sha256(body.encode("utf-8")).hexdigest()] = i
        pages.append(path)
    run("ingest", "--store", store, *pages)
    article_ids = {i: [] for i in range(len(rows))}
    for line in run("export", "--store", store).splitlines():
        a = json.loads(line)
        if a["file_sha256"] in by_sha:
            article_ids[by_sha[a["file_sha256"]]].append(a["id"])
    for order in range(orders):
        rng = random.Random(order + 1)
        perm = list(range(len(rows)))
        rng.shuffle(perm)
        # A fresh copy of the unlabelled store for each order.
        ordered_store = os.path.join(tmp, f"order{order}.sqlite")
        subprocess.run(["cp", store, ordered_store], check=True)
        labelled = 0
        for n in steps:
            for i in perm[labelled:n]:
                for aid in article_ids[i]:
                    run("label", "--store", ordered_store, str(aid), rows[i]["topic"])
            labelled = n
            model = os.path.join(tmp, "model.gznb")
            run("train", "--store", ordered_store, "--no-shipped", seeds, "-o", model)
            rest = os.path.join(tmp, "rest.jsonl")
            with open(rest, "w", encoding="utf-8") as f:
                for i in perm[n:]:
                    f.write(json.dumps(rows[i], ensure_ascii=False) + "\n")
            reports = [json.loads(l) for l in run("eval", rest, "--model", model, "--json").splitlines() if l.startswith("{")]
            results[n].append(reports[-1])

print("| labelled | scored | accuracy (strict) | accuracy (counting alt) | macro-F1 (alt) | other recall | right at conf ≥ 0.8 (alt) |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n in steps:
    rs = results[n]
    mean = lambda k: sum(r.get(k, 0) for r in rs) / len(rs)
    conf = [r for r in rs if "confident" in r]
    sure = sum(r["confident_accuracy_alt"] * r["confident"] for r in conf) / max(1, sum(r["confident"] for r in conf))
    print(f"| {n} | {rs[0]['articles']} | {100*mean('accuracy'):.1f}% | {100*mean('accuracy_alt'):.1f}% | {mean('macro_f1_alt'):.3f} | {100*mean('other_recall'):.0f}% | {100*sure:.1f}% |")

#!/usr/bin/env python3
"""Genre choice: precision and recall of the structure `wenshu check` picks, and how often it
abstains on texts of no genre. usage: genre-choice.py WENSHU [--shared DIR]

Sets (each document labelled with its genre or `none`):
  wild-dev   shared/wild-dev/pages, labels in scripts/genre-labels-wild-dev.tsv (the main document
             of each page: the page's longest document is the one scored)
  govreports shared/corpus/govreports, all labelled 政府工作报告
  fixtures   Corpus/genres/NAME-k.txt, labelled NAME (written for the tests: not held out)
precision = right choices / choices; recall = right choices / documents of a genre;
abstention = documents of no genre given no structure / documents of no genre."""
import json, os, subprocess, sys
args = sys.argv[1:]
if not args: print(__doc__); sys.exit(2)
wen = os.path.abspath(args[0])
shared = args[args.index("--shared") + 1] if "--shared" in args else "../shared"
here = os.path.dirname(os.path.abspath(__file__)); root = os.path.dirname(here)

def choice(path):
    r = subprocess.run([wen, "check", path, "--format", "json"], capture_output=True, text=True, cwd=root)
    R = json.loads(r.stdout)
    if isinstance(R, list): R = R[0]
    docs = R.get("documents", [])
    if not docs: return None, None
    main = max(docs, key=lambda d: d["range"]["end"] - d["range"]["start"])
    return main.get("structure"), main.get("structureFrom")

sets = {}
labels = [l.rstrip("\n").split("\t") for l in open(os.path.join(here, "genre-labels-wild-dev.tsv"), encoding="utf-8") if l.strip() and not l.startswith("#")]
sets["wild-dev"] = [(os.path.join(shared, "wild-dev/pages", f"{p[0]}.txt"), p[1]) for p in labels]
gr = os.path.join(shared, "corpus/govreports")
sets["govreports"] = [(os.path.join(gr, f), "政府工作报告") for f in sorted(os.listdir(gr)) if f.endswith(".txt")] if os.path.isdir(gr) else []
fx = os.path.join(root, "Corpus/genres")
sets["fixtures"] = [(os.path.join(fx, f), f.rsplit("-", 1)[0]) for f in sorted(os.listdir(fx)) if f.endswith(".txt")]

print(f"{'set':12} {'docs':>5} {'genre':>6} {'chosen':>7} {'right':>6} {'precision':>9} {'recall':>7} {'none':>5} {'abstained':>9}")
wrong_all = []
tot = dict(n=0, g=0, c=0, r=0, z=0, a=0)
for name, items in sets.items():
    n = g = c = r = z = a = 0
    for path, label in items:
        got, how = choice(path)
        n += 1
        if label == "none":
            z += 1
            if got is None: a += 1
            else: wrong_all.append((name, os.path.basename(path), label, got, how))
        else:
            g += 1
            if got is not None:
                if got == label: r += 1
                else: wrong_all.append((name, os.path.basename(path), label, got, how))
        if got is not None: c += 1
    for k, v in zip("ngcrza", (n, g, c, r, z, a)): tot[k] += v
    p = r / c if c else float("nan"); rc = r / g if g else float("nan"); ab = f"{a}/{z}" if z else "-"
    print(f"{name:12} {n:5d} {g:6d} {c:7d} {r:6d} {p:9.2f} {rc:7.2f} {z:5d} {ab:>9}")
p = tot["r"] / tot["c"]; rc = tot["r"] / tot["g"]
print(f"{'all':12} {tot['n']:5d} {tot['g']:6d} {tot['c']:7d} {tot['r']:6d} {p:9.2f} {rc:7.2f} {tot['z']:5d} {tot['a']:>4}/{tot['z']}")
if wrong_all:
    print("\nwrong choices (set, file, label, chosen, by):")
    for w in wrong_all: print("  ", *w)

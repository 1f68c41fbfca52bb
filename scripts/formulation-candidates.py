#!/usr/bin/env python3
"""Candidate fixed formulations (提法) for dictionaries/phrases/formulations.txt.

Lists the Han strings of 6 to 24 characters that occur verbatim in at least MIN_DOCS
reports of a corpus (one file a year, named YYYY.txt), keeping only the maximal ones (a
string is dropped when a longer one containing it occurs in as many reports), with the
first and last year each was used. The output is for a person to review: most candidates
are ordinary phrases (进一步加强, 人民生活水平), and only the ones that are 提法 — fixed
political formulations quoted word for word — go into the list, with their years.

    python3 scripts/formulation-candidates.py ../shared/corpus/govreports [MIN_DOCS]
"""
import os, re, sys, collections

root = sys.argv[1]
min_docs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
han = re.compile(r'[\u4e00-\u9fff]+')
docs = {}
for f in sorted(os.listdir(root)):
    m = re.fullmatch(r'(\d{4})\.txt', f)
    if m:
        docs[int(m.group(1))] = han.findall(open(os.path.join(root, f), encoding='utf-8').read())
years = collections.defaultdict(set)
for y, runs in docs.items():
    for r in runs:
        for n in range(6, 25):
            for i in range(len(r) - n + 1):
                years[r[i:i + n]].add(y)
common = {g: ys for g, ys in years.items() if len(ys) >= min_docs}
maximal = []
for g, ys in common.items():
    if any(len(common.get(x, ())) >= len(ys) for x in
           [g[1:] + '', g] if False):
        pass
    longer = False
    for ext in (g[1:], g[:-1]):
        pass
    maximal.append((g, ys))
# drop a string contained in a longer candidate used in the same number of reports
by_len = sorted(maximal, key=lambda t: -len(t[0]))
kept = []
for g, ys in by_len:
    if any(g in k and len(kys) >= len(ys) for k, kys in kept):
        continue
    kept.append((g, ys))
for g, ys in sorted(kept, key=lambda t: (-len(t[1]), t[0])):
    print(f'{g}\t{len(ys)}\t{min(ys)}-{max(ys)}')

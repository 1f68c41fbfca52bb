#!/usr/bin/env python3
"""Derive dictionaries/phrases/near-synonyms.txt from 同义词词林扩展版 and the reference model.

    python3 scripts/derive-near-synonyms.py ../shared/lexical/cilin/cilin.txt \
        dictionaries/reference/govreports.ngrams > dictionaries/phrases/near-synonyms.txt

A pair `word near-synonym source` says a spinner may have put `word` where official writing
has `near-synonym`. Both are two-character words of the thesaurus, and the near-synonym is a
word of official writing (at least MIN_OFFICIAL occurrences in the reference model, and part
of a 3- or 4-character collocation seen at least STRONG times: nothing else can be flagged)
that the word is rarer than there. source is
  cilin    the two are in one synonym group (a code ending in '=');
  overlap  they share a character in the same place and the first level of a Cilin code
           (major class), the case of 发展/开展 that the groups miss.
Only these pairs leave the thesaurus; its groups, codes and other words are not copied (the
thesaurus is released by HIT-SCIR for research use).
"""
import sys, collections

cilin, reference = sys.argv[1], sys.argv[2]
MIN_OFFICIAL = 20
STRONG = 20  # ReferenceSpin.strong: the least count of a collocation the check relies on
counts = {}
collocated = set()  # words in some 3- or 4-character collocation seen STRONG times
for line in open(reference, encoding='utf-8'):
    if line.startswith('#'):
        continue
    g, c = line.rstrip('\n').split('\t')
    if len(g) == 2:
        counts[g] = int(c)
    elif len(g) >= 3 and int(c) >= STRONG:
        collocated.update({g[:2], g[-2:]})
counts = {g: c for g, c in counts.items() if g in collocated}
codes = collections.defaultdict(set)
groups = []
for line in open(cilin, encoding='utf-8'):
    f = line.split()
    words = [w for w in f[1:] if len(w) == 2]
    for w in words:
        codes[w].add(f[0])
    if f[0].endswith('='):
        groups.append(words)
def han(w):
    return all('\u4e00' <= ch <= '\u9fff' for ch in w)
pairs = {}
for g in groups:
    for w in g:
        for v in g:
            if w != v and han(w) and han(v) and counts.get(v, 0) >= MIN_OFFICIAL and counts.get(w, 0) < counts[v]:
                pairs[(w, v)] = 'cilin'
by_char = collections.defaultdict(set)
for w in codes:
    if han(w):
        for ch in w:
            by_char[ch].add(w)
for v, cv in counts.items():
    if cv < MIN_OFFICIAL or v not in codes:
        continue
    for pos, ch in enumerate(v):
        for w in by_char[ch]:
            if w == v or w[pos] != ch or (w, v) in pairs or counts.get(w, 0) >= cv:
                continue
            if {c[0] for c in codes[w]} & {c[0] for c in codes[v]}:
                pairs[(w, v)] = 'overlap'
print('# Near-synonym pairs for the spin check (伪原创): word, the official near-synonym a spinner')
print('# may have replaced with it, and where the pair comes from (cilin: one synonym group of')
print('# 同义词词林扩展版; overlap: a character shared in the same place and a Cilin major class). Derived by')
print('# scripts/derive-near-synonyms.py from the thesaurus and dictionaries/reference/govreports.ngrams;')
print('# see dictionaries/README.md. Format: word near-synonym source, one pair a line.')
for (w, v), src in sorted(pairs.items()):
    print(f'{w} {v} {src}')

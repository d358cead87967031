// "did you mean ...?" suggestions for misspelt field names, enum values and CSV columns.

function normalize(s: string): string {
  return s.toLowerCase().replace(/[_\-\s]/g, '');
}

/** Edit distance with adjacent transpositions (optimal string alignment; every edit costs 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate, if it is close enough to be a plausible typo (or a snake_case spelling). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = normalize(word);
  const list = [...candidates];
  // A truncated name ("exclude-bias" for "exclude-bias-norm") is a likely slip whatever its distance.
  const prefixed = list.filter((c) => w.length >= 3 && normalize(c).startsWith(w));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of list) {
    const n = normalize(c);
    const d = n === w ? 0 : editDistance(w, n);
    if (d < bestD) { bestD = d; best = c; }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, best.length) / 3)));
  return bestD <= limit ? best : undefined;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}

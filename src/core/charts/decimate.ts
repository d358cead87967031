// Point reduction for long series: 50 runs × 1,000 epochs must stay smooth in the panel.
// Min-max per bucket keeps every spike and dip (a loss blow-up must never be smoothed away) and
// the first and last points, and returns at most `maxPoints` points, in x order.

export interface XY {
  x: number;
  y: number;
}

/**
 * Reduces `points` (sorted by x, finite) to at most `maxPoints` (≥ 4) points. Each of
 * ⌊(maxPoints − 2) / 2⌋ buckets of the interior contributes its minimum and its maximum (in x
 * order); the first and last points are always kept. Series that already fit are returned as is.
 */
export function decimateMinMax<T extends XY>(points: readonly T[], maxPoints: number): T[] {
  const n = points.length;
  if (maxPoints < 4) throw new RangeError(`maxPoints must be at least 4, got ${maxPoints}`);
  if (n <= maxPoints) return points.slice();
  const buckets = Math.floor((maxPoints - 2) / 2);
  const interior = n - 2;
  const out: T[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i].y < points[lo].y) lo = i;
      if (points[i].y > points[hi].y) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  out.push(points[n - 1]);
  return out;
}

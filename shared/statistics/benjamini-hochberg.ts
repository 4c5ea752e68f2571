/**
 * Benjamini–Hochberg control of the false discovery rate over a family of p-values.
 *
 * A fleet analysis runs one test per Actor × metric: 2,000 Actors × 5 metrics at p < 0.01 would
 * raise about 100 false alarms on a healthy account. BH keeps the expected share of false
 * alarms among the raised ones at or below q:
 *
 *     sort p ascending: p_(1) ≤ … ≤ p_(m);  k = max{ i : p_(i) ≤ i·q/m };  reject H_(1) … H_(k)
 *     adjusted p_(i) = min_{j ≥ i} min(1, m·p_(j)/j)        (R: p.adjust(p, "BH"))
 *
 * Benjamini & Hochberg (1995), valid for independent or positively dependent tests (the
 * Actors of a fleet fail together in outages, which is positive dependence).
 */

/** BH-adjusted p-values ("q-values"), in the order of the input. Non-finite p → 1. */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
    const m = pValues.length;
    const order = pValues
        .map((p, index) => ({ p: Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 1, index }))
        .sort((a, b) => a.p - b.p);
    const adjusted = new Array<number>(m).fill(1);
    let runningMin = 1;
    for (let rank = m; rank >= 1; rank -= 1) {
        const entry = order[rank - 1]!;
        runningMin = Math.min(runningMin, (m * entry.p) / rank);
        adjusted[entry.index] = runningMin;
    }
    return adjusted;
}

/** Whether each hypothesis is rejected at false discovery rate q, in the order of the input. */
export function benjaminiHochbergReject(pValues: readonly number[], q: number): boolean[] {
    if (!(q > 0 && q < 1)) throw new RangeError(`false discovery rate q must be within (0, 1), got ${q}`);
    return benjaminiHochbergAdjust(pValues).map((adjusted) => adjusted <= q);
}

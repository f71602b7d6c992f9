/**
 * "Did you mean" for command and option names: TypeScript's `getSpellingSuggestion` and `levenshteinWithMax`
 * (microsoft/TypeScript src/compiler/core.ts), so meshc suggests what tsc would. A candidate must be close in
 * length (within 34%) and in edit distance (under 40% of the name, a case change costing 0.1); two-letter
 * candidates only match by case.
 */

/** The closest candidate to `name`, or undefined when none is close enough. */
export function spellingSuggestion(name: string, candidates: Iterable<string>): string | undefined {
  const maximumLengthDifference = Math.max(2, Math.floor(name.length * 0.34));
  let bestDistance = Math.floor(name.length * 0.4) + 1; // A result worse than this is no suggestion.
  let best: string | undefined;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > maximumLengthDifference || candidate === name) continue;
    if (candidate.length < 3 && candidate.toLowerCase() !== name.toLowerCase()) continue;
    const distance = levenshteinWithMax(name, candidate, bestDistance - 0.1);
    if (distance === undefined) continue;
    bestDistance = distance;
    best = candidate;
  }
  return best;
}

function levenshteinWithMax(s1: string, s2: string, max: number): number | undefined {
  let previous = new Array<number>(s2.length + 1);
  let current = new Array<number>(s2.length + 1);
  const big = max + 0.01; // any value over max
  for (let i = 0; i <= s2.length; i++) previous[i] = i;
  for (let i = 1; i <= s1.length; i++) {
    const c1 = s1.charCodeAt(i - 1);
    const minJ = Math.ceil(i > max ? i - max : 1);
    const maxJ = Math.floor(s2.length > max + i ? max + i : s2.length);
    current[0] = i;
    let colMin = i;
    for (let j = 1; j < minJ; j++) current[j] = big;
    for (let j = minJ; j <= maxJ; j++) {
      // A case difference is much cheaper than another substitution.
      const substitution = previous[j - 1]! + (s1[i - 1]!.toLowerCase() === s2[j - 1]!.toLowerCase() ? 0.1 : 2);
      const dist =
        c1 === s2.charCodeAt(j - 1) ? previous[j - 1]! : Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current[j] = dist;
      colMin = Math.min(colMin, dist);
    }
    for (let j = maxJ + 1; j <= s2.length; j++) current[j] = big;
    if (colMin > max) return undefined;
    [previous, current] = [current, previous];
  }
  const result = previous[s2.length]!;
  return result > max ? undefined : result;
}

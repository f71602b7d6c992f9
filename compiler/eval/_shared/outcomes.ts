/**
 * Outcome bookkeeping: forks multiply probabilities; identical outcomes are merged (docs/results.md), in the order they
 * first appear; probabilities are rounded to 15 significant digits so that sums of fractions print cleanly (0.3, not
 * 0.30000000000000004) while tiny forks keep a non-zero probability.
 */
import type { Outcome } from "../types.ts";

type Fields = Omit<Outcome, "probability">;

/** A stable key over every field but the probability (fields are always built in the same order). */
function keyOf(o: Fields): string {
  const key = [o.status, o.destination, o.mtls, o.authz, o.fault, o.error ?? null];
  return JSON.stringify(o.hops === undefined ? key : [...key, o.hops]);
}

export function mergeOutcomes(outcomes: readonly Outcome[]): Outcome[] {
  const merged = new Map<string, Outcome>();
  for (const o of outcomes) {
    if (o.probability <= 0) continue;
    const { probability, ...fields } = o;
    const key = keyOf(fields);
    const prev = merged.get(key);
    merged.set(key, prev === undefined ? o : { ...prev, probability: prev.probability + probability });
  }
  return [...merged.values()].map((o) => ({ ...o, probability: Number(o.probability.toPrecision(15)) }));
}

/** `37.5%` for the trace. */
export function percent(p: number): string {
  return `${Math.round(p * 1e6) / 1e4}%`;
}

/**
 * Value identities for the shared objects of compiled plans (destinations, faults, authorization decisions): equal
 * JSON ⇔ equal id, so merging a decision's outcomes compares numbers instead of serializing every outcome
 * (`../outcomes.ts` `mergeOutcomes` keys outcomes by their JSON). Ids are per IR; 0 is `null`.
 */
export type Interner = (value: object | null) => number;

/** A fresh interner (one per IR). */
export function interner(): Interner {
  const ids = new Map<string, number>();
  return (value) => {
    if (value === null) return 0;
    const key = JSON.stringify(value);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size + 1));
    return id;
  };
}

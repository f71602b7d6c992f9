/**
 * The compiled evaluator's predicates: a condition is folded to `true` / `false` when everything it reads is fixed
 * for the plan (the client, the target, the connection to one endpoint), else it is a closure over the request's
 * HTTP attributes. `allOf` / `anyOf` fold constants away, so a plan keeps only what a request can change.
 */
import type { AuthzRequest } from "../authz-match.ts";

/**
 * The per-decision view the closures read: the HTTP attributes (after path normalization and the route's rewrite)
 * plus the raw query. One scratch object is reused for every decision (evaluation is synchronous); the identity
 * fields of `AuthzRequest` are never read through it, since they are folded at plan time.
 */
export interface Ctx extends AuthzRequest {
  method: string;
  path: string;
  authority: string;
  headers: Readonly<Record<string, string>>;
  query: string;
}

/** A condition: decided at plan time (a boolean), or a closure over the request. */
export type Pred = boolean | ((c: Ctx) => boolean);

/** Every predicate holds (true for none). */
export function allOf(preds: readonly Pred[]): Pred {
  const fns: ((c: Ctx) => boolean)[] = [];
  for (const p of preds) {
    if (p === false) return false;
    if (p !== true) fns.push(p);
  }
  if (fns.length === 0) return true;
  if (fns.length === 1) return fns[0]!;
  if (fns.length === 2) {
    const [a, b] = fns as [(c: Ctx) => boolean, (c: Ctx) => boolean];
    return (c) => a(c) && b(c);
  }
  return (c) => {
    for (let i = 0; i < fns.length; i++) if (!fns[i]!(c)) return false;
    return true;
  };
}

/** Some predicate holds (false for none). */
export function anyOf(preds: readonly Pred[]): Pred {
  const fns: ((c: Ctx) => boolean)[] = [];
  for (const p of preds) {
    if (p === true) return true;
    if (p !== false) fns.push(p);
  }
  if (fns.length === 0) return false;
  if (fns.length === 1) return fns[0]!;
  return (c) => {
    for (let i = 0; i < fns.length; i++) if (fns[i]!(c)) return true;
    return false;
  };
}

/** The negation. */
export function not(p: Pred): Pred {
  return typeof p === "boolean" ? !p : (c) => !p(c);
}

/** Evaluates a predicate on the request. */
export function test(p: Pred, c: Ctx): boolean {
  return typeof p === "boolean" ? p : p(c);
}

/** A fresh scratch context; the identity fields stay empty (see `Ctx`). */
export function scratchCtx(): Ctx {
  return {
    principal: undefined,
    sourceIp: undefined,
    remoteIp: undefined,
    authority: "",
    method: "",
    path: "",
    headers: {},
    port: 0,
    destinationIp: undefined,
    sni: undefined,
    trustDomains: [],
    query: "",
  };
}

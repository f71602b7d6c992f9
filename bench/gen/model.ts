/**
 * The synthetic mesh behind the benchmark (issue 6 §1): N services in namespaces of ten, three versions each, four
 * routes per service (a header match, a path-prefix match with a second header alternative, an exact path with a
 * timeout, and a weighted three-way split), two authorization policies per service (ALLOW from its callers, DENY of
 * `/admin/*` to everyone but the first caller), STRICT mTLS per namespace, and (unless turned off) a Sidecar per
 * namespace importing its own namespace, istio-system and the services it calls. Everything is drawn from a seeded PRNG,
 * so one (N, seed) always gives the same mesh, byte for byte, in both forms.
 */

/** Services per namespace. */
export const SERVICES_PER_NAMESPACE = 10;
/** The port every generated service serves plain HTTP on. */
export const PORT = 8080;
export const VERSIONS = ["v1", "v2", "v3"] as const;

export interface GenService {
  /** Unique in the mesh (so a mesh.ts identifier can be derived from it). */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Weights of v1, v2, v3 in the default split; sum 100. */
  readonly weights: readonly [number, number, number];
  /** The end-user routed to v3. */
  readonly betaUser: string;
  /** Callers allowed by the ALLOW policy: indexes into `MeshModel.services` (2, the first may be in another namespace). */
  readonly callers: readonly [number, number];
}

export interface MeshModel {
  readonly n: number;
  readonly seed: number;
  readonly namespaces: readonly string[];
  readonly services: readonly GenService[];
  /** Whether each namespace declares a Sidecar scoping its proxies to what they call (see `egressOf`). */
  readonly sidecars: boolean;
}

/** Options of {@link buildModel}. */
export interface ModelOptions {
  /** Declare a namespace-wide Sidecar per namespace. @default true */
  readonly sidecars?: boolean;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "cart",
  "catalog",
  "checkout",
  "orders",
  "payments",
  "search",
  "users",
  "ledger",
  "shipping",
  "pricing",
  "reviews",
  "inventory",
  "auth",
  "media",
  "billing",
  "notify",
];
const TEAMS = ["alpha", "bravo", "delta", "echo", "kilo", "lima", "nova", "orbit", "pixel", "quartz"];

/** Builds the model of a mesh of `n` services, deterministic in (`n`, `seed`). */
export function buildModel(n: number, seed: number, options: ModelOptions = {}): MeshModel {
  const rand = prng(seed);
  const int = (k: number) => Math.floor(rand() * k);
  const nsCount = Math.max(1, Math.ceil(n / SERVICES_PER_NAMESPACE));
  const namespaces = Array.from({ length: nsCount }, (_, i) => `${TEAMS[i % TEAMS.length]}-${i}`);
  const services: GenService[] = [];
  for (let i = 0; i < n; i++) {
    const nsIndex = Math.floor(i / SERVICES_PER_NAMESPACE);
    const name = `${WORDS[int(WORDS.length)]}-${i}`;
    const v2 = 5 + int(20);
    const v3 = 1 + int(5);
    // One caller anywhere in the mesh (cross-namespace traffic), one in the same namespace.
    const first = int(n);
    const lo = nsIndex * SERVICES_PER_NAMESPACE;
    const size = Math.min(SERVICES_PER_NAMESPACE, n - lo);
    const second = lo + int(size);
    services.push({
      name,
      namespace: namespaces[nsIndex]!,
      serviceAccount: `${name}-sa`,
      weights: [100 - v2 - v3, v2, v3],
      betaUser: `user-${int(1000)}`,
      callers: [first, second],
    });
  }
  return { n, seed, namespaces, services, sidecars: options.sidecars ?? true };
}

/**
 * The services outside `namespace` that its services call (those whose ALLOW policy lists one of them as a caller),
 * as indexes into `model.services`, ascending: with `./*` and `istio-system/*`, the egress hosts of the namespace's
 * Sidecar — how teams scope proxies at scale (https://istio.io/latest/docs/ops/best-practices/traffic-management/).
 */
export function egressOf(model: MeshModel, namespace: string): number[] {
  const out: number[] = [];
  model.services.forEach((s, i) => {
    if (s.namespace !== namespace && s.callers.some((c) => model.services[c]!.namespace === namespace)) out.push(i);
  });
  return out;
}

/** The SPIFFE-style principal Istio derives for a service's workloads (trust domain cluster.local). */
export const principalOf = (s: GenService): string => `cluster.local/ns/${s.namespace}/sa/${s.serviceAccount}`;

/**
 * The two engines check each other (issue 4): on random small meshes (test/eval-envoy/_mesh-arb.ts) compiled from
 * YAML, and random requests (from sidecars, sidecar-less clients and through an ingress gateway), the Istio engine
 * (the IR with Istio's semantics) and the Envoy engine (the emitted Envoy configuration of the client's sidecar or
 * gateway proxy and the server's sidecar) return identical results — every field but the human-readable trace, and
 * the same diagnostics. Fixed seed; `RUNS=10000` for the full run (100 meshes × 3 requests by default). About one
 * mesh in six fails `meshc check` on purpose (see `meshArb`).
 */
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest, SimulationResult } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { meshArb, requestArb } from "./_client-ip-arb.ts";
import { Shapes } from "./_shapes.ts";
import { isSniRequest } from "./_tls-arb.ts";
import type { GeneratedMesh } from "./_tcp-arb.ts";

const SEED = 424242;
/** Cases = meshes × 3 requests: 100 meshes (300 cases) by default, `RUNS` cases when set. */
const RUNS = Number(process.env["RUNS"] ?? 300);
const MESHES = Math.ceil(RUNS / 3);

const withoutTrace = (r: SimulationResult | undefined) => {
  if (r === undefined) return undefined;
  const { trace: _trace, ...rest } = r;
  return rest;
};

const irs = new Map<string, { ir: MeshIR; compiled: boolean }>();

/**
 * The mesh's IR: compiled (load → validate) when the YAML is valid; otherwise — the generator also writes meshes
 * `meshc check` rejects (unknown subsets, DISABLE towards STRICT, …) whose runtime behaviour both engines must still
 * agree on — the IR lowering produces without validation.
 */
export function meshIR(yaml: string): { ir: MeshIR; compiled: boolean } {
  const hit = irs.get(yaml);
  if (hit !== undefined) return hit;
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  const value =
    c.ir !== undefined
      ? { ir: c.ir, compiled: true }
      : { ir: lowerDocuments(loadYamlText("mesh.yaml", yaml).value).value, compiled: false };
  irs.clear();
  irs.set(yaml, value);
  return value;
}

export function compare(ir: MeshIR, req: SimRequest): { istio: unknown; envoy: unknown } {
  const a = simulate(ir, req);
  const b = simulate(ir, req, { engine: "envoy" });
  return {
    istio: { value: withoutTrace(a.value), codes: a.diagnostics.map((d) => d.code) },
    envoy: { value: withoutTrace(b.value), codes: b.diagnostics.map((d) => d.code) },
  };
}

const agree = suite("Istio engine = Envoy engine on random meshes (fast-check, fixed seed)");

agree(`${RUNS} cases: ${MESHES} random meshes × 3 requests`, () => {
  let lowered = 0;
  let conflicting = 0;
  let throughServices = 0;
  let withIngress = 0;
  let headless = 0;
  let headlessRequests = 0;
  const shapes = new Shapes();
  let tlsHops = 0;
  // Client addresses (_client-ip-arb.ts): requests with `ip`, with X-Forwarded-For; meshes with IP policies, trusted hops.
  const addresses = { ip: 0, xff: 0, ipPolicies: 0, trustedHops: 0 };
  // Requests to a port their Service lacks (_mesh-arb.ts `unserved`): from a sidecar, a host outside the port's registry.
  let unserved = 0;
  const start = Date.now();
  const arb = meshArb.chain((m: GeneratedMesh) =>
    fc.tuple(fc.constant(m), fc.array(requestArb(m.services), { minLength: 3, maxLength: 3 })),
  );
  fc.assert(
    fc.property(arb, ([mesh, requests]) => {
      const { ir, compiled } = meshIR(mesh.yaml);
      if (!compiled) lowered++;
      // Two VirtualServices for one host (_route-arb.ts vsArb): istiod's creation-time precedence decides.
      if (/kind: VirtualService\nmetadata: \{name: [a-z0-9-]+-b,/.test(mesh.yaml)) conflicting++;
      // A Gateway selected through its Service (compiler/ir/gateway-selection.ts).
      if (mesh.yaml.includes("internal.istio.io/gateway-service")) throughServices++;
      // Kubernetes Ingresses (compiler/ir/ingress.ts).
      if (mesh.yaml.includes("kind: Ingress\n")) withIngress++;
      if (mesh.yaml.includes("clusterIP: None")) headless++;
      if (/IpBlocks|key: (source|remote)\.ip/.test(mesh.yaml)) addresses.ipPolicies++;
      if (/numTrustedProxies"?: [1-9]/.test(mesh.yaml)) addresses.trustedHops++;
      shapes.mesh(mesh.yaml);
      for (const req of requests) {
        if (/^(hl|[a-z0-9-]+\.hl)\.default$|^10\.[89]\./.test(req.host)) headlessRequests++;
        shapes.request(mesh.yaml, req);
        if (req.ip !== undefined) addresses.ip++;
        const svc = mesh.services.find((s) => req.host === s.name || req.host === `${s.name}.default`);
        if (svc !== undefined && req.port !== undefined && !svc.ports.includes(req.port)) unserved++;
        if (req.headers["x-forwarded-for"] !== undefined) addresses.xff++;
        const r = compare(ir, req);
        assert.equal(r.envoy, r.istio);
        // The client's own TLS followed through an egress gateway pod (_egress-arb.ts, PASSTHROUGH).
        const value = (r.istio as { value?: SimulationResult }).value;
        if (isSniRequest(req) && value?.outcomes.some((o) => (o.hops?.length ?? 0) > 1)) tlsHops++;
      }
    }),
    { seed: SEED, numRuns: MESHES },
  );
  if (process.env["RUNS"] !== undefined)
    console.log(
      `${MESHES * 3} cases (${MESHES} meshes) in ${((Date.now() - start) / 1000).toFixed(1)} s; ${lowered} meshes failed validation (IR from lowering); ${conflicting} meshes with two VirtualServices for one host; ${throughServices} meshes with a Gateway selected through its Service; ${withIngress} with Kubernetes Ingresses; ${headless} meshes with a headless Service, ${headlessRequests} requests to it; ${shapes.summary()}; ${tlsHops} tls:// or https:// requests followed through an egress gateway pod; ${addresses.ip} requests with a client address and ${addresses.xff} with X-Forwarded-For, ${addresses.ipPolicies} meshes with ipBlocks/remoteIpBlocks policies and ${addresses.trustedHops} with trusted proxies; ${unserved} requests to a port their Service lacks`,
    );
});

agree.run();

/**
 * Random small meshes as Istio/Kubernetes YAML, and random requests against them, for the differential test of the
 * two engines: 1–3 services in `default` with 1–3 versions and one or two HTTP ports, a sidecar-less namespace
 * `legacy`; VirtualServices with header/path matches, weighted splits, faults, timeouts and retries;
 * DestinationRules with subsets and TLS modes (rule, subset and port level); PeerAuthentications
 * STRICT/PERMISSIVE/DISABLE at mesh, namespace, workload and port level; AuthorizationPolicies ALLOW/DENY (some
 * dry-run) with principals, namespaces, methods, paths, ports, their notX forms and header conditions.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";

export interface Svc {
  readonly name: string;
  readonly versions: readonly string[];
  readonly ports: readonly number[];
}

/** `v9` is never declared (a 503 at runtime, and an error for `meshc check`); the others usually are. */
const SUBSETS = ["v1", "v1", "v2", "v2", "v3", "v9"] as const;
const MODES = ["STRICT", "PERMISSIVE", "DISABLE"] as const;
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const svcArb = (i: number): fc.Arbitrary<Svc> =>
  fc.record({
    name: fc.constant(`s${i}`),
    versions: fc.integer({ min: 1, max: 3 }).map((n) => ["v1", "v2", "v3"].slice(0, n)),
    ports: pick([[8080], [8080], [8080, 9090]] as const),
  });

const stringMatch = fc.oneof(
  pick(["jason", "ja", "bob"]).map((v) => `{exact: ${v}}`),
  pick(["ja", "b"]).map((v) => `{prefix: ${v}}`),
  pick(["j.*", "bob|jason"]).map((v) => `{regex: "${v}"}`),
);
const uriMatch = fc.oneof(pick(["/a", "/b", "/"]).map((v) => `{prefix: ${v}}`), pick(["/a", "/b/c"]).map((v) => `{exact: ${v}}`), fc.constant(`{regex: "/a/.*"}`));
const matchArb = fc
  .record({ header: fc.option(stringMatch, { nil: undefined }), uri: fc.option(uriMatch, { nil: undefined }), name: fc.option(pick(["m1", "m2"]), { nil: undefined }) })
  .map((m) => `{${[m.name && `name: ${m.name}`, m.header && `headers: {x-user: ${m.header}}`, m.uri && `uri: ${m.uri}`].filter(Boolean).join(", ")}}`);

const percent = pick([0, 12.5, 50, 57.1234, 100]);
const faultArb = fc
  .record({ delay: fc.option(percent, { nil: undefined }), abort: fc.option(percent, { nil: undefined }), legacy: fc.boolean() })
  .map((f) =>
    [
      f.delay === undefined ? "" : f.legacy ? `delay: {fixedDelay: 1s, percent: ${Math.round(f.delay)}}` : `delay: {fixedDelay: 500ms, percentage: {value: ${f.delay}}}`,
      f.abort === undefined ? "" : `abort: {httpStatus: 503, percentage: {value: ${f.abort}}}`,
    ].filter(Boolean),
  );

const ruleArb = (host: string, ports: readonly number[]) =>
  fc
    .record({
      name: fc.option(pick(["r1", "r2"]), { nil: undefined }),
      matches: fc.option(fc.array(matchArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      dests: fc.array(fc.record({ subset: fc.option(pick(SUBSETS), { nil: undefined }), weight: fc.integer({ min: 0, max: 4 }), port: pick(ports) }), { minLength: 1, maxLength: 3 }),
      fault: fc.option(faultArb, { nil: undefined }),
      timeout: fc.option(pick(["2s", "500ms"]), { nil: undefined }),
      retries: fc.option(fc.record({ attempts: fc.integer({ min: 0, max: 3 }), retryOn: fc.option(pick(["5xx", "gateway-error,connect-failure", "5xx,503"]), { nil: undefined }), perTry: fc.option(pick(["1s", "250ms"]), { nil: undefined }) }), { nil: undefined }),
    })
    .map((r) => {
      // Weights: one destination takes everything; several share 100 in proportion to the drawn weights.
      const raw = r.dests.map((d) => d.weight);
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const weights = raw.map((w) => Math.floor((w * 100) / total));
      weights[weights.length - 1] = 100 - weights.slice(0, -1).reduce((a, b) => a + b, 0);
      const port = (d: { port: number }) => (ports.length > 1 ? `, port: {number: ${d.port}}` : "");
      const route = r.dests.map((d, i) => `{destination: {host: ${host}${d.subset ? `, subset: ${d.subset}` : ""}${port(d)}}${r.dests.length > 1 ? `, weight: ${weights[i]}` : ""}}`);
      const fields = [
        r.name && `name: ${r.name}`,
        r.matches && `match: [${r.matches.join(", ")}]`,
        `route: [${route.join(", ")}]`,
        r.fault && r.fault.length > 0 && `fault: {${r.fault.join(", ")}}`,
        r.timeout && `timeout: ${r.timeout}`,
        r.retries &&
          (r.retries.attempts === 0
            ? "retries: {attempts: 0}"
            : `retries: {attempts: ${r.retries.attempts}${r.retries.retryOn ? `, retryOn: "${r.retries.retryOn}"` : ""}${r.retries.perTry ? `, perTryTimeout: ${r.retries.perTry}` : ""}}`),
      ];
      return `  - {${fields.filter(Boolean).join(", ")}}`;
    });

const vsArb = (s: Svc) =>
  fc.array(ruleArb(s.name, s.ports), { minLength: 1, maxLength: 3 }).map(
    (rules) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${s.name}, namespace: default}
spec:
  hosts: [${s.name}]
  http:
${rules.join("\n")}
`,
  );

const tlsArb = pick(["ISTIO_MUTUAL", "DISABLE", "SIMPLE"]);
const drArb = (s: Svc) =>
  fc
    .record({
      subsets: fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>(["v1", "v2", "v3"]) }, { weight: 1, arbitrary: fc.subarray<string>(["v1", "v2", "v3"], { minLength: 0 }) }),
      tls: fc.option(tlsArb, { nil: undefined }),
      subsetTls: fc.option(tlsArb, { nil: undefined }),
      portTls: fc.option(tlsArb, { nil: undefined }),
    })
    .map((d) => {
      const subsets = d.subsets.map((v, i) => `{name: ${v}, labels: {version: ${v}}${i === 0 && d.subsetTls ? `, trafficPolicy: {tls: {mode: ${d.subsetTls}}}` : ""}}`);
      const policy = [d.tls ? `tls: {mode: ${d.tls}}` : "", d.portTls ? `portLevelSettings: [{port: {number: 8080}, tls: {mode: ${d.portTls}}}]` : ""].filter(Boolean);
      return `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${s.name}, namespace: default}
spec:
  host: ${s.name}
${policy.length > 0 ? `  trafficPolicy: {${policy.join(", ")}}\n` : ""}  subsets: [${subsets.join(", ")}]
`;
    });

const paArb = (services: readonly Svc[]) =>
  fc
    .record({
      mesh: fc.option(pick(MODES), { nil: undefined }),
      ns: fc.option(pick(MODES), { nil: undefined }),
      workload: fc.option(fc.record({ svc: pick(services.map((s) => s.name)), mode: pick([...MODES, "UNSET"]), port: fc.option(pick(MODES), { nil: undefined }) }), { nil: undefined }),
    })
    .map((p) => {
      const doc = (ns: string, name: string, spec: string) => `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;
      return [
        p.mesh ? doc("istio-system", "default", `{mtls: {mode: ${p.mesh}}}`) : "",
        p.ns ? doc("default", "default", `{mtls: {mode: ${p.ns}}}`) : "",
        p.workload
          ? doc("default", "wl", `{selector: {matchLabels: {app: ${p.workload.svc}}}, mtls: {mode: ${p.workload.mode}}${p.workload.port ? `, portLevelMtls: {8080: {mode: ${p.workload.port}}}` : ""}}`)
          : "",
      ].join("");
    });

const values = (xs: readonly string[]) => fc.option(fc.subarray([...xs], { minLength: 1, maxLength: Math.min(2, xs.length) }).map((v) => `[${v.map((x) => `"${x}"`).join(", ")}]`), { nil: undefined });
const PRINCIPALS = ["cluster.local/ns/default/sa/s0", "cluster.local/ns/default/sa/s1", "*"];
const sourceArb = fc
  .record({ principals: values(PRINCIPALS), notPrincipals: values(PRINCIPALS), namespaces: values(["default", "legacy"]), notNamespaces: values(["legacy"]) })
  .map((s) => Object.entries(s).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`));
const operationArb = fc
  .record({ methods: values(["GET", "POST"]), notMethods: values(["POST"]), paths: values(["/a", "/a*", "/b/c", "*"]), notPaths: values(["/a*"]), ports: values(["8080", "9090"]) })
  .map((o) => Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`));
const authRuleArb = fc
  .record({ from: fc.option(sourceArb, { nil: undefined }), to: fc.option(operationArb, { nil: undefined }), when: fc.option(stringMatch.map(() => `[{key: "request.headers[x-user]", values: ["jason", "b*"]}]`), { nil: undefined }) })
  .map((r) => `{${[r.from && `from: [{source: {${r.from.join(", ")}}}]`, r.to && `to: [{operation: {${r.to.join(", ")}}}]`, r.when && `when: ${r.when}`].filter(Boolean).join(", ")}}`);
const apArb = (services: readonly Svc[]) =>
  fc.record({
    name: pick(["p1", "p2", "p3"]),
    selector: fc.option(pick(services.map((s) => s.name)), { nil: undefined }),
    action: pick(["ALLOW", "DENY"]),
    dryRun: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
    rules: fc.option(fc.array(authRuleArb, { minLength: 0, maxLength: 2 }), { nil: undefined, freq: 8 }),
  }).map(
    (p) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${p.name}, namespace: default${p.dryRun ? `, annotations: {"istio.io/dry-run": "true"}` : ""}}
spec:
  action: ${p.action}
${p.selector ? `  selector: {matchLabels: {app: ${p.selector}}}\n` : ""}${p.rules === undefined ? "" : `  rules: [${p.rules.join(", ")}]\n`}`,
  );

function serviceYaml(s: Svc, ns = "default"): string {
  const ports = s.ports.map((p) => `  - {name: http-${p}, port: ${p}}`).join("\n");
  const deployments = s.versions
    .map(
      (v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${s.name}-${v}, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: ${s.name}, version: ${v}}}
    spec: {serviceAccountName: ${s.name}}
`,
    )
    .join("");
  return `---
apiVersion: v1
kind: Service
metadata: {name: ${s.name}, namespace: ${ns}}
spec:
  selector: {app: ${s.name}}
  ports:
${ports}
${deployments}`;
}

const BASE = `---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy, labels: {istio-injection: disabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
${serviceYaml({ name: "old", versions: ["v1"], ports: [8080] }, "legacy")}`;

export interface GeneratedMesh {
  readonly yaml: string;
  readonly services: readonly Svc[];
}

export const meshArb: fc.Arbitrary<GeneratedMesh> = fc
  .integer({ min: 1, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => svcArb(i))))
  .chain((services) =>
    fc
      .record({
        vs: fc.tuple(...services.map((s) => fc.option(vsArb(s), { nil: undefined }))),
        dr: fc.tuple(...services.map((s) => fc.option(drArb(s), { nil: undefined, freq: 4 }))),
        pa: paArb(services),
        ap: fc.array(apArb(services), { maxLength: 3 }),
      })
      .map((m) => {
        const seen = new Set<string>();
        const aps = m.ap.filter((a) => {
          const name = /name: (p\d)/.exec(a)![1]!;
          return !seen.has(name) && seen.add(name) !== undefined;
        });
        const yaml = [BASE, ...services.map((s) => serviceYaml(s)), ...m.vs, ...m.dr, m.pa, ...aps].filter((x) => x !== undefined).join("");
        return { yaml, services };
      }),
  );

/** A request to one of the mesh's services, from one of its workloads, the sidecar-less `legacy/old-v1`, or outside. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      svc: pick(services),
      portIndex: fc.nat({ max: 1 }),
      fqdn: fc.boolean(),
      method: pick(["GET", "POST"]),
      path: pick(["/", "/a", "/a/x", "/b/c", "/b"]),
      user: fc.option(pick(["jason", "ja", "bob"]), { nil: undefined }),
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "legacy/old-v1", "outside"]),
      plaintext: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map((r): SimRequest => {
      const source: SimRequest["source"] = r.source === "outside" ? { kind: "outside" } : { kind: "workload", namespace: r.source.split("/")[0]!, name: r.source.split("/")[1]! };
      return {
        method: r.method,
        scheme: "http",
        host: r.fqdn || source.kind !== "workload" || source.namespace !== "default" ? `${r.svc.name}.default` : r.svc.name,
        port: r.svc.ports[Math.min(r.portIndex, r.svc.ports.length - 1)]!,
        path: r.path,
        query: "",
        headers: r.user === undefined ? {} : ({ "x-user": r.user } as Record<string, string>),
        source,
        plaintext: r.plaintext,
      };
    });

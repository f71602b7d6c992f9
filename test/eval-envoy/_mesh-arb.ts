/**
 * Random small meshes as Istio/Kubernetes YAML, and random requests against them, for the differential test of the
 * two engines: 1–3 services in `default` with 1–3 versions and one or two HTTP ports, a sidecar-less namespace
 * `legacy`; VirtualServices with header/path matches, weighted splits, faults, timeouts and retries;
 * DestinationRules with subsets and TLS modes (rule, subset and port level); PeerAuthentications
 * STRICT/PERMISSIVE/DISABLE at mesh, namespace, workload and port level; AuthorizationPolicies ALLOW/DENY (some
 * dry-run) with principals, request principals, namespaces, methods, paths, ports, their notX forms, header and JWT
 * claim conditions, on workloads, `default`, the ingress gateway pod or the whole mesh; RequestAuthentications
 * (`_jwt-arb.ts`) and requests carrying JWTs; an ingress Gateway with VirtualServices bound to it, and requests
 * through it; Sidecars whose egress hosts import some services (one or two namespace-wide ones of different ages, or
 * one selecting a workload) and set an outbound traffic policy.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { ingressArb, ingressRequestArb } from "./_ingress-arb.ts";
import { DECLARED, pick, stringMatch, SUBSETS, vsArb, type Svc } from "./_route-arb.ts";
import { JWT_CONDITIONS, jwtArb, raArb, REQUEST_PRINCIPALS } from "./_jwt-arb.ts";

export type { Svc } from "./_route-arb.ts";

const MODES = ["STRICT", "PERMISSIVE", "DISABLE"] as const;
const svcArb = (i: number): fc.Arbitrary<Svc> =>
  fc.record({
    name: fc.constant(`s${i}`),
    versions: fc.integer({ min: 1, max: 3 }).map((n) => ["v1", "v2", "v3"].slice(0, n)),
    ports: pick([[8080], [8080], [8080, 9090]] as const),
  });

/**
 * A DestinationRule. `valid`: all three subsets declared, and plaintext (`DISABLE`) only when no PeerAuthentication is
 * STRICT (`plaintextOk`), so that `meshc check` accepts it; otherwise subsets may be missing and any TLS mode goes.
 */
const drArb = (s: Svc, valid: boolean, plaintextOk: boolean) => {
  const tlsArb = pick(valid && !plaintextOk ? ["ISTIO_MUTUAL", "SIMPLE"] : ["ISTIO_MUTUAL", "DISABLE", "SIMPLE"]);
  const all = fc.constant<string[]>(["v1", "v2", "v3"]);
  return fc
    .record({
      subsets: valid
        ? all
        : fc.oneof(
            { weight: 3, arbitrary: all },
            { weight: 1, arbitrary: fc.subarray<string>(["v1", "v2", "v3"], { minLength: 0 }) },
          ),
      tls: fc.option(tlsArb, { nil: undefined }),
      subsetTls: fc.option(tlsArb, { nil: undefined }),
      portTls: fc.option(tlsArb, { nil: undefined }),
    })
    .map((d) => {
      const subsets = d.subsets.map(
        (v, i) =>
          `{name: ${v}, labels: {version: ${v}}${i === 0 && d.subsetTls ? `, trafficPolicy: {tls: {mode: ${d.subsetTls}}}` : ""}}`,
      );
      const policy = [
        d.tls ? `tls: {mode: ${d.tls}}` : "",
        d.portTls ? `portLevelSettings: [{port: {number: 8080}, tls: {mode: ${d.portTls}}}]` : "",
      ].filter(Boolean);
      return `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${s.name}, namespace: default}
spec:
  host: ${s.name}
${policy.length > 0 ? `  trafficPolicy: {${policy.join(", ")}}\n` : ""}  subsets: [${subsets.join(", ")}]
`;
    });
};

const paArb = (services: readonly Svc[]) =>
  fc
    .record({
      mesh: fc.option(pick(MODES), { nil: undefined }),
      ns: fc.option(pick(MODES), { nil: undefined }),
      workload: fc.option(
        fc.record({
          svc: pick(services.map((s) => s.name)),
          mode: pick([...MODES, "UNSET"]),
          port: fc.option(pick(MODES), { nil: undefined }),
        }),
        { nil: undefined },
      ),
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
          ? doc(
              "default",
              "wl",
              `{selector: {matchLabels: {app: ${p.workload.svc}}}, mtls: {mode: ${p.workload.mode}}${p.workload.port ? `, portLevelMtls: {8080: {mode: ${p.workload.port}}}` : ""}}`,
            )
          : "",
      ].join("");
    });

const values = (xs: readonly string[]) =>
  fc.option(
    fc
      .subarray([...xs], { minLength: 1, maxLength: Math.min(2, xs.length) })
      .map((v) => `[${v.map((x) => `"${x}"`).join(", ")}]`),
    { nil: undefined },
  );
const PRINCIPALS = ["cluster.local/ns/default/sa/s0", "cluster.local/ns/default/sa/s1", "*"];
const sourceArb = fc
  .record({
    principals: values(PRINCIPALS),
    notPrincipals: values(PRINCIPALS),
    namespaces: values(["default", "legacy"]),
    notNamespaces: values(["legacy"]),
    requestPrincipals: values(REQUEST_PRINCIPALS),
    notRequestPrincipals: values(["iss-b/*"]),
  })
  .map((s) =>
    Object.entries(s)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v}`),
  );
const operationArb = fc
  .record({
    methods: values(["GET", "POST"]),
    notMethods: values(["POST"]),
    paths: values(["/a", "/a*", "/b/c", "*"]),
    notPaths: values(["/a*"]),
    ports: values(["8080", "9090"]),
  })
  .map((o) =>
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v}`),
  );
const authRuleArb = fc
  .record({
    from: fc.option(sourceArb, { nil: undefined }),
    to: fc.option(operationArb, { nil: undefined }),
    when: fc.option(
      fc.oneof(
        stringMatch.map(() => `[{key: "request.headers[x-user]", values: ["jason", "b*"]}]`),
        pick(JWT_CONDITIONS),
      ),
      { nil: undefined },
    ),
  })
  .map(
    (r) =>
      `{${[r.from && `from: [{source: {${r.from.join(", ")}}}]`, r.to && `to: [{operation: {${r.to.join(", ")}}}]`, r.when && `when: ${r.when}`].filter(Boolean).join(", ")}}`,
  );
/** An AuthorizationPolicy; `valid`: a DENY policy has rules (without, it never applies, which `meshc check` rejects). */
const apArb = (services: readonly Svc[], valid: boolean) =>
  pick(["ALLOW", "DENY"])
    .chain((action) =>
      fc.record({
        name: pick(["p1", "p2", "p3"]),
        // A workload's or `default`'s policy; or in the root namespace `istio-system`, one selecting the ingress gateway
        // pod (the declared one or Istio's default, both labelled `istio: ingressgateway`) or a mesh-wide one.
        where: pick(["default", "default", "default", "gateway", "root"]),
        selector: fc.option(pick(services.map((s) => s.name)), { nil: undefined }),
        action: fc.constant(action),
        dryRun: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
        rules:
          valid && action === "DENY"
            ? fc.array(authRuleArb, { minLength: 1, maxLength: 2 })
            : fc.option(fc.array(authRuleArb, { minLength: 0, maxLength: 2 }), { nil: undefined, freq: 8 }),
      }),
    )
    .map(
      (p) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${p.name}, namespace: ${p.where === "default" ? "default" : "istio-system"}${p.dryRun ? `, annotations: {"istio.io/dry-run": "true"}` : ""}}
spec:
  action: ${p.action}
${p.where === "gateway" ? "  selector: {matchLabels: {istio: ingressgateway}}\n" : p.where === "default" && p.selector ? `  selector: {matchLabels: {app: ${p.selector}}}\n` : ""}${p.rules === undefined ? "" : `  rules: [${p.rules.join(", ")}]\n`}`,
    );

/** Egress hosts a Sidecar in `default` may import (sidecar.go: namespace `.` its own, `*` any, `~` none). */
const egressHostArb = (services: readonly Svc[]): fc.Arbitrary<string> =>
  fc.oneof(
    pick(["./*", "*/*", "istio-system/*", "legacy/*", "~/*"]),
    pick(services.map((s) => s.name)).chain((name) =>
      pick([
        `./${name}.default.svc.cluster.local`,
        `default/${name}.default.svc.cluster.local`,
        `*/${name}.default.svc.cluster.local`,
      ]),
    ),
  );

/**
 * None (most meshes), one or two namespace-wide Sidecars in `default` (istiod applies the oldest: push_context.go
 * `initSidecarScopes`), or one selecting a workload; each imports some egress hosts and may set the outbound policy.
 */
const sidecarsArb = (services: readonly Svc[]): fc.Arbitrary<string> => {
  const one = (name: string, age: number, selector: string | undefined) =>
    fc
      .record({
        hosts: fc.array(egressHostArb(services), { minLength: 1, maxLength: 3 }),
        policy: fc.option(pick(["ALLOW_ANY", "REGISTRY_ONLY"]), { nil: undefined }),
      })
      .map(
        ({ hosts, policy }) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: default, creationTimestamp: "202${age}-01-01T00:00:00Z"}
spec:
${selector === undefined ? "" : `  workloadSelector: {labels: {app: ${selector}}}\n`}  egress:
  - hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]
${policy === undefined ? "" : `  outboundTrafficPolicy: {mode: ${policy}}\n`}`,
      );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant("") },
    { weight: 2, arbitrary: fc.nat({ max: 9 }).chain((age) => one("sc-default", age, undefined)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 }))
        .chain(([a, b]) => fc.tuple(one("sc-a", a, undefined), one("sc-b", b, undefined)).map(([x, y]) => x + y)),
    },
    { weight: 1, arbitrary: pick(services.map((s) => s.name)).chain((app) => one("sc-selected", 0, app)) },
  );
};

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

/**
 * One mesh in five is drawn without regard for `meshc check` (undeclared subsets such as `v9`, missing subsets,
 * plaintext towards STRICT servers, DENY policies without rules): their runtime behaviour must still agree. The
 * others only route to subsets their service's DestinationRule declares (none without one), send plaintext only when
 * no PeerAuthentication is STRICT, and give DENY policies rules, so that most meshes compile cleanly.
 */
export const meshArb: fc.Arbitrary<GeneratedMesh> = meshArbOf(false);

/** `meshArb` whose gateway also has HTTPS, TLS and TCP servers (`_ingress-arb.ts`, the engines' differential test). */
export const tlsMeshArb: fc.Arbitrary<GeneratedMesh> = meshArbOf(true);

function meshArbOf(withTls: boolean): fc.Arbitrary<GeneratedMesh> {
  return fc
    .integer({ min: 1, max: 3 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => svcArb(i))))
    .chain((services) =>
      fc
        .tuple(
          fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
          paArb(services),
        )
        .chain(([valid, pa]) =>
          fc.tuple(
            fc.constant(valid),
            fc.constant(pa),
            fc.tuple(
              ...services.map((s) => fc.option(drArb(s, valid, !pa.includes("STRICT")), { nil: undefined, freq: 4 })),
            ),
          ),
        )
        .chain(([valid, pa, dr]) => {
          const subsets = (s: Svc): readonly string[] =>
            !valid ? SUBSETS : dr[services.indexOf(s)] === undefined ? [] : DECLARED;
          return fc
            .record({
              vs: fc.tuple(...services.map((s) => fc.option(vsArb(s, subsets(s)), { nil: undefined }))),
              ap: fc.array(apArb(services, valid), { maxLength: 3 }),
              ingress: ingressArb(services, subsets, withTls),
              ra: raArb(services),
              sidecars: sidecarsArb(services),
            })
            .map((m) => {
              const seen = new Set<string>();
              const aps = m.ap.filter((a) => {
                const name = /name: (p\d)/.exec(a)![1]!;
                return !seen.has(name) && seen.add(name) !== undefined;
              });
              const yaml = [
                BASE,
                ...services.map((s) => serviceYaml(s)),
                ...m.vs,
                ...dr,
                pa,
                ...aps,
                m.ingress,
                m.sidecars,
                m.ra,
              ]
                .filter((x) => x !== undefined)
                .join("");
              return { yaml, services };
            });
        }),
    );
}

/**
 * A request to one of the mesh's services, from one of its workloads, the sidecar-less `legacy/old-v1`, or outside;
 * or (one in five) a request through the ingress gateway.
 */
export const requestArb = (services: readonly Svc[], withTls = false): fc.Arbitrary<SimRequest> =>
  fc.oneof({ weight: 4, arbitrary: sidecarRequestArb(services) }, { weight: 1, arbitrary: ingressRequestArb(withTls) });

const sidecarRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      svc: pick(services),
      portIndex: fc.nat({ max: 1 }),
      // One in eight to a port the Service lacks (request.ts `portOfNoService`): 9090 where it has only 8080, else
      // 80, which no generated Service has.
      unserved: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      fqdn: fc.boolean(),
      method: pick(["GET", "POST"]),
      path: pick(["/", "/a", "/a/x", "/b/c", "/b"]),
      user: fc.option(pick(["jason", "ja", "bob"]), { nil: undefined }),
      source: pick([
        ...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)),
        "legacy/old-v1",
        "outside",
      ]),
      plaintext: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      jwt: jwtArb,
    })
    .map((r): SimRequest => {
      const source: SimRequest["source"] =
        r.source === "outside"
          ? { kind: "outside" }
          : { kind: "workload", namespace: r.source.split("/")[0]!, name: r.source.split("/")[1]! };
      return {
        method: r.method,
        scheme: "http",
        host:
          r.fqdn || source.kind !== "workload" || source.namespace !== "default" ? `${r.svc.name}.default` : r.svc.name,
        port: r.unserved
          ? r.svc.ports.includes(9090)
            ? 80
            : 9090
          : r.svc.ports[Math.min(r.portIndex, r.svc.ports.length - 1)]!,
        path: r.path,
        query: "",
        headers: r.user === undefined ? {} : { "x-user": r.user },
        source,
        plaintext: r.plaintext,
        ...(r.jwt === undefined ? {} : { jwt: r.jwt }),
      };
    });

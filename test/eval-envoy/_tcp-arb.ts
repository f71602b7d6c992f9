/**
 * TCP for the differential test of the two engines: every mesh of `_mesh-arb.ts` gets a TCP service `db` in `default`
 * (port 27017, sometimes 27018 too, named `mongo` or `tcp-db`, 1–3 versions), sometimes a DestinationRule with
 * subsets and a TLS mode, 0–2 VirtualServices with `tcp` rules (sourceLabels, sourceNamespace, port, gateways and
 * destinationSubnets matches; one to three weighted destinations) and 0–2 AuthorizationPolicies selecting it that mix
 * TCP fields with HTTP-only ones; one request in three is then a connection to it (`tcp://`, or an HTTP request to
 * its TCP port), a `tcp://` request to an HTTP port (refused by both) or to a host outside the registry; some of
 * them `tls://` or `https://` instead (the client's own TLS through the sidecar).
 *
 * A TCP port shared with another service, and `tcp://` requests to VIPs and to unknown hosts on a port a service
 * listens on: `_vip-arb.ts`.
 */
import fc from "fast-check";
import { headlessArb, headlessRequestArb, type Headless } from "./_headless-arb.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { tlsMeshArb as httpMeshArb, requestArb as httpRequestArb, type GeneratedMesh, type Svc } from "./_mesh-arb.ts";
import { pick } from "./_route-arb.ts";

export type { GeneratedMesh, Svc } from "./_mesh-arb.ts";

interface Db {
  readonly ports: readonly number[];
  readonly versions: readonly string[];
}

const dbArb: fc.Arbitrary<Db> = fc.record({
  ports: pick([[27017], [27017], [27017, 27018]] as const),
  versions: fc.integer({ min: 1, max: 3 }).map((n) => ["v1", "v2", "v3"].slice(0, n)),
});

function dbYaml(db: Db, portName: string): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  selector: {app: db}
  ports: [${db.ports.map((p, i) => `{name: ${i === 0 ? portName : "tcp-admin"}, port: ${p}}`).join(", ")}]
${db.versions
  .map(
    (v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db-${v}, namespace: default}
spec:
  template:
    metadata: {labels: {app: db, version: ${v}}}
    spec: {serviceAccountName: db}
`,
  )
  .join("")}`;
}

const drYaml = (subsets: readonly string[], tls: string | undefined) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: db, namespace: default}
spec:
  host: db
${tls ? `  trafficPolicy: {tls: {mode: ${tls}}}\n` : ""}  subsets: [${subsets.map((v) => `{name: ${v}, labels: {version: ${v}}}`).join(", ")}]
`;
const drArb = fc
  .record({
    subsets: fc.subarray(["v1", "v2", "v3"], { minLength: 1 }),
    tls: fc.option(pick(["ISTIO_MUTUAL", "DISABLE"]), { nil: undefined }),
  })
  .map((d) => drYaml(d.subsets, d.tls));
/** A DestinationRule that `meshc check` accepts: every version a subset, no plaintext towards STRICT servers (MESH2247). */
const validDrArb = (db: Db) =>
  fc.option(pick(["ISTIO_MUTUAL"]), { nil: undefined }).map((tls) => drYaml(db.versions, tls));

const MATCHES = [
  "{sourceLabels: {app: s0}}",
  "{sourceLabels: {app: s1}, port: 27017}",
  "{port: 27018}",
  "{sourceNamespace: legacy}",
  "{sourceNamespace: default}",
  "{destinationSubnets: [10.0.0.0/8]}",
  "{gateways: [mesh]}",
  "{gateways: [default/gw]}",
];

/**
 * A destination of `db`. With `valid` (the db the mesh declares), only its subsets and ports, and a port whenever it
 * has several (MESH2201); without, anything, including undeclared subsets and ports.
 */
const destinationArb = (valid: Db | undefined) =>
  fc.record({
    subset: fc.option(pick(valid?.versions ?? ["v1", "v2", "v3"]), { nil: undefined }),
    port:
      valid !== undefined && valid.ports.length > 1
        ? pick(valid.ports).map((p): number | undefined => p)
        : fc.option(pick(valid?.ports ?? [27017, 27018]), { nil: undefined, freq: 4 }),
  });
const matchesFor = (valid: Db | undefined) =>
  valid === undefined
    ? MATCHES
    : MATCHES.filter((m) => !/port: (\d+)/.test(m) || valid.ports.includes(Number(/port: (\d+)/.exec(m)![1])));
const tcpRuleArb = (valid: Db | undefined) =>
  fc
    .record({
      match: fc.option(fc.subarray(matchesFor(valid), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      route: fc.array(fc.record({ d: destinationArb(valid), weight: pick([10, 30, 60, 100]) }), {
        minLength: 1,
        maxLength: 3,
      }),
    })
    .map((r) => {
      const route = r.route.map(
        ({ d, weight }) =>
          `{destination: {host: db${d.subset ? `, subset: ${d.subset}` : ""}${d.port ? `, port: {number: ${d.port}}` : ""}}${r.route.length > 1 ? `, weight: ${weight}` : ""}}`,
      );
      return `{${r.match ? `match: [${r.match.join(", ")}], ` : ""}route: [${route.join(", ")}]}`;
    });
const vsArb = (name: string, valid?: Db) =>
  fc.array(tcpRuleArb(valid), { minLength: 1, maxLength: 3 }).map(
    (rules) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${name === "db-a" ? "db" : "db.default.svc.cluster.local"}]
  tcp: [${rules.join(", ")}]
`,
  );

/** Rules that mix TCP attributes with HTTP-only ones (methods, paths, requestPrincipals, request headers). */
const FROM = [
  "principals: [cluster.local/ns/default/sa/s0]",
  'principals: ["*"]',
  "namespaces: [legacy]",
  "notNamespaces: [default]",
  'requestPrincipals: ["*"]',
];
const TO = [
  'ports: ["27017"]',
  'notPorts: ["27017"]',
  "methods: [GET]",
  'paths: ["/a"]',
  'ports: ["27018"], methods: [POST]',
];
const ruleArb = fc
  .record({
    from: fc.option(pick(FROM), { nil: undefined }),
    to: fc.option(pick(TO), { nil: undefined }),
    when: fc.boolean(),
  })
  .map(
    (r) =>
      `{${[r.from && `from: [{source: {${r.from}}}]`, r.to && `to: [{operation: {${r.to}}}]`, r.when ? `when: [{key: "request.headers[x-user]", values: [jason]}]` : ""].filter(Boolean).join(", ")}}`,
  );
const apArb = (name: string) =>
  fc.record({ action: pick(["ALLOW", "DENY"]), rules: fc.array(ruleArb, { minLength: 1, maxLength: 2 }) }).map(
    (p) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: default}
spec:
  selector: {matchLabels: {app: db}}
  action: ${p.action}
  rules: [${p.rules.join(", ")}]
`,
  );

/** The `db` of a generated mesh, keyed by its (own copy of the) services list, which `requestArb` receives. */
const DB = new WeakMap<readonly Svc[], Db>();
/** The headless Service `hl` of a generated mesh (half of them: _headless-arb.ts), keyed the same way. */
const HL = new WeakMap<readonly Svc[], Headless>();

/**
 * The meshes of `_mesh-arb.ts` with the TCP service `db` and its routing and policies. Four in five get a TCP part that
 * `meshc check` accepts (declared subsets and ports, one VirtualService for the host, MESH2204); the fifth anything.
 */
export const meshArb: fc.Arbitrary<GeneratedMesh> = fc
  .tuple(
    httpMeshArb,
    dbArb,
    pick(["mongo", "tcp-db"]),
    fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
    fc.option(headlessArb, { nil: undefined, freq: 2 }),
  )
  .chain(([mesh, db, portName, valid, hl]) =>
    fc.tuple(
      fc.constant(hl),
      fc.constant(mesh),
      fc.constant(db),
      fc.constant(portName),
      valid ? validDrArb(db).map((d): string | undefined => d) : fc.option(drArb, { nil: undefined }),
      fc.option(vsArb("db-a", valid ? db : undefined), { nil: undefined }),
      valid ? fc.constant(undefined) : fc.option(vsArb("db-b"), { nil: undefined, freq: 4 }),
      fc.array(fc.nat({ max: 1 }), { maxLength: 2 }).chain((ns) => fc.tuple(...ns.map((_, i) => apArb(`db-${i}`)))),
    ),
  )
  .map(([hl, mesh, db, portName, dr, vsA, vsB, aps]) => {
    const services = [...mesh.services];
    DB.set(services, db);
    if (hl !== undefined) HL.set(services, hl);
    return {
      yaml: [mesh.yaml, dbYaml(db, portName), dr, vsA, vsB, ...aps, hl?.yaml].filter((x) => x !== undefined).join(""),
      services,
    };
  });

const tcpRequestArb = (services: readonly Svc[], db: Db): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      target: fc.oneof(
        { weight: 6, arbitrary: pick(db.ports).map((port) => ({ host: "db.default", port })) },
        { weight: 1, arbitrary: pick(services).map((s) => ({ host: `${s.name}.default`, port: s.ports[0]! })) },
        { weight: 1, arbitrary: fc.constant({ host: "pg.example.com", port: 5432 }) },
      ),
      http: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      tls: pick([undefined, undefined, undefined, "tls", "https"] as const),
      source: pick([
        ...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)),
        "legacy/old-v1",
        "outside",
      ]),
      plaintext: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map((r): SimRequest => {
      const source: SimRequest["source"] =
        r.source === "outside"
          ? { kind: "outside" }
          : { kind: "workload", namespace: r.source.split("/")[0]!, name: r.source.split("/")[1]! };
      const http = r.http && r.target.host === "db.default";
      // Sometimes the client's own TLS (tls://, https://): it passes through the sidecar, or is refused on HTTP ports.
      const scheme = r.tls ?? (http ? "http" : "tcp");
      return {
        method: scheme === "http" || scheme === "https" ? "GET" : "",
        scheme,
        host: r.target.host,
        port: r.target.port,
        path: scheme === "http" || scheme === "https" ? "/" : "",
        query: "",
        headers: {},
        source,
        plaintext: r.plaintext,
      };
    });

/** The requests of `_mesh-arb.ts`, and one in three a TCP connection (see the file comment). */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> => {
  const db = DB.get(services);
  const hl = HL.get(services);
  const clients = services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`));
  const base =
    db === undefined
      ? httpRequestArb(services, true)
      : fc.oneof(
          { weight: 2, arbitrary: httpRequestArb(services, true) },
          { weight: 1, arbitrary: tcpRequestArb(services, db) },
        );
  return hl === undefined
    ? base
    : fc.oneof({ weight: 2, arbitrary: base }, { weight: 1, arbitrary: headlessRequestArb(hl, clients) });
};

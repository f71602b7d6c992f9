/**
 * The ingress part of the differential test's meshes (test/eval-envoy/_mesh-arb.ts): a Gateway, the gateway proxy
 * that runs it, VirtualServices bound to it, and requests through it.
 */
import fc from "fast-check";
import { jwtArb } from "./_jwt-arb.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { pick, ruleArb, type Svc } from "./_route-arb.ts";
import { INGRESS_POD } from "../support/ingress-pod.ts";

/** The gateway Service a Gateway selected through Services names (`internal.istio.io/gateway-service`). */
const GATEWAY_SERVICE = "ingress-gw";

/**
 * A gateway pod in `default` (where the Sidecars of `_mesh-arb.ts` live: istiod applies none to a router) behind
 * Service `ingress-gw` (80 → 8081, 443 → 8443), as the Gateway API deployment controller sets one up.
 */
const SERVICE_INGRESS_POD = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${GATEWAY_SERVICE}, namespace: default}
spec: {template: {metadata: {labels: {istio: ingressgateway}}, spec: {serviceAccountName: ${GATEWAY_SERVICE}}}}
---
apiVersion: v1
kind: Service
metadata: {name: ${GATEWAY_SERVICE}, namespace: default}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8081}, {name: https, port: 443, targetPort: 8443}]
`;

/**
 * Ingress: Gateway `default/gw` (port 80, hosts `*`, `app.example.com` or `*.example.com`; sometimes with
 * `httpsRedirect`, an HTTPS (SIMPLE, MUTUAL, OPTIONAL_MUTUAL, ISTIO_MUTUAL; the client-validating ones sometimes with
 * `subjectAltNames`) or TLS (PASSTHROUGH, AUTO_PASSTHROUGH) server on 443, or behind an older-named Gateway's TCP server on
 * port 80 that takes the port; sometimes a server on port 81) picking its pods by selector, through the gateway Service
 * it names in `internal.istio.io/gateway-service` (then the pod is in `default`, behind Service `ingress-gw`: ports
 * listen on their target ports, port 81 nowhere; undeclared, no pod runs it), or with neither (it runs on every
 * router: the pod the older TCP Gateway selects, else the default ingress gateway); run by a declared pod
 * behind a Service (80 → 8081) in `istio-system`, or by Istio's default ingress gateway; 0–2 VirtualServices bound
 * to it, each for `*`, `app.example.com` or `*.example.com` (so that the most specific virtual host must win), with
 * 1–3 rules, any of which may be a catch-all (later rules are then never generated), one of them possibly with a
 * `gateways: [mesh]` match that the gateway must skip. AuthorizationPolicies selecting the gateway pod come from
 * `_mesh-arb.ts`.
 */
export const ingressArb = (services: readonly Svc[], subsets: (s: Svc) => readonly string[], withTls = false) =>
  fc
    .record({
      declared: fc.boolean(),
      // How `gw` picks its pods (only with `withTls`, as `tls`): compiler/ir/gateway-selection.ts.
      selection: withTls
        ? pick(["selector", "selector", "service", "service", "none"] as const)
        : fc.constant("selector" as const),
      // A server on port 81, which the gateway Service does not expose (no listener when selected through it).
      port81: withTls ? fc.boolean() : fc.constant(false),
      // Kubernetes Ingresses in `default` (only with `withTls`, as `tls`): compiler/ir/ingress.ts.
      ingresses: withTls
        ? fc
            .integer({ min: 0, max: 2 })
            .chain((n) => fc.array(ingressSpecArb(services), { minLength: n, maxLength: n }))
        : fc.constant<IngressSpec[]>([]),
      serverHost: pick(["*", "app.example.com", "*.example.com"]),
      // Only with `withTls` (the engines' differential test), so that other users of the arbitrary keep their stream.
      tls: withTls
        ? pick([
            "none",
            "none",
            "https",
            "mutual",
            "optionalMutual",
            "istioMutual",
            "redirect",
            "passthrough",
            "autoPassthrough",
            "tcpFirst",
          ] as const)
        : fc.constant("none" as const),
      // The client-validating servers' `subjectAltNames` (listener.go BuildListenerTLSContext's SAN matchers).
      sans: withTls
        ? fc.option(pick([["client.example.com"], ["other.example.com", "spiffe://example.com/client"]]), {
            nil: undefined,
          })
        : fc.constant(undefined),
      meshOnly: fc.boolean(),
      vss: fc.array(
        fc.tuple(
          pick(["*", "app.example.com", "*.example.com"]),
          pick(services).chain((s) =>
            fc.array(
              fc.boolean().chain((c) => ruleArb(s.name, s.ports, c, subsets(s))),
              { minLength: 1, maxLength: 3 },
            ),
          ),
        ),
        { maxLength: 2 },
      ),
    })
    .map((g) => {
      const redirect = g.tls === "redirect" ? ", tls: {httpsRedirect: true}" : "";
      // HTTPS servers terminating TLS (SIMPLE, MUTUAL with a credential; ISTIO_MUTUAL with the gateway's own
      // certificate), a TLS PASSTHROUGH server (routed by the tls route below) or an AUTO_PASSTHROUGH one on `*.local`
      // (routed by the SNI `outbound_.<port>_.<subset>_.<host>`: gateway.go buildGatewayListeners' sni-dnat chains).
      const sans =
        g.sans === undefined ? "" : `, subjectAltNames: [${g.sans.map((n) => JSON.stringify(n)).join(", ")}]`;
      const mode = g.tls === "https" ? "SIMPLE" : g.tls === "mutual" ? "MUTUAL" : "OPTIONAL_MUTUAL";
      const tlsServer =
        g.tls === "https" || g.tls === "mutual" || g.tls === "optionalMutual"
          ? `, {port: {number: 443, name: https, protocol: HTTPS}, hosts: ["${g.serverHost}"], tls: {mode: ${mode}, credentialName: app-cert${g.tls === "https" ? "" : sans}}}`
          : g.tls === "istioMutual"
            ? `, {port: {number: 443, name: https, protocol: HTTPS}, hosts: ["${g.serverHost}"], tls: {mode: ISTIO_MUTUAL${sans}}}`
            : g.tls === "passthrough"
              ? `, {port: {number: 443, name: tls, protocol: TLS}, hosts: ["${g.serverHost}"], tls: {mode: PASSTHROUGH}}`
              : g.tls === "autoPassthrough"
                ? `, {port: {number: 443, name: tls, protocol: TLS}, hosts: ["*.local"], tls: {mode: AUTO_PASSTHROUGH}}`
                : "";
      // A Gateway named before `gw` with a TCP server on port 80: istiod keeps the first server's protocol on a port.
      const tcpFirst =
        g.tls === "tcpFirst"
          ? `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a-tcp, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: ["${g.serverHost}"]}]
`
          : "";
      const extra = g.port81 ? `, {port: {number: 81, name: http-81, protocol: HTTP}, hosts: ["${g.serverHost}"]}` : "";
      const picked =
        g.selection === "selector"
          ? "metadata: {name: gw, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n"
          : g.selection === "service"
            ? `metadata:\n  name: gw\n  namespace: default\n  annotations: {internal.istio.io/gateway-service: "${GATEWAY_SERVICE}.default.svc.cluster.local"}\nspec:\n`
            : "metadata: {name: gw, namespace: default}\nspec:\n";
      const gateway = `${tcpFirst}---
apiVersion: networking.istio.io/v1
kind: Gateway
${picked}  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["${g.serverHost}"]${redirect}}${tlsServer}${extra}]
`;
      const mesh = services[0]!;
      // A tls route for the passthrough server, a tcp route for the older Gateway's TCP server: to the TCP service
      // `db` (_tcp-arb.ts adds it; bytes into an HTTP port of a server are not modelled).
      const l4 =
        g.tls === "passthrough"
          ? `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pass, namespace: default}
spec:
  hosts: ["${g.serverHost}"]
  gateways: [gw]
  tls: [{match: [{sniHosts: [app.example.com]}], route: [{destination: {host: db, port: {number: 27017}}}]}]
`
          : g.tls === "tcpFirst"
            ? `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp, namespace: default}
spec:
  hosts: ["*"]
  gateways: [a-tcp]
  tcp: [{route: [{destination: {host: db, port: {number: 27017}}}]}]
`
            : "";
      const vss = g.vss.map(
        ([host, rules], i) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: gw-${i}, namespace: default}
spec:
  hosts: ["${host}"]
  gateways: [gw]
  http:
${
  g.meshOnly && i === 0
    ? `  - {name: mesh-only, match: [{gateways: [mesh], uri: {prefix: /a}}], route: [{destination: {host: ${mesh.name}, port: {number: ${mesh.ports[0]}}}}]}
`
    : ""
}${rules.join("\n")}
`,
      );
      const pod = !g.declared ? "" : g.selection === "service" ? SERVICE_INGRESS_POD : INGRESS_POD;
      const ingresses = g.ingresses.map((spec, i) => ingressYaml(i === 0 ? "ing" : "ing-b", spec));
      return [pod, gateway, l4, ...vss, ...ingresses].join("");
    });

/** A generated Ingress: its class, creation time, TLS entry and rules (`ingressSpecArb`). */
interface IngressSpec {
  readonly cls: "annotation" | "other" | "none";
  readonly year: number;
  readonly tls: boolean;
  readonly rules: readonly { readonly host: string | undefined; readonly paths: readonly string[] }[];
}

/**
 * An Ingress: class annotation `istio` (or `nginx`, or none: STRICT mode then ignores it), created in 2010 or 2020, an
 * optional TLS entry for `app.example.com` (two Ingresses sharing it: istio#24385), 1–2 rules for `app.example.com`,
 * `*.example.com` or no host, each with 1–3 paths (Exact, Prefix, ImplementationSpecific incl. `/*` forms) to a mesh
 * service's port, by number or by name, sometimes to a missing Service, port or port name.
 */
const ingressSpecArb = (services: readonly Svc[]): fc.Arbitrary<IngressSpec> =>
  fc.record({
    cls: pick(["annotation", "annotation", "annotation", "other", "none"] as const),
    year: pick([2010, 2020]),
    tls: fc.boolean(),
    rules: fc.array(
      fc.record({
        host: pick([undefined, "app.example.com", "app.example.com", "*.example.com"]),
        paths: fc.array(
          fc
            .record({
              path: pick(["/", "/a", "/a/x", "/b", "/a/*", ".*", ""]),
              type: pick(["Exact", "Prefix", "Prefix", "ImplementationSpecific"]),
              svc: pick(services),
              port: pick(["number", "number", "name", "missing-port", "missing-name", "missing-service"] as const),
            })
            .map((p) => {
              const port =
                p.port === "number"
                  ? `{number: ${p.svc.ports[0]}}`
                  : p.port === "name"
                    ? `{name: http-${p.svc.ports[0]}}`
                    : p.port === "missing-port"
                      ? "{number: 1234}"
                      : "{name: grpc}";
              const name = p.port === "missing-service" ? "nope" : p.svc.name;
              // The API server requires an absolute path for Exact and Prefix.
              const path = p.type === "ImplementationSpecific" || p.path.startsWith("/") ? p.path : "/";
              return `{path: "${path}", pathType: ${p.type}, backend: {service: {name: ${name}, port: ${port}}}}`;
            }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  });

function ingressYaml(name: string, spec: IngressSpec): string {
  const cls =
    spec.cls === "annotation"
      ? ", annotations: {kubernetes.io/ingress.class: istio}"
      : spec.cls === "other"
        ? ", annotations: {kubernetes.io/ingress.class: nginx}"
        : "";
  const rules = spec.rules
    .map(
      (r) =>
        `  - ${r.host === undefined ? "" : `host: "${r.host}"\n    `}http:\n      paths: [${r.paths.join(", ")}]\n`,
    )
    .join("");
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: default, creationTimestamp: "${spec.year}-01-01T00:00:00Z"${cls}}
spec:
${spec.tls ? "  tls: [{hosts: [app.example.com], secretName: app-cert}]\n" : ""}  rules:
${rules}`;
}

/**
 * A request through the ingress gateway `default/gw`: a host its server or VSs name or not, the server's port or
 * another one; `http://`, `https://` (sometimes with another SNI), `tls://` or `tcp://`.
 */
export const ingressRequestArb = (withTls = false): fc.Arbitrary<SimRequest> =>
  withTls ? tlsIngressRequestArb : httpIngressRequestArb;

const httpIngressRequestArb: fc.Arbitrary<SimRequest> = fc
  .record({
    host: pick([
      "app.example.com",
      "other.example.com",
      "app.example.com:80",
      "APP.example.com",
      "example.com",
      "other.org",
    ]),
    port: pick([undefined, undefined, 8080]),
    method: pick(["GET", "POST"]),
    path: pick(["/", "/a", "/a/x", "/b/c", "/b"]),
    user: fc.option(pick(["jason", "ja", "bob"]), { nil: undefined }),
    jwt: jwtArb,
  })
  .map((r): SimRequest => {
    const [host, explicit] = r.host.split(":");
    return {
      method: r.method,
      scheme: "http",
      host: host!,
      port: explicit === undefined ? r.port : Number(explicit),
      path: r.path,
      query: "",
      headers: r.user === undefined ? {} : { "x-user": r.user },
      source: { kind: "ingress", namespace: "default", gateway: "gw" },
      plaintext: false,
      ...(r.jwt === undefined ? {} : { jwt: r.jwt }),
    };
  });

const tlsIngressRequestArb: fc.Arbitrary<SimRequest> = fc
  .record({
    host: pick([
      "app.example.com",
      "other.example.com",
      "app.example.com:80",
      "APP.example.com",
      "example.com",
      "other.org",
    ]),
    port: pick([undefined, undefined, 8080, 443, 81]),
    method: pick(["GET", "POST"]),
    path: pick(["/", "/a", "/a/x", "/b/c", "/b"]),
    user: fc.option(pick(["jason", "ja", "bob"]), { nil: undefined }),
    jwt: jwtArb,
    scheme: pick(["http", "http", "http", "https", "https", "tls", "tcp"] as const),
    // The Istio Gateway, or the Ingress `default/ing` (its generated Gateway; unknown when the mesh has none).
    gateway: pick(["gw", "gw", "ing"]),
    // The last one is an AUTO_PASSTHROUGH server's SNI (outbound_.<port>_.<subset>_.<host>).
    sni: fc.option(
      pick(["app.example.com", "a.example.com", "other.org", "outbound_.8080_._.s0.default.svc.cluster.local"]),
      { nil: undefined },
    ),
    // A client certificate (docs/requests.md `cert`): trusted, untrusted or expired, with SANs the servers' match or not.
    cert: fc.option(
      fc.record({
        flaw: fc.option(pick(["untrusted", "expired"] as const), { nil: undefined }),
        sans: pick([
          [],
          ["client.example.com"],
          ["*.example.com"],
          ["other.example.com"],
          ["spiffe://example.com/client"],
        ]),
      }),
      { nil: undefined },
    ),
  })
  .map((r): SimRequest => {
    const cert =
      r.cert === undefined
        ? {}
        : { cert: { ...(r.cert.flaw === undefined ? {} : { flaw: r.cert.flaw }), sans: r.cert.sans } };
    const [host, explicit] = r.host.split(":");
    const port = explicit === undefined ? r.port : Number(explicit);
    const source = { kind: "ingress", namespace: "default", gateway: r.gateway } as const;
    if (r.scheme === "tcp" || r.scheme === "tls")
      return {
        method: "",
        scheme: r.scheme,
        host: host!,
        port,
        path: "",
        query: "",
        headers: {},
        source,
        plaintext: false,
        ...(r.scheme === "tls" && r.sni !== undefined ? { sni: r.sni } : {}),
        ...(r.scheme === "tls" ? cert : {}),
      };
    return {
      method: r.method,
      scheme: r.scheme,
      host: host!,
      port,
      path: r.path,
      query: "",
      headers: r.user === undefined ? {} : { "x-user": r.user },
      source,
      plaintext: false,
      ...(r.jwt === undefined ? {} : { jwt: r.jwt }),
      ...(r.scheme === "https" && r.sni !== undefined ? { sni: r.sni } : {}),
      ...(r.scheme === "https" ? cert : {}),
    };
  });

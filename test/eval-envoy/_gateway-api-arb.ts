/**
 * The Kubernetes Gateway API for the engines' differential test (issue 14; compiler/ir/gateway-api lowers it as istiod
 * converts it, conversion.go / route_collections.go): on top of the meshes of `_services-arb.ts`, one in three gets a
 * Gateway `agw` of class `istio` (in `default`, or in `istio-system` admitting routes from all namespaces or only
 * its own) with an HTTP listener on 80 (any hostname or `*.example.com`), an HTTPS one on 443 (Terminate with a
 * certificate; sometimes `app.example.com` only), sometimes a TLS Passthrough listener on 8443 and a TCP one on 9000;
 * 1–2 ingress HTTPRoutes (parentRef the Gateway, with or without a sectionName; hostnames or none; creation times in
 * either order) and sometimes a GAMMA HTTPRoute (parentRef the Service `s0`, with or without its port). Rules:
 * matches on path (PathPrefix, Exact, RegularExpression), headers, query parameters and method; filters (request
 * and response header modifiers, redirect, rewrite, mirror); weighted backendRefs (weight 0, a missing Service →
 * 500, `old` in `legacy` behind a ReferenceGrant or without one, `web`'s port 8000); timeouts. With the TLS and TCP
 * listeners a TLSRoute (v1alpha2, by SNI) and a TCPRoute to `db`; sometimes GRPCRoutes (v1) on the Gateway and on `s0`
 * (method matches exact, by service, by method, regular expressions; headers; header filters, mirror). Requests:
 * through `ingress <ns>/agw` (`http://` on 80, `https://` on 443 with or without SNI, `tls://` on 8443, `tcp://` on
 * 9000, `grpc://`) and from sidecars to `s0` (`http://`, `grpc://`).
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { meshArb as servicesMeshArb, requestArb as servicesRequestArb } from "./_services-arb.ts";
import type { GeneratedMesh, Svc } from "./_tcp-arb.ts";
import { pick } from "./_route-arb.ts";

const API = "gateway.networking.k8s.io/v1";

interface GatewayApi {
  readonly yaml: string;
  /** The Gateway's namespace (requests come from `ingress <ns>/agw`). */
  readonly namespace: string;
  readonly tls: boolean;
  readonly tcp: boolean;
  /** Whether Service s0 has a GAMMA HTTPRoute. */
  readonly gamma: boolean;
  /** Where a GRPCRoute attaches: the Gateway, Service s0 (GAMMA), both, or nowhere. */
  readonly grpc: "none" | "ingress" | "gamma" | "both";
}

/** `arb` one time in `n` (else undefined). */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const matchArb = fc
  .record({
    path: fc.option(
      pick([
        "{type: PathPrefix, value: /a}",
        "{type: PathPrefix, value: /a/}",
        "{type: PathPrefix, value: /}",
        "{type: Exact, value: /b}",
        `{type: RegularExpression, value: "/c[0-9]+"}`,
      ]),
      { nil: undefined, freq: 4 },
    ),
    headers: sometimes(
      pick([
        "[{name: x-user, value: jason}]",
        `[{type: RegularExpression, name: x-user, value: "b.*"}]`,
        "[{name: X-User, value: bob}, {name: x-env, value: prod}]",
      ]),
      3,
    ),
    query: sometimes(pick(["[{name: q, value: '1'}]", `[{type: RegularExpression, name: q, value: "[0-9]"}]`]), 4),
    method: sometimes(pick(["GET", "POST"]), 4),
  })
  .map((m) => {
    const parts = [
      m.path === undefined ? "" : `path: ${m.path}`,
      m.headers === undefined ? "" : `headers: ${m.headers}`,
      m.query === undefined ? "" : `queryParams: ${m.query}`,
      m.method === undefined ? "" : `method: ${m.method}`,
    ].filter((p) => p !== "");
    return { yaml: `{${parts.join(", ")}}`, prefix: m.path?.includes("PathPrefix") === true };
  });

/** A backendRef: a generated service, web's HTTP port, a missing Service, `old` in `legacy` (ReferenceGrant). */
const backendArb = (services: readonly Svc[]) =>
  fc
    .record({
      target: fc.oneof(
        { weight: 6, arbitrary: pick(services.map((s) => `{name: ${s.name}, port: 8080`)) },
        { weight: 1, arbitrary: fc.constant("{name: web, port: 8000") },
        { weight: 1, arbitrary: fc.constant("{name: nothere, port: 8080") },
        { weight: 1, arbitrary: fc.constant("{name: old, namespace: legacy, port: 8080") },
      ),
      weight: fc.option(pick([0, 1, 3]), { nil: undefined }),
    })
    .map((b) => `${b.target}${b.weight === undefined ? "" : `, weight: ${b.weight}`}}`);

const FILTERS = {
  requestHeaders: `{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-user, value: bob}], add: [{name: x-env, value: prod}], remove: [x-drop]}}`,
  responseHeaders: `{type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: x-served, value: gw}]}}`,
  redirect: `{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}`,
  redirectPath: `{type: RequestRedirect, requestRedirect: {hostname: other.example.com, port: 8080, path: {type: ReplaceFullPath, replaceFullPath: /moved}, statusCode: 302}}`,
  rewritePrefix: `{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}`,
  rewriteHost: `{type: URLRewrite, urlRewrite: {hostname: internal.example.com, path: {type: ReplaceFullPath, replaceFullPath: /x}}}`,
  mirror: `{type: RequestMirror, requestMirror: {backendRef: {name: s0, port: 8080}, percent: 50}}`,
} as const;

const ruleArb = (services: readonly Svc[]) =>
  fc
    .record({
      matches: fc.array(matchArb, { maxLength: 2 }),
      filter: fc.option(pick(Object.keys(FILTERS) as (keyof typeof FILTERS)[]), { nil: undefined, freq: 2 }),
      backends: fc.array(backendArb(services), { minLength: 1, maxLength: 2 }),
      timeouts: sometimes(pick(["{request: 2s}", "{request: 3s, backendRequest: 1s}"]), 4),
    })
    .map((r) => {
      // A redirect takes no backendRefs; ReplacePrefixMatch needs one PathPrefix match (the CRD's CEL rules): other
      // combinations are what `meshc check` rejects, which the mesh's IR then comes from lowering.
      const redirect = r.filter?.startsWith("redirect") === true;
      const matches =
        r.filter === "rewritePrefix" && !(r.matches.length === 1 && r.matches[0]!.prefix)
          ? ["{path: {type: PathPrefix, value: /a}}"]
          : r.matches.map((m) => m.yaml);
      // No matches: Gateway API's default, a PathPrefix `/` match.
      const fields = [
        matches.length === 0 ? "" : `matches: [${matches.join(", ")}]`,
        r.filter === undefined ? "" : `filters: [${FILTERS[r.filter]}]`,
        redirect ? "" : `backendRefs: [${r.backends.join(", ")}]`,
        r.timeouts === undefined ? "" : `timeouts: ${r.timeouts}`,
      ].filter((l) => l !== "");
      return fields.map((l, i) => `${i === 0 ? "  - " : "    "}${l}\n`).join("");
    });

const httpRouteArb = (services: readonly Svc[], name: string, parentRef: fc.Arbitrary<string>, hostnames: boolean) =>
  fc
    .record({
      parent: parentRef,
      hostnames: hostnames
        ? fc.option(
            pick([
              "[app.example.com]",
              "[app.example.com]",
              `["*.example.com"]`,
              "[app.example.com, other.org]",
              "[x.example.org]",
            ]),
            {
              nil: undefined,
              freq: 4,
            },
          )
        : fc.constant(undefined),
      age: fc.nat({ max: 9 }),
      rules: fc.array(ruleArb(services), { minLength: 1, maxLength: 3 }),
    })
    .map(
      (r) => `---
apiVersion: ${API}
kind: HTTPRoute
metadata: {name: ${name}, namespace: default, creationTimestamp: "202${r.age}-01-01T00:00:00Z"}
spec:
  parentRefs: [${r.parent}]
${r.hostnames === undefined ? "" : `  hostnames: ${r.hostnames}\n`}  rules:
${r.rules.join("")}`,
    );

/** GRPCRoute method matches (conversion.go `createGRPCURIMatch`: exact, service prefix, method regex) and headers. */
const GRPC_MATCHES = [
  "{method: {service: echo.Echo, method: Echo}}",
  "{method: {service: echo.Echo}}",
  "{method: {method: Get}}",
  `{method: {type: RegularExpression, service: 'echo\\..*', method: 'G.*'}}`,
  "{headers: [{name: x-user, value: jason}]}",
  "{method: {service: echo.Echo, method: Echo}, headers: [{type: RegularExpression, name: x-user, value: b.*}]}",
];

const grpcRuleArb = (services: readonly Svc[]) =>
  fc
    .record({
      matches: fc.subarray(GRPC_MATCHES, { maxLength: 2 }),
      filter: fc.option(pick(["requestHeaders", "responseHeaders", "mirror"] as const), { nil: undefined, freq: 2 }),
      backends: fc.array(backendArb(services), { minLength: 1, maxLength: 2 }),
    })
    .map((r) => {
      const fields = [
        r.matches.length === 0 ? "" : `matches: [${r.matches.join(", ")}]`,
        r.filter === undefined ? "" : `filters: [${FILTERS[r.filter]}]`,
        `backendRefs: [${r.backends.join(", ")}]`,
      ].filter((l) => l !== "");
      return fields.map((l, i) => `${i === 0 ? "  - " : "    "}${l}\n`).join("");
    });

const grpcRouteArb = (services: readonly Svc[], name: string, parentRef: string, hostnames: boolean) =>
  fc
    .record({
      hostnames: hostnames
        ? fc.option(pick(["[grpc.example.com]", `["*.example.com"]`]), { nil: undefined, freq: 3 })
        : fc.constant(undefined),
      age: fc.nat({ max: 9 }),
      rules: fc.array(grpcRuleArb(services), { minLength: 1, maxLength: 2 }),
    })
    .map(
      (r) => `---
apiVersion: ${API}
kind: GRPCRoute
metadata: {name: ${name}, namespace: default, creationTimestamp: "202${r.age}-01-01T00:00:00Z"}
spec:
  parentRefs: [${parentRef}]
${r.hostnames === undefined ? "" : `  hostnames: ${r.hostnames}\n`}  rules:
${r.rules.join("")}`,
    );

const gatewayApiArb = (services: readonly Svc[]): fc.Arbitrary<GatewayApi> =>
  fc
    .record({
      namespace: pick(["default", "default", "istio-system"]),
      allowAll: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
      httpHost: fc.boolean(),
      httpsHost: fc.boolean(),
      tls: fc.boolean(),
      tcp: fc.boolean(),
      grant: fc.boolean(),
      routes: fc.integer({ min: 1, max: 2 }),
      gamma: fc.boolean(),
      gammaPort: fc.boolean(),
      className: fc.boolean(),
      grpc: pick(["none", "none", "ingress", "gamma", "both"] as const),
    })
    .chain((g) => {
      const ns = g.namespace;
      const parentRef = pick([
        `{name: agw${ns === "default" ? "" : `, namespace: ${ns}`}}`,
        `{name: agw${ns === "default" ? "" : `, namespace: ${ns}`}}`,
        `{name: agw${ns === "default" ? "" : `, namespace: ${ns}`}, sectionName: http}`,
        `{name: agw${ns === "default" ? "" : `, namespace: ${ns}`}, sectionName: https}`,
      ]);
      return fc
        .tuple(
          fc.tuple(...Array.from({ length: g.routes }, (_, i) => httpRouteArb(services, `hr-${i}`, parentRef, true))),
          g.gamma
            ? httpRouteArb(
                services,
                "mesh-s0",
                fc.constant(`{group: "", kind: Service, name: s0${g.gammaPort ? ", port: 8080" : ""}}`),
                false,
              )
            : fc.constant(""),
          g.grpc === "ingress" || g.grpc === "both"
            ? grpcRouteArb(services, "grpc-gw", `{name: agw${ns === "default" ? "" : `, namespace: ${ns}`}}`, true)
            : fc.constant(""),
          g.grpc === "gamma" || g.grpc === "both"
            ? grpcRouteArb(services, "grpc-s0", `{group: "", kind: Service, name: s0, port: 8080}`, false)
            : fc.constant(""),
        )
        .map(([routes, gamma, grpcGw, grpcMesh]): GatewayApi => {
          const allowed = ns === "default" || !g.allowAll ? "" : ", allowedRoutes: {namespaces: {from: All}}";
          const listeners = [
            `  - {name: http, port: 80, protocol: HTTP${g.httpHost ? `, hostname: "*.example.com"` : ""}${allowed}}`,
            `  - {name: https, port: 443, protocol: HTTPS${g.httpsHost ? ", hostname: app.example.com" : ""}, tls: {mode: Terminate, certificateRefs: [{name: agw-cert}]}${allowed}}`,
            ...(g.tls ? [`  - {name: tls, port: 8443, protocol: TLS, tls: {mode: Passthrough}${allowed}}`] : []),
            ...(g.tcp ? [`  - {name: tcp, port: 9000, protocol: TCP${allowed}}`] : []),
          ];
          const parent = `{name: agw${ns === "default" ? "" : `, namespace: ${ns}`}`;
          const yaml = `${
            g.className
              ? `---
apiVersion: ${API}
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller}
`
              : ""
          }---
apiVersion: ${API}
kind: Gateway
metadata: {name: agw, namespace: ${ns}}
spec:
  gatewayClassName: istio
  listeners:
${listeners.join("\n")}
${routes.join("")}${gamma}${grpcGw}${grpcMesh}${
            g.grant
              ? `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-default, namespace: legacy}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
  to: [{group: "", kind: Service}]
`
              : ""
          }${
            g.tls
              ? `---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: tls, namespace: default}
spec:
  parentRefs: [${parent}, sectionName: tls}]
  hostnames: [tls.example.com]
  rules: [{backendRefs: [{name: s0, port: 8080}]}]
`
              : ""
          }${
            g.tcp
              ? `---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: tcp, namespace: default}
spec:
  parentRefs: [${parent}, sectionName: tcp}]
  rules: [{backendRefs: [{name: db, port: 27017}]}]
`
              : ""
          }`;
          return { yaml, namespace: ns, tls: g.tls, tcp: g.tcp, gamma: g.gamma, grpc: g.grpc };
        });
    });

const GATEWAY_API = new WeakMap<readonly Svc[], GatewayApi>();

export const meshArb: fc.Arbitrary<GeneratedMesh> = servicesMeshArb.chain((m) =>
  fc.integer({ min: 0, max: 2 }).chain((n) =>
    n === 0
      ? gatewayApiArb(m.services).map((g) => {
          // The same services list: the layers below key their parts on it.
          GATEWAY_API.set(m.services, g);
          return { yaml: m.yaml + g.yaml, services: m.services };
        })
      : fc.constant(m),
  ),
);

const httpFields = fc.record({
  method: pick(["GET", "GET", "POST"]),
  path: pick(["/", "/a", "/a/x", "/ab", "/b", "/c1", "/cx"]),
  query: pick(["", "", "q=1", "q=x"]),
  user: fc.option(pick(["jason", "bob", "bo"]), { nil: undefined }),
  env: sometimes(fc.constant("prod"), 3),
});

const headersOf = (r: { user: string | undefined; env: string | undefined }): Record<string, string> => ({
  ...(r.user === undefined ? {} : { "x-user": r.user }),
  ...(r.env === undefined ? {} : { "x-env": r.env }),
});

/** Through the Gateway: http:// on 80, https:// on 443, tls:// on 8443, tcp:// on 9000. */
const ingressRequestArb = (g: GatewayApi): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      http: httpFields,
      host: pick([
        "app.example.com",
        "app.example.com",
        "app.example.com",
        "x.example.com",
        "other.org",
        "x.example.org",
      ]),
      scheme: fc.oneof(
        { weight: 4, arbitrary: fc.constant("http" as const) },
        { weight: 2, arbitrary: fc.constant("https" as const) },
        { weight: g.tls ? 1 : 0, arbitrary: fc.constant("tls" as const) },
        { weight: g.tcp ? 1 : 0, arbitrary: fc.constant("tcp" as const) },
      ),
      sni: fc.option(pick(["app.example.com", "x.example.com", "tls.example.com"]), { nil: undefined }),
    })
    .map((r): SimRequest => {
      const source = { kind: "ingress", namespace: g.namespace, gateway: "agw" } as const;
      if (r.scheme === "tcp" || r.scheme === "tls")
        return {
          method: "",
          scheme: r.scheme,
          host: r.scheme === "tls" ? "tls.example.com" : r.host,
          port: r.scheme === "tls" ? 8443 : 9000,
          path: "",
          query: "",
          headers: {},
          source,
          plaintext: false,
          ...(r.scheme === "tls" && r.sni !== undefined ? { sni: r.sni } : {}),
        };
      return {
        method: r.http.method,
        scheme: r.scheme,
        host: r.host,
        port: undefined,
        path: r.http.path,
        query: r.http.query,
        headers: headersOf(r.http),
        source,
        plaintext: false,
        ...(r.scheme === "https" && r.sni !== undefined ? { sni: r.sni } : {}),
      };
    });

/** From a sidecar (or outside) to `s0`, whose consumers the GAMMA route applies to. */
const gammaRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      http: httpFields,
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
      fqdn: fc.boolean(),
    })
    .map(
      (r): SimRequest => ({
        method: r.http.method,
        scheme: "http",
        host: r.fqdn || r.source === "outside" ? "s0.default.svc.cluster.local" : "s0",
        port: 8080,
        path: r.http.path,
        query: r.http.query,
        headers: headersOf(r.http),
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        plaintext: false,
      }),
    );

/** A gRPC call (POST to /<service>/<method>) through the Gateway or from a sidecar to `s0`. */
const grpcRequestArb = (services: readonly Svc[], g: GatewayApi): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      ingress: g.grpc === "both" ? fc.boolean() : fc.constant(g.grpc === "ingress"),
      host: pick(["grpc.example.com", "grpc.example.com", "app.example.com"]),
      path: pick(["/echo.Echo/Echo", "/echo.Echo/Get", "/echo.Echo/Delete", "/other.Svc/Get", "/echo.EchoX/Echo"]),
      user: fc.option(pick(["jason", "bob"]), { nil: undefined }),
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
    })
    .map(
      (r): SimRequest => ({
        method: "POST",
        scheme: "grpc",
        host: r.ingress ? r.host : "s0.default",
        port: r.ingress ? 80 : 8080,
        path: r.path,
        query: "",
        headers: r.user === undefined ? {} : { "x-user": r.user },
        source: r.ingress
          ? { kind: "ingress", namespace: g.namespace, gateway: "agw" }
          : r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        plaintext: false,
      }),
    );

/** `_services-arb.ts`'s requests, and for meshes with the Gateway API part one in two through it or to `s0`. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> => {
  const g = GATEWAY_API.get(services);
  if (g === undefined) return servicesRequestArb(services);
  return fc.oneof(
    { weight: 2, arbitrary: servicesRequestArb(services) },
    { weight: 1, arbitrary: ingressRequestArb(g) },
    { weight: g.gamma ? 1 : 0, arbitrary: gammaRequestArb(services) },
    { weight: g.grpc === "none" ? 0 : 1, arbitrary: grpcRequestArb(services, g) },
  );
};

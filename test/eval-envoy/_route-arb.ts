/**
 * VirtualService pieces for the differential test's meshes (test/eval-envoy/_mesh-arb.ts): header and URI matches,
 * source conditions (`sourceLabels`, `sourceNamespace`, match `gateways`), faults, weighted splits over subsets,
 * timeouts and retries, as Istio YAML.
 */
import fc from "fast-check";

/** A generated service: `s<i>` in `default`, its versions (Deployments `s<i>-v<n>`) and HTTP ports. */
export interface Svc {
  readonly name: string;
  readonly versions: readonly string[];
  readonly ports: readonly number[];
}

/** `v9` is never declared (a 503 at runtime, and an error for `meshc check`); the others usually are. */
export const SUBSETS = ["v1", "v1", "v2", "v2", "v3", "v9"] as const;
/** The subsets of a valid mesh's routes: those its DestinationRule declares (it declares all three). */
export const DECLARED = ["v1", "v1", "v2", "v2", "v3"] as const;
/** One of `xs`. */
export const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** A header string match. */
export const stringMatch = fc.oneof(
  pick(["jason", "ja", "bob"]).map((v) => `{exact: ${v}}`),
  pick(["ja", "b"]).map((v) => `{prefix: ${v}}`),
  pick(["j.*", "bob|jason"]).map((v) => `{regex: "${v}"}`),
);
const uriMatch = fc.oneof(
  pick(["/a", "/b", "/"]).map((v) => `{prefix: ${v}}`),
  pick(["/a", "/b/c"]).map((v) => `{exact: ${v}}`),
  fc.constant(`{regex: "/a/.*"}`),
);
/**
 * A source condition, decided per proxy when istiod generates routes (route.go `sourceMatchHTTP`: `gateways` alone
 * when set, else `sourceLabels` ⊆ the proxy's labels and `sourceNamespace`), so that some clients (sidecars of
 * `s<i>-v<n>`, labels `app`/`version`; the ingress pod, `istio: ingressgateway`) get no route from a rule — or from a
 * whole VirtualService, which then leaves the service its default route (issue #4).
 */
const sourceArb = fc.oneof(
  pick(["{app: s0}", "{version: v1}", "{app: s1, version: v2}", "{istio: ingressgateway}"]).map(
    (l) => `sourceLabels: ${l}`,
  ),
  pick(["default", "legacy", "istio-system"]).map((n) => `sourceNamespace: ${n}`),
  pick(["[mesh]", "[gw]", "[mesh, gw]"]).map((g) => `gateways: ${g}`),
  fc
    .tuple(
      pick(["[mesh]", "[gw]"]),
      pick(["sourceLabels: {app: s0}", "sourceNamespace: legacy", "sourceLabels: {istio: ingressgateway}"]),
    )
    .map(([g, c]) => `gateways: ${g}, ${c}`),
);
/** A match block; `header` true: always with a header condition, so never a catch-all. One in three has a source condition. */
const matchArbWith = (header: boolean) =>
  fc
    .record({
      header: header ? stringMatch : fc.option(stringMatch, { nil: undefined }),
      uri: fc.option(uriMatch, { nil: undefined }),
      name: fc.option(pick(["m1", "m2"]), { nil: undefined }),
      source: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: sourceArb }),
    })
    .map(
      (m) =>
        `{${[m.name && `name: ${m.name}`, m.header && `headers: {x-user: ${m.header}}`, m.uri && `uri: ${m.uri}`, m.source].filter(Boolean).join(", ")}}`,
    );
const matchArb = matchArbWith(false);

const percent = pick([0, 12.5, 50, 57.1234, 100]);
const faultArb = fc
  .record({
    delay: fc.option(percent, { nil: undefined }),
    abort: fc.option(percent, { nil: undefined }),
    legacy: fc.boolean(),
  })
  .map((f) =>
    [
      f.delay === undefined
        ? ""
        : f.legacy
          ? `delay: {fixedDelay: 1s, percent: ${Math.round(f.delay)}}`
          : `delay: {fixedDelay: 500ms, percentage: {value: ${f.delay}}}`,
      f.abort === undefined ? "" : `abort: {httpStatus: 503, percentage: {value: ${f.abort}}}`,
    ].filter(Boolean),
  );

/**
 * An http rule routing to `host`, with subsets drawn from `subsets` (none when empty); `catchAll` false: its match
 * blocks all have a header condition.
 */
export const ruleArb = (host: string, ports: readonly number[], catchAll: boolean, subsets: readonly string[]) =>
  fc
    .record({
      name: fc.option(pick(["r1", "r2"]), { nil: undefined }),
      matches: catchAll
        ? fc.option(fc.array(matchArb, { minLength: 1, maxLength: 2 }), { nil: undefined })
        : fc.array(matchArbWith(true), { minLength: 1, maxLength: 2 }),
      dests: fc.array(
        fc.record({
          subset: subsets.length === 0 ? fc.constant(undefined) : fc.option(pick(subsets), { nil: undefined }),
          weight: fc.integer({ min: 0, max: 4 }),
          port: pick(ports),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      fault: fc.option(faultArb, { nil: undefined }),
      timeout: fc.option(pick(["2s", "500ms"]), { nil: undefined }),
      retries: fc.option(
        fc.record({
          attempts: fc.integer({ min: 0, max: 3 }),
          retryOn: fc.option(pick(["5xx", "gateway-error,connect-failure", "5xx,503"]), { nil: undefined }),
          perTry: fc.option(pick(["1s", "250ms"]), { nil: undefined }),
        }),
        { nil: undefined },
      ),
    })
    .map((r) => {
      // Weights: one destination takes everything; several share 100 in proportion to the drawn weights.
      const raw = r.dests.map((d) => d.weight);
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const weights = raw.map((w) => Math.floor((w * 100) / total));
      weights[weights.length - 1] = 100 - weights.slice(0, -1).reduce((a, b) => a + b, 0);
      const port = (d: { port: number }) => (ports.length > 1 ? `, port: {number: ${d.port}}` : "");
      const route = r.dests.map(
        (d, i) =>
          `{destination: {host: ${host}${d.subset ? `, subset: ${d.subset}` : ""}${port(d)}}${r.dests.length > 1 ? `, weight: ${weights[i]}` : ""}}`,
      );
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

/** Creation times of generated VirtualServices: none (the zero time), or one of two, so that ties occur. */
const STAMPS = [undefined, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"] as const;

const oneVs = (s: Svc, subsets: readonly string[], name: string) =>
  fc
    .record({
      rules: fc.array(ruleArb(s.name, s.ports, true, subsets), { minLength: 1, maxLength: 3 }),
      stamp: fc.constantFrom(...STAMPS),
    })
    .map(
      ({ rules, stamp }) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default${stamp === undefined ? "" : `, creationTimestamp: "${stamp}"`}}
spec:
  hosts: [${s.name}]
  http:
${rules.join("\n")}
`,
    );

/**
 * A VirtualService `default/<svc>` for host `<svc>` (bound to `mesh`), or, one time in five, two of them
 * (`<svc>`, `<svc>-b`) claiming the same host with generated creation times: both engines must pick the one istiod
 * uses (the oldest, then by name: push_context.go sortConfigByCreationTime).
 */
export const vsArb = (s: Svc, subsets: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: oneVs(s, subsets, s.name) },
    {
      weight: 1,
      arbitrary: fc.tuple(oneVs(s, subsets, s.name), oneVs(s, subsets, `${s.name}-b`)).map(([a, b]) => a + b),
    },
  );

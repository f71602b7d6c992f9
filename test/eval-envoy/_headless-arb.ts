/**
 * Headless Services for the engines' differential test: a Service `hl` (clusterIP None) in `default` with a TCP, an
 * HTTP and a sniffed port, whose endpoints come from Pods with addresses (some without a sidecar, some with a
 * hostname under `hl`) or from an EndpointSlice (addresses with or without a Pod, hostnames, a not-ready endpoint);
 * and requests to it by name, by `<hostname>.hl`, by endpoint IP, from its own Pods too.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";

export interface Headless {
  readonly yaml: string;
  /** Pods that can be request sources. */
  readonly pods: readonly string[];
  readonly addresses: readonly string[];
  readonly hostnames: readonly string[];
}

const PORTS = [
  { name: "tcp-db", port: 5432 },
  { name: "http-web", port: 8080 },
  { name: "sniff", port: 9000 },
];

const service = (selector: boolean) => `---
apiVersion: v1
kind: Service
metadata: {name: hl, namespace: default}
spec:
  clusterIP: None
${selector ? "  selector: {app: hl}\n" : ""}  ports:
${PORTS.map((p) => `  - {name: ${p.name}, port: ${p.port}}`).join("\n")}
`;

const pod = (name: string, ip: string, app: string, sidecar: boolean, hostname: boolean) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default, labels: {app: ${app}${sidecar ? "" : ', sidecar.istio.io/inject: "false"'}}}
spec: {${hostname ? `hostname: ${name}, subdomain: hl, ` : ""}serviceAccountName: hl, containers: [{name: c, image: c}]}
status: {podIP: ${ip}}
`;

const podsArb: fc.Arbitrary<Headless> = fc
  .array(fc.record({ sidecar: fc.integer({ min: 0, max: 3 }).map((n) => n > 0), hostname: fc.boolean() }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((ps) => ({
    yaml: service(true) + ps.map((p, i) => pod(`hl-${i}`, `10.8.0.${10 + i}`, "hl", p.sidecar, p.hostname)).join(""),
    pods: ps.map((_, i) => `default/hl-${i}`),
    addresses: ps.map((_, i) => `10.8.0.${10 + i}`),
    hostnames: ps.flatMap((p, i) => (p.hostname ? [`hl-${i}`] : [])),
  }));

const sliceArb: fc.Arbitrary<Headless> = fc
  .array(
    fc.record({
      pod: fc.integer({ min: 0, max: 2 }),
      hostname: fc.boolean(),
      ready: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((eps) => {
    const ip = (i: number) => `10.9.0.${10 + i}`;
    const endpoints = eps
      .map(
        (e, i) =>
          `- {addresses: [${ip(i)}]${e.hostname ? `, hostname: ep-${i}` : ""}${e.ready ? "" : ", conditions: {ready: false}"}}`,
      )
      .join("\n");
    // pod 0: no Pod at the address; 1: a Pod with a sidecar; 2: one without.
    const pods = eps.flatMap((e, i) => (e.pod === 0 ? [] : [pod(`ep-${i}`, ip(i), "ep", e.pod === 1, false)]));
    return {
      yaml:
        service(false) +
        `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: hl-1, namespace: default, labels: {kubernetes.io/service-name: hl}}
addressType: IPv4
endpoints:
${endpoints}
ports:
${PORTS.map((p) => `- {name: ${p.name}, port: ${p.port}}`).join("\n")}
` +
        pods.join(""),
      pods: eps.flatMap((e, i) => (e.pod === 0 || !e.ready ? [] : [`default/ep-${i}`])),
      addresses: eps.flatMap((e, i) => (e.ready ? [ip(i)] : [])),
      hostnames: eps.flatMap((e, i) => (e.hostname && e.ready ? [`ep-${i}`] : [])),
    };
  });

/** A headless Service with Pods or with an EndpointSlice. */
export const headlessArb: fc.Arbitrary<Headless> = fc.oneof(podsArb, sliceArb);

/** A request to the headless Service: by name, `<hostname>.hl`, or an endpoint IP; from a client, its Pods, outside. */
export const headlessRequestArb = (h: Headless, clients: readonly string[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      how: fc.oneof(
        fc.constant("name"),
        ...(h.hostnames.length > 0 ? [fc.constantFrom(...h.hostnames)] : []),
        ...(h.addresses.length > 0 ? [fc.constantFrom(...h.addresses.map((a) => `ip:${a}`))] : []),
      ),
      port: fc.constantFrom(...PORTS.map((p) => p.port)),
      tcp: fc.boolean(),
      source: fc.constantFrom(...clients, ...h.pods, "outside"),
    })
    .map((r): SimRequest => {
      const source: SimRequest["source"] =
        r.source === "outside"
          ? { kind: "outside" }
          : { kind: "workload", namespace: r.source.split("/")[0]!, name: r.source.split("/")[1]! };
      const host = r.how === "name" ? "hl.default" : r.how.startsWith("ip:") ? r.how.slice(3) : `${r.how}.hl.default`;
      const tcp = r.port === 5432 || (r.port === 9000 && r.tcp);
      return {
        method: tcp ? "" : "GET",
        scheme: tcp ? "tcp" : "http",
        host,
        port: r.port,
        path: tcp ? "" : "/",
        query: "",
        headers: {},
        source,
        plaintext: false,
      };
    });

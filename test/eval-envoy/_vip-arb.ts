/**
 * Service VIPs for the engines' differential test (compiler/ir/service-addresses.ts): on top of the meshes of
 * `_egress-arb.ts`, one in two gets a second TCP database `db2` on the port `db` listens on (27017, with or without
 * a written cluster IP; `db` has none) and usually a ServiceEntry `legacy.example.com` (TCP 27017 and HTTP 7180,
 * STATIC or NONE) whose `addresses` are a CIDR and an IP, one IP, or none (serviceentry/conversion.go
 * `convertServices`: each address a VIP, a CIDR one listener `<ip>_<port>` with its prefix length). Requests:
 * `tcp://` to db2 by name and by VIP, to the ServiceEntry's IP, to addresses inside and outside its CIDR; `http://`
 * to the ServiceEntry's HTTP port by name and by those addresses; from the mesh's clients and from outside.
 * (ExternalName Services: _external-name-arb.ts; the VIP of a Service with HTTP, sniffed and TCP ports: _web-arb.ts.)
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { meshArb as egressMeshArb, requestArb as egressRequestArb } from "./_egress-arb.ts";
import type { GeneratedMesh, Svc } from "./_tcp-arb.ts";
import { pick } from "./_route-arb.ts";

/** db2's VIP when written. */
export const DB2_VIP = "10.96.7.7";

interface Vip {
  readonly clusterIp: boolean;
  readonly entry: "cidr" | "ip" | "none" | "absent";
  readonly resolution: "STATIC" | "NONE";
}

const vipArb: fc.Arbitrary<Vip> = fc.record({
  clusterIp: fc.boolean(),
  entry: pick(["cidr", "cidr", "ip", "none", "absent"] as const),
  resolution: pick(["STATIC", "STATIC", "NONE"] as const),
});

const ADDRESSES: Record<Vip["entry"], string> = {
  cidr: "  addresses: [192.168.10.0/24, 10.30.0.1]\n",
  ip: "  addresses: [10.30.0.1]\n",
  none: "",
  absent: "",
};

function vipYaml(v: Vip): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: db2, namespace: default}
spec:
  ${v.clusterIp ? `clusterIP: ${DB2_VIP}\n  ` : ""}selector: {app: db2}
  ports: [{name: tcp-db, port: 27017}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db2-v1, namespace: default}
spec:
  template:
    metadata: {labels: {app: db2, version: v1}}
    spec: {serviceAccountName: db2}
${
  v.entry === "absent"
    ? ""
    : `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: legacy, namespace: default}
spec:
  hosts: [legacy.example.com]
${ADDRESSES[v.entry]}  location: MESH_EXTERNAL
  resolution: ${v.resolution}
${v.resolution === "STATIC" ? "  endpoints: [{address: 192.168.10.10}]\n" : ""}  ports: [{number: 27017, name: tcp, protocol: TCP}, {number: 7180, name: http-legacy, protocol: HTTP}]
`
}`;
}

/** Meshes with the VIP part (the services list the earlier generators keyed their own parts on). */
const VIPS = new WeakSet<readonly Svc[]>();

export const meshArb: fc.Arbitrary<GeneratedMesh> = egressMeshArb.chain((m) =>
  fc.option(vipArb, { nil: undefined }).map((v) => {
    if (v === undefined) return m;
    VIPS.add(m.services);
    return { yaml: m.yaml + vipYaml(v), services: m.services };
  }),
);

const vipRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
      host: pick([
        "db2.default",
        "db.default",
        DB2_VIP,
        "10.30.0.1",
        "192.168.10.77",
        "172.16.0.1",
        "legacy.example.com",
      ]),
      http: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      path: pick(["/", "/a"]),
    })
    .map((r): SimRequest => {
      // HTTP to the ServiceEntry's HTTP port (by name or by an address), else a TCP connection to 27017.
      const http = r.http && !r.host.startsWith("db");
      return {
        method: http ? "GET" : "",
        scheme: http ? "http" : "tcp",
        host: r.host,
        port: http ? 7180 : 27017,
        path: http ? r.path : "",
        query: "",
        headers: {},
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        plaintext: false,
      };
    });

/** `_egress-arb.ts`'s requests, and for meshes with the VIP part one in two to it. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  VIPS.has(services)
    ? fc.oneof({ weight: 1, arbitrary: egressRequestArb(services) }, { weight: 1, arbitrary: vipRequestArb(services) })
    : egressRequestArb(services);

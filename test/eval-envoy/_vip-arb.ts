/**
 * Service VIPs and ExternalName Services for the engines' differential test (compiler/ir/service-addresses.ts): on
 * top of the meshes of `_egress-arb.ts`, one in two gets a second TCP database `db2` on the port `db` listens on
 * (27017, with or without a written cluster IP; `db` has none), a ServiceEntry `legacy.example.com` on 27017 with a
 * CIDR and an IP address (or none), and an ExternalName Service `alias` naming `db2` or a host outside the registry.
 * Requests: `tcp://` to db2 by name and by VIP, to the ServiceEntry's IP, to an address inside and outside its CIDR,
 * to `alias`, from the mesh's clients and from outside.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { meshArb as egressMeshArb, requestArb as egressRequestArb } from "./_egress-arb.ts";
import type { GeneratedMesh, Svc } from "./_tcp-arb.ts";
import { pick } from "./_route-arb.ts";

interface Vip {
  readonly clusterIp: boolean;
  readonly entry: "cidr" | "none" | "absent";
  readonly alias: "db2" | "external";
}

const vipArb: fc.Arbitrary<Vip> = fc.record({
  clusterIp: fc.boolean(),
  entry: pick(["cidr", "none", "absent"] as const),
  alias: pick(["db2", "external"] as const),
});

function vipYaml(v: Vip): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: db2, namespace: default}
spec:
  ${v.clusterIp ? "clusterIP: 10.96.7.7\n  " : ""}selector: {app: db2}
  ports: [{name: tcp-db, port: 27017}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db2-v1, namespace: default}
spec:
  template:
    metadata: {labels: {app: db2, version: v1}}
    spec: {serviceAccountName: db2}
---
apiVersion: v1
kind: Service
metadata: {name: alias, namespace: default}
spec: {type: ExternalName, externalName: ${v.alias === "db2" ? "db2.default.svc.cluster.local" : "db.example.org"}}
${
  v.entry === "absent"
    ? ""
    : `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: legacy, namespace: default}
spec:
  hosts: [legacy.example.com]
${v.entry === "cidr" ? "  addresses: [192.168.10.0/24, 10.30.0.1]\n" : ""}  location: MESH_EXTERNAL
  resolution: STATIC
  endpoints: [{address: 192.168.10.10}]
  ports: [{number: 27017, name: tcp, protocol: TCP}]
`
}`;
}

/** The VIP part of a mesh, and the services list the earlier generators keyed their own parts by. */
const VIPS = new WeakMap<readonly Svc[], { vip: Vip; base: readonly Svc[] }>();

export const meshArb: fc.Arbitrary<GeneratedMesh> = egressMeshArb.chain((m) =>
  fc.option(vipArb, { nil: undefined }).map((v) => {
    if (v === undefined) return m;
    const services = [...m.services];
    VIPS.set(services, { vip: v, base: m.services });
    return { yaml: m.yaml + vipYaml(v), services };
  }),
);

const vipRequestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      source: pick([...services.flatMap((s) => s.versions.map((v) => `default/${s.name}-${v}`)), "outside"]),
      host: pick([
        "db2.default",
        "db.default",
        "10.96.7.7",
        "10.30.0.1",
        "192.168.10.77",
        "172.16.0.1",
        "legacy.example.com",
        "alias.default",
      ]),
    })
    .map(
      (r): SimRequest => ({
        method: "",
        scheme: "tcp",
        host: r.host,
        port: 27017,
        path: "",
        query: "",
        headers: {},
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: "default", name: r.source.split("/")[1]! },
        plaintext: false,
      }),
    );

/** `_egress-arb.ts`'s requests, and for meshes with the VIP part one in two to it. */
export const requestArb = (services: readonly Svc[]): fc.Arbitrary<SimRequest> => {
  const base = VIPS.get(services)?.base;
  return base !== undefined
    ? fc.oneof({ weight: 1, arbitrary: egressRequestArb(base) }, { weight: 1, arbitrary: vipRequestArb(services) })
    : egressRequestArb(services);
};

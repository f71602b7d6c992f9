/** Reference cases: subsets and destination hosts (istioctl analyze IST0101 analogues). */
import { resource, type CheckCase } from "./_case.ts";

/** Bookinfo's reviews: a Service, a DestinationRule with v1..v3, and `spec` on line 5 of the VirtualService. */
export const REVIEWS = (http: string, drNamespace = "bookinfo", exportTo = "") => `${resource(
  "VirtualService",
  `  hosts: [reviews]\n  http:\n${http}`,
  "{name: reviews, namespace: bookinfo}",
)}
---
${resource("DestinationRule", `  host: reviews.bookinfo.svc.cluster.local\n${exportTo}  subsets: [{name: v1}, {name: v2}, {name: v3}]`, `{name: reviews, namespace: ${drNamespace}}`)}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: bookinfo}
spec: {hosts: ["*.example.com"], ports: [{number: 443, name: tls, protocol: TLS}], resolution: NONE}
`;

export const referenceCases: readonly CheckCase[] = [
  {
    name: "declared subsets, a short name, an FQDN and a wildcard ServiceEntry host pass",
    yaml: REVIEWS(`  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v3}
      weight: 50
    mirror: {host: api.example.com}`),
    expected: [],
  },
  {
    name: "an undeclared subset in a route and in a mirror",
    yaml: REVIEWS(`  - route:
    - destination: {host: reviews, subset: v4}
    mirrors: [{destination: {host: reviews, subset: canary}}]`),
    expected: [
      "mesh.yaml(8,44): error MESH2001: Subset 'v4' is not declared for service 'reviews'.",
      "mesh.yaml(9,53): error MESH2001: Subset 'canary' is not declared for service 'reviews'.",
    ],
  },
  {
    name: "a DestinationRule exported only to its own namespace is not visible to other namespaces",
    yaml: REVIEWS(`  - route:
    - destination: {host: reviews.bookinfo.svc.cluster.local, subset: v1}`, "other", "  exportTo: [\".\"]\n"),
    expected: [
      "mesh.yaml(8,71): error MESH2001: Subset 'v1' is not declared for service 'reviews.bookinfo.svc.cluster.local'.",
    ],
  },
  {
    name: "a destination host that is neither a Service nor a ServiceEntry host",
    yaml: REVIEWS(`  - route:
    - destination: {host: ratings}
      weight: 50
    - destination: {host: db.internal}
      weight: 50`),
    expected: [
      "mesh.yaml(8,27): warning MESH2002: Host 'ratings' is not a known service or ServiceEntry host.",
      "mesh.yaml(10,27): warning MESH2002: Host 'db.internal' is not a known service or ServiceEntry host.",
    ],
  },
];

/**
 * Bookinfo before and after each step of Istio's traffic-management and security tasks, as YAML: the registry and
 * subsets of examples/bookinfo-yaml, plus the VirtualServices / policies each task applies (from the task pages'
 * samples/bookinfo/networking/*.yaml and the security tasks' policies).
 */
import { readFileSync } from "node:fs";

const read = (p: string) => readFileSync(new URL(`../../examples/bookinfo-yaml/${p}`, import.meta.url), "utf8");
export const PLATFORM = [read("platform/bookinfo.yaml"), read("networking/destination-rules.yaml")].join("\n---\n");

/** A VirtualService for `host` in bookinfo with these `http` rules (YAML, indented under `http:`). */
export const vs = (host: string, http: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${host}, namespace: bookinfo}
spec:
  hosts: [${host}]
  http:
${http}`;
const to = (host: string, subset: string) => `  - route:\n    - destination: {host: ${host}, subset: ${subset}}\n`;

/** samples/bookinfo/networking/virtual-service-all-v1.yaml */
export const ALL_V1 = ["productpage", "reviews", "ratings", "details"].map((h) => vs(h, to(h, "v1"))).join("");
/** productpage, ratings and details pinned to v1 (virtual-service-all-v1.yaml without reviews). */
export const OTHERS_V1 = ["productpage", "ratings", "details"].map((h) => vs(h, to(h, "v1"))).join("");
/** samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml */
export const JASON_V2 =
  OTHERS_V1 +
  vs(
    "reviews",
    `  - match:
    - headers:
        end-user: {exact: jason}
    route:
    - destination: {host: reviews, subset: v2}
${to("reviews", "v1")}`,
  );
/** samples/bookinfo/networking/virtual-service-reviews-50-v3.yaml */
export const FIFTY_V3 =
  OTHERS_V1 +
  vs(
    "reviews",
    `  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: {host: reviews, subset: v3}
      weight: 50
`,
  );
/** samples/bookinfo/networking/virtual-service-reviews-v3.yaml */
export const ALL_V3 = OTHERS_V1 + vs("reviews", to("reviews", "v3"));

/**
 * A DENY policy on ratings after the authorization tasks' deny pattern (authz-deny: DENY a method unless a header
 * says otherwise): GET on ratings is denied unless `x-token: admin`.
 */
export const RATINGS_DENY = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ratings-deny, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: ratings}}
  action: DENY
  rules:
  - to:
    - operation: {methods: ["GET"]}
    when:
    - key: request.headers[x-token]
      notValues: ["admin"]
`;

/** The mutual TLS migration task's namespace-wide STRICT PeerAuthentication. */
export const STRICT = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: bookinfo}
spec:
  mtls: {mode: STRICT}
`;

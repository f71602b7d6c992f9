/**
 * Type tests: durations are typed template literals, percentages and weights are numbers, and enum-like fields
 * (mTLS mode, authorization action, load balancer) accept only Istio's literals.
 */
import { authorizationPolicy, peerAuthentication, routes, service } from "meshc";

const ratings = service("ratings", { ports: [{ name: "http", port: 9080 }], versions: { v1: {} } });
const v1 = ratings.subset("v1");

// ---- durations
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: "500ms" }] });
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: "2s" }] });
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: "1.5s" }] });
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: "1m" }] });
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: "1h" }] });
// @ts-expect-error: durations are strings with a unit, not prose
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: "2 seconds" }] });
// @ts-expect-error: durations are strings with a unit, not numbers
routes(ratings, { http: [{ route: [{ destination: v1 }], timeout: 2 }] });
// @ts-expect-error: a duration needs a unit
routes(ratings, { http: [{ route: [{ destination: v1 }], retries: { attempts: 3, perTryTimeout: "2" } }] });
routes(ratings, { http: [{ route: [{ destination: v1 }], fault: { delay: { fixedDelay: "7s", percentage: 100 } } }] });
// @ts-expect-error: fixedDelay is a duration
routes(ratings, { http: [{ route: [{ destination: v1 }], fault: { delay: { fixedDelay: "seven", percentage: 100 } } }] });

// ---- percentages and weights are numbers
routes(ratings, { http: [{ route: [{ destination: v1, weight: 100 }], mirror: v1, mirrorPercentage: 5 }] });
routes(ratings, { http: [{ route: [{ destination: v1 }], mirrorPercentage: { value: 5 } }] });
// @ts-expect-error: weights are numbers
routes(ratings, { http: [{ route: [{ destination: v1, weight: "100" }] }] });
// @ts-expect-error: percentages are numbers
routes(ratings, { http: [{ route: [{ destination: v1 }], fault: { abort: { httpStatus: 500, percentage: "10%" } } }] });

// ---- mTLS mode is a union of literals
peerAuthentication({ mtls: { mode: "STRICT" } });
peerAuthentication({ namespace: "bookinfo", mtls: { mode: "PERMISSIVE" } });
peerAuthentication({ selector: ratings, mtls: { mode: "UNSET" }, portLevelMtls: { 9080: { mode: "DISABLE" } } });
// @ts-expect-error: 'strict' is not a mode (modes are upper case)
peerAuthentication({ mtls: { mode: "strict" } });

// ---- authorization: CUSTOM needs a provider, the other actions take none
authorizationPolicy("ext", { selector: ratings, action: "CUSTOM", provider: { name: "opa" }, rules: [{}] });
authorizationPolicy("deny", { selector: ratings, action: "DENY", rules: [{ to: [{ operation: { paths: ["/admin"] } }] }] });
// @ts-expect-error: CUSTOM without a provider
authorizationPolicy("ext2", { selector: ratings, action: "CUSTOM", rules: [{}] });
// @ts-expect-error: 'REJECT' is not an action
authorizationPolicy("bad", { selector: ratings, action: "REJECT" });

// ---- traffic policy enums
service("lb", { ports: [{ name: "http", port: 80 }], trafficPolicy: { loadBalancer: { simple: "LEAST_REQUEST" } } });
// @ts-expect-error: 'FASTEST' is not a load balancer
service("lb2", { ports: [{ name: "http", port: 80 }], trafficPolicy: { loadBalancer: { simple: "FASTEST" } } });

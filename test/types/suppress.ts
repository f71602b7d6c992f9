/**
 * Type tests: the `suppress` option takes only codes a suppression can name (stdlib/_suppress-codes.ts, generated
 * from the catalog), so a misspelt or unsuppressible code fails to compile and the valid ones autocomplete.
 */
import { authorizationPolicy, routes, service, sidecar, type SuppressCode } from "meshc";

const reviews = service("reviews", {
  namespace: "bookinfo",
  ports: [{ name: "http", port: 9080 }],
  versions: { v1: {}, v2: {} },
  suppress: ["MESH2209", "IST0173", "*"],
});

routes(reviews, { http: [{ route: [{ destination: reviews.subset("v1") }] }], suppress: ["MESH2220"] });
authorizationPolicy("deny-nothing", { namespace: "bookinfo", action: "DENY", suppress: ["MESH2248"] });
sidecar({ namespace: "bookinfo", suppress: ["IST0111"] });

// @ts-expect-error: MESH9999 is not a code of the catalog
service("ratings", { ports: [{ name: "http", port: 9080 }], suppress: ["MESH9999"] });
// @ts-expect-error: MESH2011 (a schema error) is rejected by the cluster, so it cannot be suppressed
service("details", { ports: [{ name: "http", port: 9080 }], suppress: ["MESH2011"] });
// @ts-expect-error: IST0102 (namespace not injected) is a code meshc does not report
service("details", { ports: [{ name: "http", port: 9080 }], suppress: ["IST0102"] });

const code: SuppressCode = "MESH2209";
void code;

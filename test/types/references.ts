/**
 * Type tests: subsets and ports are checked against the names a service declares, and autocomplete offers them
 * (the parameter types are the literal unions captured by `const` type parameters).
 */
import { canary, destination, externalService, routes, service, type PortOf, type VersionOf } from "meshc";

const reviews = service("reviews", {
  namespace: "bookinfo",
  ports: [{ name: "http", port: 9080 }],
  versions: { v1: {}, v2: {}, v3: {} },
});

// The captured names are exactly the declared ones.
const versions: VersionOf<typeof reviews>[] = ["v1", "v2", "v3"];
const ports: PortOf<typeof reviews>[] = ["http"];
void versions;
void ports;

// ---- subsets
reviews.subset("v2");
// @ts-expect-error: 'v4' is not a declared version of reviews
reviews.subset("v4");

destination(reviews, { subset: "v3" });
// @ts-expect-error: 'v4' is not a declared version of reviews
destination(reviews, { subset: "v4" });

canary(reviews, { v1: 90, v2: 10 });
// @ts-expect-error: 'v4' is not a declared version of reviews
canary(reviews, { v1: 90, v4: 10 });

reviews.version("v1");
// @ts-expect-error: 'v9' is not a declared version of reviews
reviews.version("v9");

// ---- ports
reviews.port("http");
// @ts-expect-error: 'grpc' is not a declared port of reviews
reviews.port("grpc");

destination(reviews, { port: "http" });
// @ts-expect-error: 'metrics' is not a declared port of reviews
destination(reviews, { port: "metrics" });

// ---- a service without versions has no subsets at all
const details = service("details", { ports: [{ name: "http", port: 9080 }] });
details.port("http");
// @ts-expect-error: details declares no versions
details.subset("v1");

// ---- external services: ports by name
const httpbin = externalService("httpbin", { hosts: ["httpbin.org"], ports: [{ number: 443, name: "https", protocol: "TLS" }] });
httpbin.port("https");
// @ts-expect-error: 'http' is not a declared port of httpbin
httpbin.port("http");

// ---- destinations in routes
routes(reviews, { http: [{ route: [{ destination: reviews.subset("v1") }, { destination: "api.example.com" }] }] });

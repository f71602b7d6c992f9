/**
 * Type tests: an HTTP route does exactly one thing. It forwards (`route`), redirects, responds directly or
 * delegates; combining a redirect or a direct response with destinations does not compile. A StringMatch is one of
 * exact / prefix / regex.
 */
import { routes, service, virtualService } from "meshc";

const web = service("web", { ports: [{ name: "http", port: 80 }], versions: { v1: {} } });

routes(web, { http: [{ match: [{ uri: { prefix: "/old" } }], redirect: { uri: "/new", redirectCode: 308 } }] });
routes(web, { http: [{ match: [{ uri: { exact: "/health" } }], directResponse: { status: 200, body: { string: "ok" } } }] });
routes(web, { http: [{ route: [{ destination: web.subset("v1") }], rewrite: { uriRegexRewrite: { match: "^/v1/(.*)", rewrite: "/\\1" } } }] });
const child = virtualService("web-child", { hosts: [], http: [{ route: [{ destination: web }] }] });
routes(web, { http: [{ match: [{ uri: { prefix: "/child" } }], delegate: child }] });

// @ts-expect-error: a redirect cannot also have destinations
routes(web, { http: [{ redirect: { uri: "/new" }, route: [{ destination: web.subset("v1") }] }] });
// @ts-expect-error: a direct response cannot also have destinations
routes(web, { http: [{ directResponse: { status: 503 }, route: [{ destination: web.subset("v1") }] }] });
// @ts-expect-error: a redirect and a direct response together
routes(web, { http: [{ directResponse: { status: 503 }, redirect: { uri: "/x" } }] });

// ---- StringMatch: one of exact / prefix / regex
routes(web, { http: [{ match: [{ headers: { "x-user": { regex: "^a.*" } } }], route: [{ destination: web }] }] });
// @ts-expect-error: exact and prefix together
routes(web, { http: [{ match: [{ uri: { exact: "/a", prefix: "/b" } }], route: [{ destination: web }] }] });

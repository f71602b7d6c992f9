// The same mistake in mesh.ts: the catch-all canary rule comes before the rule for the beta testers.
import { canary, namespace, routes, service } from "meshc";

const shop = namespace("shop", { labels: { "istio-injection": "enabled" } });

export const web = service("web", {
  namespace: shop,
  ports: [{ name: "http", port: 80 }],
  versions: { v1: {}, v2: {} },
});

routes(web, {
  http: [
    { name: "canary", route: canary(web, { v1: 90, v2: 10 }) },
    { name: "beta", match: [{ headers: { "x-beta": { exact: "1" } } }], route: [{ destination: web.subset("v2") }] },
  ],
});

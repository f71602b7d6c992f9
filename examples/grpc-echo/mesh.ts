/**
 * A proxyless gRPC echo service for `meshc serve`: three versions of `echo` run as local xDS-enabled gRPC servers
 * (grpc-js `XdsServer`), each on its own loopback address (Linux routes all of 127.0.0.0/8 to the loopback
 * interface, so the three can share one port), and a `client` workload calls it through an `xds:///` channel.
 * The header `x-canary: always` pins a request to v3; everyone else gets a 75/25 split of v1 and v2.
 * `Delete` is denied to everyone; `Echo` and `Whoami` are allowed; `Admin*` only with `x-role: admin`.
 * test/serve/e2e.test.ts runs all of this for real and compares what happens with `meshc simulate`.
 */
import { authorizationPolicy, canary, namespace, peerAuthentication, routes, service, workload } from "meshc";

const ns = namespace("grpc-echo", { labels: { "istio-injection": "enabled" } });

export const echo = service("echo", {
  namespace: ns,
  ports: [{ name: "grpc", port: 7070, targetPort: 17070, appProtocol: "grpc" }],
  versions: {
    v1: { addresses: ["127.0.0.11"] },
    v2: { addresses: ["127.0.0.12"] },
    v3: { addresses: ["127.0.0.13"] },
  },
});

/** The caller: a proxyless gRPC client, whose xDS node is this workload. */
export const client = workload("client", { namespace: ns, addresses: ["127.0.0.1"] });

routes(echo, {
  http: [
    {
      name: "canary-header",
      match: [{ headers: { "x-canary": { exact: "always" } } }],
      route: [{ destination: echo.subset("v3") }],
    },
    { name: "split", route: canary(echo, { v1: 75, v2: 25 }) },
  ],
});

// Proxyless gRPC without xDS credentials talks plaintext; saying so makes `simulate` model the same connection.
peerAuthentication({ namespace: ns, mtls: { mode: "DISABLE" } });

authorizationPolicy("echo-deny-delete", {
  namespace: ns,
  selector: echo,
  action: "DENY",
  // On the gRPC port only (a DENY rule of HTTP attributes alone would deny all TCP traffic), any spelling below the prefix.
  rules: [{ to: [{ operation: { ports: [17070], paths: ["/echo.Echo/Delete*"] } }] }],
});

authorizationPolicy("echo-allow", {
  namespace: ns,
  selector: echo,
  action: "ALLOW",
  rules: [
    { to: [{ operation: { methods: ["POST"], paths: ["/echo.Echo/Echo", "/echo.Echo/Whoami"] } }] },
    {
      to: [{ operation: { paths: ["/echo.Echo/Admin*"] } }],
      when: [{ key: "request.headers[x-role]", values: ["admin"] }],
    },
  ],
});

/**
 * ExternalName Services for the engines' differential test (issue 13): one mesh in two gets a Service `alias` in
 * `default` of `type: ExternalName` naming `db2` (_vip-arb.ts; absent from some meshes), `web` (_web-arb.ts), `s0`
 * (_mesh-arb.ts) or a host outside the registry, with or without ports; requests then go to `alias` on db2's, web's
 * and s0's ports (`tcp://` to 27017, `http://` otherwise). istiod treats it as an alias of the concrete service
 * (features.EnableExternalNameAlias, default on: "anywhere where we would match the concrete service, we also match
 * the ExternalName"), so `alias.default.svc.cluster.local` joins that service's virtual host domains and listeners.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { pick } from "./_route-arb.ts";

export const externalNameArb: fc.Arbitrary<string> = fc
  .record({
    target: pick([
      "db2.default.svc.cluster.local",
      "web.default.svc.cluster.local",
      "s0.default.svc.cluster.local",
      "db.example.org",
    ]),
    ports: fc.boolean(),
  })
  .map(
    ({ target, ports }) => `---
apiVersion: v1
kind: Service
metadata: {name: alias, namespace: default}
spec:
  type: ExternalName
  externalName: ${target}
${ports ? "  ports: [{name: http-web, port: 8000}, {name: http-s0, port: 8080}]\n" : ""}`,
  );

/** A request to `alias` on a port of db2, web or s0. */
export const externalNameRequestArb = (clients: readonly string[]): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      port: pick([27017, 8000, 7070, 8080]),
      path: pick(["/", "/a"]),
      source: pick([...clients, "outside"]),
    })
    .map(
      (r): SimRequest => ({
        method: r.port === 27017 ? "" : "GET",
        scheme: r.port === 27017 ? "tcp" : "http",
        host: "alias.default",
        port: r.port,
        path: r.port === 27017 ? "" : r.path,
        query: "",
        headers: {},
        source:
          r.source === "outside"
            ? { kind: "outside" }
            : { kind: "workload", namespace: r.source.split("/")[0]!, name: r.source.split("/")[1]! },
        plaintext: false,
      }),
    );

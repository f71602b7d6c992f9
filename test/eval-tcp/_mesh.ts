/**
 * The TCP test mesh: `mongo` (db, ports 27017 `mongo` and 27018 `tcp-admin`, versions v1 and v2), `redis` (db, 6379 `tcp-redis`, no
 * VirtualService), `web` (HTTP 8080), clients `shop/app` (labels app=app, tier=front) and `shop/batch`, and a namespace
 * without injection holding `legacy/old`. Each test adds the VirtualServices, DestinationRules and policies it needs.
 */
import { parseRequest } from "../../compiler/scenario/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";

const ns = (name: string, inject = true) => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {istio-injection: ${inject ? "enabled" : "disabled"}}}
`;

const svc = (name: string, n: string, ports: string, versions: readonly string[], extraLabels = "") =>
  `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${n}}
spec:
  selector: {app: ${name}}
  ports: [${ports}]
${versions
  .map(
    (v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-${v}, namespace: ${n}}
spec:
  template:
    metadata: {labels: {app: ${name}, version: ${v}${extraLabels}}}
    spec: {serviceAccountName: ${name}}`,
  )
  .join("\n")}
`;

export const BASE = [
  ns("db"),
  ns("shop"),
  ns("legacy", false),
  svc("mongo", "db", "{name: mongo, port: 27017}, {name: tcp-admin, port: 27018}", ["v1", "v2"]),
  svc("redis", "db", "{name: tcp-redis, port: 6379}", ["v1"]),
  svc("web", "shop", "{name: http, port: 8080}", ["v1"]),
  svc("app", "shop", "{name: http, port: 9000}", ["v1"], ", tier: front"),
  svc("batch", "shop", "{name: http, port: 9001}", ["v1"]),
  svc("old", "legacy", "{name: http, port: 9002}", ["v1"]),
].join("");

export const MONGO_SUBSETS = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mongo, namespace: db}
spec:
  host: mongo.db.svc.cluster.local
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;

/** A request parsed as a user writes it (docs/requests.md plus `tcp://`). */
export function req(text: string): SimRequest {
  const r = parseRequest(text);
  if (r.value === undefined) throw new Error(`bad request ${text}: ${JSON.stringify(r.diagnostics)}`);
  return r.value;
}

/** A VirtualService `name` in `db` for `host` with the given `tcp:` YAML list (indented by 2). */
export const tcpVs = (name: string, host: string, tcp: string): string => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: db}
spec:
  hosts: [${host}]
  tcp:
${tcp}
`;

/** An AuthorizationPolicy in `db` selecting `app: <app>`. */
export const policy = (name: string, app: string, action: string, rules: string): string => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: db}
spec:
  selector: {matchLabels: {app: ${app}}}
  action: ${action}
  rules:
${rules}
`;

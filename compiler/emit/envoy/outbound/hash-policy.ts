// DestinationRule consistent hashing → the route's `hash_policy` (istio route.go `consistentHashToHashPolicy` and
// `hashForService`: subset port-level > subset > port-level > rule-level, via the merged cluster policy).
import type { ConsistentHashLB } from "../../../ir/istio-api.ts";
import {
  RouteAction_HashPolicy,
  RouteAction_HashPolicy_ConnectionProperties,
  RouteAction_HashPolicy_Cookie,
  RouteAction_HashPolicy_Header,
  RouteAction_HashPolicy_QueryParameter,
} from "../gen/envoy/config/route/v3/route_components.ts";
import { clusterPolicy } from "./_policy.ts";
import { duration } from "../proto.ts";
import type { OutboundScope } from "./scope.ts";

function toHashPolicy(ch: ConsistentHashLB): RouteAction_HashPolicy | undefined {
  if (ch.httpHeaderName !== undefined) {
    return RouteAction_HashPolicy.create({
      policySpecifier: {
        oneofKind: "header",
        header: RouteAction_HashPolicy_Header.create({ headerName: ch.httpHeaderName }),
      },
    });
  }
  if (ch.httpCookie !== undefined) {
    const cookie = RouteAction_HashPolicy_Cookie.create({
      name: ch.httpCookie.name,
      path: ch.httpCookie.path ?? "",
      ttl: duration(ch.httpCookie.ttl),
    });
    return RouteAction_HashPolicy.create({ policySpecifier: { oneofKind: "cookie", cookie } });
  }
  if (ch.useSourceIp === true) {
    const connectionProperties = RouteAction_HashPolicy_ConnectionProperties.create({ sourceIp: true });
    return RouteAction_HashPolicy.create({
      policySpecifier: { oneofKind: "connectionProperties", connectionProperties },
    });
  }
  if (ch.httpQueryParameterName !== undefined) {
    const queryParameter = RouteAction_HashPolicy_QueryParameter.create({ name: ch.httpQueryParameterName });
    return RouteAction_HashPolicy.create({ policySpecifier: { oneofKind: "queryParameter", queryParameter } });
  }
  return undefined;
}

/** The hash policies for a route to `dest` (none unless its DestinationRule sets a consistent-hash key). */
export function hashPolicies(
  scope: OutboundScope,
  dest: { host: string; port: number },
  subset: string | undefined,
): RouteAction_HashPolicy[] {
  const svc = scope.services.find((s) => s.hostname === dest.host);
  if (svc === undefined) return [];
  const ch = clusterPolicy(scope.destinationRule(svc), dest.port, subset)?.loadBalancer?.consistentHash;
  const policy = ch === undefined ? undefined : toHashPolicy(ch);
  return policy === undefined ? [] : [policy];
}

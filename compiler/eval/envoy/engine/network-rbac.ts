/**
 * The network RBAC filters of a TCP filter chain (`envoy.filters.network.rbac`, envoy
 * `source/extensions/filters/network/rbac/rbac_filter.cc`): the same engines as the HTTP RBAC filter — shadow rules
 * reported, enforced rules decide, a denial ends the chain — evaluated on the connection (peer certificate, addresses,
 * ports, SNI) instead of a request, and a denial closes the connection instead of answering 403. istiod builds them
 * with `BuildTCP` (pilot/pkg/security/authz/builder/builder.go), in the order of the HTTP ones.
 */
import type { Filter } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { RBAC as HttpRBAC } from "../../../emit/envoy/gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";
import { HttpFilter } from "../../../emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { RBAC as NetworkRBAC } from "../../../emit/envoy/gen/envoy/extensions/filters/network/rbac/v3/rbac.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import type { CoverageSink } from "../../coverage.ts";
import type { AuthzDecision } from "../../types.ts";
import { runHttpAuthz } from "./authz.ts";
import type { RbacRequest } from "./rbac.ts";

const NETWORK_RBAC = "envoy.filters.network.rbac";

/**
 * The decision of a chain's network RBAC filters, in chain order. Each filter's rule sets are handed to the HTTP
 * filters' evaluation (`runHttpAuthz`) as they are: the two filters share `envoy.config.rbac.v3.RBAC` and its matchers,
 * and istiod's TCP rules hold no HTTP matcher. `req.headers` is empty: a connection has none.
 */
export function runNetworkAuthz(
  filters: readonly Filter[],
  req: RbacRequest,
  trace: string[],
  coverage?: CoverageSink,
): AuthzDecision {
  const asHttp: HttpFilter[] = [];
  for (const f of filters) {
    if (f.name !== NETWORK_RBAC || f.configType.oneofKind !== "typedConfig") continue;
    const c = Any.unpack(f.configType.typedConfig, NetworkRBAC);
    const http = HttpRBAC.create({
      rules: c.rules,
      shadowRules: c.shadowRules,
      shadowRulesStatPrefix: c.shadowRulesStatPrefix,
    });
    asHttp.push(
      HttpFilter.create({
        name: "envoy.filters.http.rbac",
        configType: { oneofKind: "typedConfig", typedConfig: Any.pack(http, HttpRBAC) },
      }),
    );
  }
  const before = trace.length;
  const decision = runHttpAuthz(asHttp, req, trace, coverage);
  for (let i = before; i < trace.length; i++)
    trace[i] = trace[i]!.replace("RBAC filter", "Network RBAC filter").replace(
      "denied (403)",
      "the connection is closed",
    );
  return decision;
}

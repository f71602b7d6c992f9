/**
 * Istio documents → IR nodes: the spec as written, plus the facts istiod derives from it (FQDN hosts, gateway
 * names, exportTo, selected workloads, policy scope, defaults).
 */
import type { InputDocument } from "../load/document.ts";
import { resolveExportTo, resolveGatewayName, resolveShortname } from "./hosts.ts";
import { isRecord, list, record, str, stringMap, type Json } from "../load/json.ts";
import { selects } from "./labels.ts";
import type {
  AuthorizationPolicySpec,
  DestinationRuleSpec,
  GatewaySpec,
  MtlsMode,
  PeerAuthenticationSpec,
  ServiceEntrySpec,
  SidecarSpec,
  VirtualServiceSpec,
} from "./istio-api.ts";
import type {
  IstioNode,
  MeshConfigNode,
  ObjectMeta,
  PolicyScope,
  ResolvedDestination,
  ServiceNode,
  WorkloadId,
  WorkloadNode,
} from "./ir.ts";
import type { Fqdn } from "./ir.ts";
import { workloadsOfNamespace } from "./index-workloads.ts";

/** The annotation `ir/gateway-api` puts on the Istio documents it generates (never emitted). */
export const GENERATED_FROM = "meshc.dev/generated-from-gateway-api";

export interface LowerContext {
  readonly meshConfig: MeshConfigNode;
  readonly workloads: readonly WorkloadNode[];
  readonly services: readonly ServiceNode[];
}

/** istio `pilot/pkg/model` `InternalGatewayServiceAnnotation`: the Services whose pods run a generated Gateway. */
const GATEWAY_SERVICE = "internal.istio.io/gateway-service";

/**
 * The proxies of a Gateway istiod generated from a Gateway API Gateway: the pods of the Services named in its
 * `internal.istio.io/gateway-service` annotation, in the Gateway's namespace (istio `pilot/pkg/model/push_context.go`
 * `mergeGateways` matches the proxy's service targets against that list instead of a selector).
 */
function gatewayServiceWorkloads(ctx: LowerContext, annotation: string, namespace: string): WorkloadId[] {
  const hosts = new Set(annotation.split(","));
  return ctx.services.filter((s) => hosts.has(s.fqdn) && s.namespace === namespace).flatMap((s) => s.workloads);
}

function objectMeta(doc: InputDocument): ObjectMeta {
  const meta = record(doc.object["metadata"]);
  return {
    name: str(meta["name"]) ?? "",
    namespace: str(meta["namespace"]) ?? "default",
    labels: stringMap(meta["labels"]),
    annotations: stringMap(meta["annotations"]),
    ...(typeof meta["creationTimestamp"] === "string" ? { creationTimestamp: meta["creationTimestamp"] } : {}),
  };
}

function selectWorkloads(
  ctx: LowerContext,
  matchLabels: Json | undefined,
  namespace: string | undefined,
): WorkloadId[] {
  const selector = stringMap(matchLabels);
  const candidates = namespace === undefined ? ctx.workloads : workloadsOfNamespace(ctx.workloads, namespace);
  return candidates.filter((w) => selects(selector, w.labels)).map((w) => w.id);
}

/**
 * The workloads a security policy applies to. istio `pilot/pkg/model/policyattachment.go` / `authentication.go`
 * `getConfigsForWorkload`: a policy without a selector covers its namespace, or the whole mesh when it lives in the
 * root namespace; a selector (matchLabels) picks workloads of its own namespace, or of every namespace when the policy
 * lives in the root namespace. An empty selector counts as none.
 */
function policyScope(ctx: LowerContext, spec: Json, namespace: string): PolicyScope {
  const refs = [...(isRecord(spec["targetRef"]) ? [spec["targetRef"]] : []), ...list(spec["targetRefs"])].map((r) => {
    const ref = record(r);
    return {
      kind: str(ref["kind"]) ?? "",
      name: str(ref["name"]) ?? "",
      namespace: str(ref["namespace"]) ?? namespace,
    };
  });
  if (refs.length > 0) return { kind: "targetRefs", refs };
  const matchLabels = record(record(spec["selector"])["matchLabels"]);
  const root = ctx.meshConfig.rootNamespace;
  if (Object.keys(matchLabels).length === 0)
    return namespace === root ? { kind: "mesh" } : { kind: "namespace", namespace };
  return {
    kind: "workloads",
    workloads: selectWorkloads(ctx, matchLabels, namespace === root ? undefined : namespace),
  };
}

function destinationsOf(spec: VirtualServiceSpec, namespace: string): ResolvedDestination[] {
  const out: ResolvedDestination[] = [];
  const add = (path: (string | number)[], d: unknown, role: ResolvedDestination["role"]) => {
    const dest = record(d);
    const host = str(dest["host"]);
    if (host === undefined) return;
    const port = record(dest["port"])["number"];
    out.push({
      path,
      host: resolveShortname(host, namespace),
      written: host,
      subset: str(dest["subset"]),
      port: typeof port === "number" ? port : undefined,
      role,
    });
  };
  list(spec.http).forEach((r, i) => {
    const route = record(r);
    list(route["route"]).forEach((d, j) =>
      add(["spec", "http", i, "route", j, "destination"], record(d)["destination"], "route"),
    );
    if (route["mirror"] !== undefined) add(["spec", "http", i, "mirror"], route["mirror"], "mirror");
    list(route["mirrors"]).forEach((m, j) =>
      add(["spec", "http", i, "mirrors", j, "destination"], record(m)["destination"], "mirror"),
    );
  });
  for (const section of ["tcp", "tls"] as const) {
    list(spec[section]).forEach((r, i) =>
      list(record(r)["route"]).forEach((d, j) =>
        add(["spec", section, i, "route", j, "destination"], record(d)["destination"], "route"),
      ),
    );
  }
  return out;
}

function portModes(spec: PeerAuthenticationSpec): ReadonlyMap<number, MtlsMode> {
  const out = new Map<number, MtlsMode>();
  for (const [port, setting] of Object.entries(record(spec.portLevelMtls))) {
    out.set(Number(port), (str(record(setting)["mode"]) as MtlsMode | undefined) ?? "UNSET");
  }
  return out;
}

/** Lowers one Istio document; undefined for kinds that are not Istio config. */
export function lowerIstioDocument(doc: InputDocument, ctx: LowerContext): IstioNode | undefined {
  const { [GENERATED_FROM]: generated, ...annotations } = objectMeta(doc).annotations;
  const meta = { ...objectMeta(doc), annotations };
  const ns = meta.namespace;
  const rawSpec = record(doc.object["spec"]);
  const base = {
    span: doc.span,
    spans: doc.spans,
    apiVersion: str(doc.object["apiVersion"]) ?? "",
    meta,
    ...(generated !== undefined ? { generatedFrom: generated.split(",") } : {}),
  };
  switch (doc.object["kind"]) {
    case "VirtualService": {
      const spec = rawSpec as VirtualServiceSpec;
      const gateways = list(spec.gateways).filter((g): g is string => typeof g === "string");
      return {
        ...base,
        kind: "virtualService",
        spec,
        hosts: list(spec.hosts)
          .filter((h): h is string => typeof h === "string")
          .map((h) => resolveShortname(h, ns)),
        gateways: gateways.length === 0 ? ["mesh"] : gateways.map((g) => resolveGatewayName(g, ns)),
        exportTo: resolveExportTo(spec.exportTo, ns),
        destinations: destinationsOf(spec, ns),
      };
    }
    case "DestinationRule": {
      const spec = rawSpec as unknown as DestinationRuleSpec;
      const selector = spec.workloadSelector?.matchLabels;
      return {
        ...base,
        kind: "destinationRule",
        spec,
        host: resolveShortname(str(spec.host) ?? "", ns),
        exportTo: resolveExportTo(spec.exportTo, ns),
        selectedWorkloads:
          selector && Object.keys(selector).length > 0 ? selectWorkloads(ctx, selector, ns) : undefined,
      };
    }
    case "Gateway": {
      const spec = rawSpec as unknown as GatewaySpec;
      const services = meta.annotations[GATEWAY_SERVICE];
      // Gateways select proxies in every namespace (PILOT_SCOPE_GATEWAY_TO_NAMESPACE defaults to false).
      return {
        ...base,
        kind: "gateway",
        spec,
        selectedWorkloads:
          services !== undefined
            ? gatewayServiceWorkloads(ctx, services, ns)
            : selectWorkloads(ctx, record(spec.selector), undefined),
      };
    }
    case "ServiceEntry": {
      const spec = rawSpec as unknown as ServiceEntrySpec;
      return {
        ...base,
        kind: "serviceEntry",
        spec,
        hosts: list(spec.hosts)
          .filter((h): h is string => typeof h === "string")
          .map((h) => h as Fqdn),
        exportTo: resolveExportTo(spec.exportTo, ns),
      };
    }
    case "Sidecar": {
      const spec = rawSpec as SidecarSpec;
      // Sidecar's selector is networking's WorkloadSelector, `labels` (https://istio.io/latest/docs/reference/config/networking/sidecar/#WorkloadSelector).
      const selector = spec.workloadSelector?.labels;
      return {
        ...base,
        kind: "sidecar",
        spec,
        selectedWorkloads:
          selector && Object.keys(selector).length > 0 ? selectWorkloads(ctx, selector, ns) : undefined,
      };
    }
    case "PeerAuthentication": {
      const spec = rawSpec as PeerAuthenticationSpec;
      const mode = (str(record(spec.mtls)["mode"]) as MtlsMode | undefined) ?? "UNSET";
      return {
        ...base,
        kind: "peerAuthentication",
        spec,
        scope: policyScope(ctx, rawSpec, ns),
        mode,
        portModes: portModes(spec),
      };
    }
    case "RequestAuthentication":
      return {
        ...base,
        kind: "requestAuthentication",
        spec: rawSpec,
        scope: policyScope(ctx, rawSpec, ns),
      };
    case "AuthorizationPolicy": {
      const spec = rawSpec as AuthorizationPolicySpec;
      return {
        ...base,
        kind: "authorizationPolicy",
        spec,
        scope: policyScope(ctx, rawSpec, ns),
        action: spec.action ?? "ALLOW",
        // https://istio.io/latest/docs/tasks/security/authorization/authz-dry-run/
        dryRun: meta.annotations["istio.io/dry-run"] === "true",
      };
    }
    default:
      return undefined;
  }
}

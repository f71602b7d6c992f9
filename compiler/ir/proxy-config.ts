/**
 * The ProxyConfig fields meshc reads (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig):
 * `gatewayTopology.numTrustedProxies`, which istiod writes as a gateway's `xff_num_trusted_hops` (gateway.go
 * `buildGatewayConnectionManager`, with `proxyConfig := node.Metadata.ProxyConfigOrDefault(push.Mesh.DefaultConfig)`
 * in `buildGatewayListeners`). The proxy's ProxyConfig is what its agent computes (pilot-agent config.go
 * `ConstructProxyConfig` / `getMeshConfig`): MeshConfig `defaultConfig`, then the pod's `proxy.istio.io/config`
 * annotation, "merging is done by replacement. Any fields present in the overlay will replace those existing fields":
 * an annotation that writes `gatewayTopology` replaces the default's whole `gatewayTopology`. ProxyConfig resources
 * (networking.istio.io ProxyConfig) are not modelled.
 */
import yaml from "js-yaml";
import type { MeshIR, ProxyConfigFacts, WorkloadNode } from "./ir.ts";

/** The pod annotation pilot-agent overlays on `defaultConfig` (annotation.ProxyConfig). */
export const PROXY_CONFIG_ANNOTATION = "proxy.istio.io/config";

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The ProxyConfig facts of a parsed ProxyConfig object (`defaultConfig`, or an annotation's value). */
export function proxyConfigFacts(value: unknown): ProxyConfigFacts {
  const topology = record(record(value)?.["gatewayTopology"]);
  if (topology === undefined) return {};
  const n = topology["numTrustedProxies"];
  return { gatewayTopology: typeof n === "number" && Number.isInteger(n) && n >= 0 ? { numTrustedProxies: n } : {} };
}

/**
 * A pod's `proxy.istio.io/config` annotation (YAML or JSON, as pilot-agent's `mesh.ApplyProxyConfig` reads it), or
 * undefined when the pod has none or it is not a YAML mapping (the agent would then fail to start).
 */
export function annotationProxyConfig(annotations: Readonly<Record<string, string>>): ProxyConfigFacts | undefined {
  const text = annotations[PROXY_CONFIG_ANNOTATION];
  if (text === undefined) return undefined;
  try {
    const value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    return record(value) === undefined ? undefined : proxyConfigFacts(value);
  } catch {
    return undefined;
  }
}

/**
 * `gatewayTopology.numTrustedProxies` of the ProxyConfig a gateway pod runs with (0 by default): the annotation's
 * `gatewayTopology` when it writes one, else MeshConfig `defaultConfig`'s. `workload` undefined (or the stand-in
 * default ingress gateway, which has no annotation) takes `defaultConfig`'s.
 */
export function numTrustedProxies(ir: MeshIR, workload: WorkloadNode | undefined): number {
  const topology = workload?.proxyConfig?.gatewayTopology ?? ir.meshConfig.defaultConfig.gatewayTopology;
  return topology?.numTrustedProxies ?? 0;
}

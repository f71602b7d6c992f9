/**
 * MeshConfig with Istio's defaults applied once
 * (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/): trust domain `cluster.local`, root namespace
 * `istio-system`, outbound traffic policy `ALLOW_ANY`, inbound traffic policy `PASSTHROUGH`, auto mTLS on.
 */
import type { Span } from "../diagnostics/span.ts";
import type { ExtensionProvider } from "./istio-api.ts";
import type { MeshConfigNode } from "./ir.ts";
import { list, record, str, type Json } from "../load/json.ts";
import { proxyConfigFacts } from "./proxy-config.ts";

export const DEFAULT_ROOT_NAMESPACE = "istio-system";

const ingressMode = (m: string | undefined): MeshConfigNode["ingressControllerMode"] =>
  m === "OFF" || m === "DEFAULT" ? m : "STRICT";

/**
 * `spans` are the MeshConfig's field spans in the input file, keyed by dotted paths (load/yaml/mesh-config.ts
 * `parseMeshConfig`); without them a field's span is the whole `data.mesh`.
 */
export function lowerMeshConfig(
  value: Json | undefined,
  span: Span | undefined,
  spans?: ReadonlyMap<string, Span>,
): MeshConfigNode {
  const mesh = record(value);
  const mode = str(record(mesh["outboundTrafficPolicy"])["mode"]);
  return {
    span,
    trustDomain: str(mesh["trustDomain"]) ?? "cluster.local",
    trustDomainAliases: list(mesh["trustDomainAliases"]).filter((a): a is string => typeof a === "string"),
    rootNamespace: str(mesh["rootNamespace"]) ?? DEFAULT_ROOT_NAMESPACE,
    outboundTrafficPolicy: mode === "REGISTRY_ONLY" ? "REGISTRY_ONLY" : "ALLOW_ANY",
    outboundTrafficPolicyMode: { value: mode, span: spans?.get("outboundTrafficPolicy.mode") ?? span },
    inboundTrafficPolicy:
      str(record(mesh["inboundTrafficPolicy"])["mode"]) === "LOCALHOST" ? "LOCALHOST" : "PASSTHROUGH",
    enableAutoMtls: mesh["enableAutoMtls"] !== false,
    extensionProviders: list(mesh["extensionProviders"]) as readonly ExtensionProvider[],
    // mesh.DefaultMeshConfig: IngressControllerMode STRICT, IngressClass "istio", IngressService "istio-ingressgateway".
    ingressControllerMode: ingressMode(str(mesh["ingressControllerMode"])),
    ingressClass: str(mesh["ingressClass"]) ?? "istio",
    ingressService: str(mesh["ingressService"]) ?? "istio-ingressgateway",
    ingressSelector: str(mesh["ingressSelector"]) ?? "",
    defaultConfig: proxyConfigFacts(mesh["defaultConfig"]),
  };
}

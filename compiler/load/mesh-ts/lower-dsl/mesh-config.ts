/**
 * `meshConfig({...})` → the `istio` ConfigMap in the root namespace with MeshConfig YAML under `data.mesh`, as
 * istiod reads it (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/).
 */
import yaml from "js-yaml";
import type { MeshConfig } from "../../../../stdlib/index.ts";
import { hostOf } from "./_refs.ts";
import { clean, meta, type LowerContext, type LoweredDoc } from "./_types.ts";

/** The mesh-wide context lowering uses, with Istio's defaults where mesh.ts says nothing. */
export function contextOf(mc: MeshConfig | undefined): LowerContext {
  return {
    trustDomain: mc?.props.trustDomain ?? "cluster.local",
    rootNamespace: mc?.props.rootNamespace ?? "istio-system",
  };
}

/** ConfigMap `istio` with `data.mesh` = the MeshConfig as YAML (sorted keys, no line wrapping, so it is stable). */
export function lowerMeshConfig(mc: MeshConfig, ctx: LowerContext): LoweredDoc[] {
  const providers = mc.props.extensionProviders?.map((p) => {
    const http = p.envoyExtAuthzHttp && { ...p.envoyExtAuthzHttp, service: hostOf(p.envoyExtAuthzHttp.service) };
    const grpc = p.envoyExtAuthzGrpc && { ...p.envoyExtAuthzGrpc, service: hostOf(p.envoyExtAuthzGrpc.service) };
    return { ...p, envoyExtAuthzHttp: http, envoyExtAuthzGrpc: grpc };
  });
  const mesh = clean({ ...mc.props, extensionProviders: providers });
  const object = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta("istio", ctx.rootNamespace),
    data: { mesh: yaml.dump(mesh, { lineWidth: -1, noRefs: true, sortKeys: true }) },
  };
  return [
    {
      object,
      origin: { site: mc.site, argPath: [] },
      fields: [{ path: ["data", "mesh"], site: mc.site, argPath: [0] }],
    },
  ];
}

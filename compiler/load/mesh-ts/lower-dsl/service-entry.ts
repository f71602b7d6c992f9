/** `externalService(...)` → ServiceEntry. https://istio.io/latest/docs/reference/config/networking/service-entry/ */
import type { ExternalService } from "../../../../stdlib/index.ts";
import { clean, meta, type LoweredDoc } from "./_types.ts";

/** ServiceEntry `<name>`; location defaults to MESH_EXTERNAL and resolution to DNS (the DSL's documented defaults). */
export function lowerServiceEntry(ext: ExternalService): LoweredDoc[] {
  const p = ext.props;
  const object = clean({
    apiVersion: "networking.istio.io/v1",
    kind: "ServiceEntry",
    metadata: meta(ext.name, ext.namespace),
    spec: {
      hosts: p.hosts,
      addresses: p.addresses,
      ports: p.ports,
      location: p.location ?? "MESH_EXTERNAL",
      resolution: p.resolution ?? "DNS",
      endpoints: p.endpoints,
      exportTo: p.exportTo,
      subjectAltNames: p.subjectAltNames,
    },
  });
  const site = ext.site;
  return [{ object, origin: { site, argPath: [] }, fields: [{ path: ["spec"], site, argPath: [1] }] }];
}

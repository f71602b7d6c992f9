/**
 * DestinationRules: a service with versions or a traffic policy gets one whose subsets are its versions
 * (labels = the version's pod labels); an external service with a traffic policy gets one for its first host.
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
import { versionOf, type ExternalService, type Service } from "../../../../stdlib/index.ts";
import { clean, meta, type FieldOrigin, type LoweredDoc } from "./_types.ts";

/** `service(...)` with versions → DestinationRule `<svc>` with `subsets: [{ name: v, labels }]`. */
export function lowerServiceDestinationRule(svc: Service): LoweredDoc[] {
  const versions = svc.props.subsets === false ? [] : Object.keys(svc.props.versions ?? {});
  if (versions.length === 0 && svc.props.trafficPolicy === undefined) return [];
  const site = svc.site;
  const fields: FieldOrigin[] = [{ path: ["spec", "trafficPolicy"], site, argPath: [1, "trafficPolicy"] }];
  const subsets = versions.map((name, i) => {
    fields.push({ path: ["spec", "subsets", i], site, argPath: [1, "versions", name] });
    return clean({
      name,
      labels: { ...(svc.props.versions?.[name]?.subsetLabels ?? versionOf(svc, name).labels) },
      trafficPolicy: svc.props.versions?.[name]?.trafficPolicy,
    });
  });
  const object = clean({
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: meta(svc.name, svc.namespace),
    spec: {
      host: svc.host,
      trafficPolicy: svc.props.trafficPolicy,
      subsets: subsets.length === 0 ? undefined : subsets,
    },
  });
  return [{ object, origin: { site, argPath: [] }, fields }];
}

/** `externalService(..., { trafficPolicy })` → DestinationRule for its first host. */
export function lowerExternalDestinationRule(ext: ExternalService): LoweredDoc[] {
  if (ext.props.trafficPolicy === undefined) return [];
  const object = clean({
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: meta(ext.name, ext.namespace),
    spec: { host: ext.host, trafficPolicy: ext.props.trafficPolicy },
  });
  const site = ext.site;
  return [
    {
      object,
      origin: { site, argPath: [] },
      fields: [{ path: ["spec", "trafficPolicy"], site, argPath: [1, "trafficPolicy"] }],
    },
  ];
}

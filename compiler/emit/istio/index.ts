/**
 * IR → Istio CRD objects (plain data; `serialize/yaml.ts` writes them). The spec is emitted as the user wrote it
 * (resolution facts stay in the IR), so YAML in → IR → YAML out is the identity on every supported field.
 * Order: resources by (kind, namespace, name), as the IR holds them; keys `apiVersion, kind, metadata, spec`, map keys
 * sorted below that; lists keep their order, which carries meaning (first matching http route wins).
 */
import type { GatewayApiNode, IstioNode, MeshIR } from "../../ir/ir.ts";
import { kindName } from "../../ir/lower.ts";
import { sortKeysDeep } from "./_sort-keys.ts";

export interface IstioObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: unknown;
}

function nonEmpty(map: Readonly<Record<string, string>>): Readonly<Record<string, string>> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

/** One Istio resource as a Kubernetes object. */
export function toIstioObject(node: IstioNode): IstioObject {
  const labels = nonEmpty(node.meta.labels);
  const annotations = nonEmpty(node.meta.annotations);
  return {
    apiVersion: node.apiVersion,
    kind: kindName(node.kind),
    metadata: {
      name: node.meta.name,
      namespace: node.meta.namespace,
      ...(labels ? { labels: sortKeysDeep(labels) } : {}),
      ...(annotations ? { annotations: sortKeysDeep(annotations) } : {}),
    },
    spec: sortKeysDeep(node.spec),
  };
}

/** A Gateway API resource exactly as the user wrote it (keys sorted): what users apply, and istiod converts. */
function toGatewayApiObject(node: GatewayApiNode): IstioObject {
  return sortKeysDeep(node.object) as unknown as IstioObject;
}

/**
 * Every Istio resource of the mesh, in the IR's deterministic order, then the Gateway API resources as written. The
 * config istiod generates from the latter (internal Gateways, VirtualServices) is not emitted: istiod makes it.
 */
export function emitIstio(ir: MeshIR): IstioObject[] {
  return [
    ...ir.resources.filter((r) => r.generatedFrom === undefined).map(toIstioObject),
    ...ir.gatewayApi.map(toGatewayApiObject),
  ];
}

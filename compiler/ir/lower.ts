/**
 * The lowering driver: InputDocuments (from YAML or mesh.ts) → MeshIR. Passes run in order: MeshConfig first (the
 * root namespace decides policy scopes), then the registry (workloads decide selectors), then Istio resources.
 */
import { createDiagnostic, createRelated, type Diagnostic, type Result } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { InputDocument } from "../load/document.ts";
import { convertGatewayApi, isGatewayApiDocument } from "./gateway-api/index.ts";
import { convertIngresses, isIngressDocument } from "./ingress.ts";
import type { GatewayApiNode, IstioNode, MeshConfigNode, MeshIR } from "./ir.ts";
import { lowerIstioDocument } from "./lower-istio.ts";
import { lowerMeshConfig } from "./lower-mesh-config.ts";
import { DEFAULT_ISTIOD_FEATURES, type IstiodFeatures } from "./istiod-features.ts";
import { lowerRegistry, metaOf } from "./lower-registry.ts";
import { spanAt } from "../diagnostics/span.ts";

const KIND_ORDER: Readonly<Record<IstioNode["kind"], string>> = {
  authorizationPolicy: "AuthorizationPolicy",
  destinationRule: "DestinationRule",
  gateway: "Gateway",
  peerAuthentication: "PeerAuthentication",
  requestAuthentication: "RequestAuthentication",
  serviceEntry: "ServiceEntry",
  sidecar: "Sidecar",
  virtualService: "VirtualService",
};

/** The Kubernetes kind name of an IR node (`virtualService` → `VirtualService`). */
export function kindName(kind: IstioNode["kind"]): string {
  return KIND_ORDER[kind];
}

function compareNodes(a: IstioNode, b: IstioNode): number {
  const keyA = [kindName(a.kind), a.meta.namespace, a.meta.name];
  const keyB = [kindName(b.kind), b.meta.namespace, b.meta.name];
  for (let i = 0; i < 3; i++) if (keyA[i] !== keyB[i]) return keyA[i]! < keyB[i]! ? -1 : 1;
  return 0;
}

function isMeshConfigMap(doc: InputDocument): boolean {
  return doc.object["kind"] === "ConfigMap" && metaOf(doc).name === "istio";
}

function findDuplicates(docs: readonly InputDocument[]): Diagnostic[] {
  const seen = new Map<string, InputDocument>();
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    // A Gateway API Gateway and an Istio Gateway may share a name: the group is part of the key.
    const kind = isGatewayApiDocument(doc)
      ? `${String(doc.object["kind"])}.gateway.networking.k8s.io`
      : String(doc.object["kind"]);
    const { name, namespace } = metaOf(doc);
    const key = kind === "Namespace" ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, doc);
    else {
      const label = kind === "Namespace" ? name : `${namespace}/${name}`;
      out.push(
        createDiagnostic(
          Messages.Duplicate_0_1_declared_again,
          doc.span,
          [kind, label],
          [createRelated(Messages.Duplicate_0_1_declared_again.related.first, first.span)],
        ),
      );
    }
  }
  return out;
}

/** MeshConfig from the `istio` ConfigMap (istiod reads `data.mesh` of ConfigMap `istio` in its namespace). */
function readMeshConfig(docs: readonly InputDocument[], diagnostics: Diagnostic[]): MeshConfigNode {
  const maps = docs.filter(isMeshConfigMap);
  if (maps.length > 1) {
    diagnostics.push(
      createDiagnostic(Messages.Several_istio_ConfigMaps, maps[1]!.span, [
        metaOf(maps[0]!).namespace,
        metaOf(maps[1]!).namespace,
      ]),
    );
  }
  const doc = maps[0];
  if (doc === undefined) return lowerMeshConfig(undefined, undefined);
  const parsed = doc.meshConfig;
  // The loaders parse `data.mesh` (load/yaml/mesh-config.ts `withParsedMeshConfig`); lowering only reads the result.
  if (parsed === undefined) throw new Error("internal error: the istio ConfigMap was not parsed by a loader");
  diagnostics.push(...parsed.diagnostics);
  return lowerMeshConfig(parsed.value.value, spanAt(doc.spans, ["data", "mesh"], doc.span), parsed.value.spans);
}

/** The Gateway API resources as written, for `istio.yaml`. */
function gatewayApiNodes(docs: readonly InputDocument[]): GatewayApiNode[] {
  const key = (n: GatewayApiNode) => [n.resourceKind, n.namespace, n.name];
  return docs
    .map(
      (d): GatewayApiNode => ({
        kind: "gatewayApi",
        span: d.span,
        object: d.object,
        resourceKind: String(d.object["kind"]),
        ...metaOf(d),
      }),
    )
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
      return 0;
    });
}

/**
 * Lowers validated input documents into the IR. Gateway API resources are converted first, as istiod does, into
 * Istio Gateways and VirtualServices (`gateway-api/`), and the pods of the Gateways Istio deploys join the registry.
 */
export function lowerDocuments(
  docs: readonly InputDocument[],
  options: { readonly istiod?: IstiodFeatures } = {},
): Result<MeshIR> {
  const diagnostics: Diagnostic[] = findDuplicates(docs);
  const meshConfig = readMeshConfig(docs, diagnostics);
  const gatewayApiDocs = docs.filter(isGatewayApiDocument);
  const otherDocs = docs.filter((d) => !isMeshConfigMap(d) && !isGatewayApiDocument(d));
  const converted = convertGatewayApi(docs);
  diagnostics.push(...converted.diagnostics);
  // Kubernetes Ingresses, as istiod's ingress controller converts them (ingress.ts).
  const ingress = convertIngresses(docs, meshConfig);
  diagnostics.push(...ingress.diagnostics);
  const istioDocs = [
    ...otherDocs.filter((d) => !isIngressDocument(d)),
    ...converted.registryDocuments,
    ...converted.istioDocuments,
    ...ingress.istioDocuments,
  ];
  const registry = lowerRegistry(
    istioDocs,
    [meshConfig.rootNamespace].filter((ns) => docs.some((d) => metaOf(d).namespace === ns)),
  );
  const ctx = { meshConfig, workloads: registry.workloads, services: registry.services };
  const resources = istioDocs
    .map((d) => lowerIstioDocument(d, ctx))
    .filter((n): n is IstioNode => n !== undefined)
    .sort(compareNodes);
  const istiod = options.istiod ?? DEFAULT_ISTIOD_FEATURES;
  const gatewayApi = gatewayApiNodes(gatewayApiDocs);
  return { value: { meshConfig, istiod, ...registry, resources, gatewayApi }, diagnostics };
}

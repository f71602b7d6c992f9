import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadYamlInputs, parseMeshConfig } from "../../compiler/load/yaml/index.ts";

const Example = suite("examples/bookinfo-yaml loads cleanly");

const loaded = loadYamlInputs(["examples/bookinfo-yaml"]);
const meta = (o: Readonly<Record<string, unknown>>) => o.metadata as { name: string; namespace?: string };

Example("no diagnostics, and every file of every subdirectory read in sorted order", () => {
  assert.equal(loaded.diagnostics, []);
  assert.equal(
    loaded.value.sourceFiles.map((f) => f.fileName),
    [
      "examples/bookinfo-yaml/istio-system/mesh-config.yaml",
      "examples/bookinfo-yaml/networking/bookinfo-gateway.yaml",
      "examples/bookinfo-yaml/networking/destination-rules.yaml",
      "examples/bookinfo-yaml/networking/ratings-fault.yaml",
      "examples/bookinfo-yaml/networking/virtual-services.yaml",
      "examples/bookinfo-yaml/platform/bookinfo.yaml",
      "examples/bookinfo-yaml/security/authorization-policies.yaml",
      "examples/bookinfo-yaml/security/peer-authentication.yaml",
    ],
  );
});

Example("the resources, as kind/namespace/name", () => {
  const names = loaded.value.documents.map(
    (d) => `${String(d.object.kind)}/${meta(d.object).namespace ?? ""}/${meta(d.object).name}`,
  );
  assert.equal(names.sort(), [
    "AuthorizationPolicy/bookinfo/details-viewer",
    "AuthorizationPolicy/bookinfo/productpage-viewer",
    "AuthorizationPolicy/bookinfo/ratings-viewer",
    "AuthorizationPolicy/bookinfo/reviews-viewer",
    "ConfigMap/istio-system/istio",
    "Deployment/bookinfo/details-v1",
    "Deployment/bookinfo/productpage-v1",
    "Deployment/bookinfo/ratings-v1",
    "Deployment/bookinfo/reviews-v1",
    "Deployment/bookinfo/reviews-v2",
    "Deployment/bookinfo/reviews-v3",
    "DestinationRule/bookinfo/details",
    "DestinationRule/bookinfo/productpage",
    "DestinationRule/bookinfo/ratings",
    "DestinationRule/bookinfo/reviews",
    "Gateway/bookinfo/bookinfo-gateway",
    "Namespace//bookinfo",
    "Namespace//istio-system",
    "PeerAuthentication/bookinfo/default",
    "Service/bookinfo/details",
    "Service/bookinfo/productpage",
    "Service/bookinfo/ratings",
    "Service/bookinfo/reviews",
    "ServiceAccount/bookinfo/bookinfo-details",
    "ServiceAccount/bookinfo/bookinfo-productpage",
    "ServiceAccount/bookinfo/bookinfo-ratings",
    "ServiceAccount/bookinfo/bookinfo-reviews",
    "VirtualService/bookinfo/bookinfo",
    "VirtualService/bookinfo/details",
    "VirtualService/bookinfo/productpage",
    "VirtualService/bookinfo/ratings",
    "VirtualService/bookinfo/reviews",
  ]);
});

Example("its MeshConfig", () => {
  const configMap = loaded.value.documents.find((d) => d.object.kind === "ConfigMap");
  const mesh = configMap && parseMeshConfig(configMap);
  assert.equal(mesh?.diagnostics, []);
  assert.equal(mesh?.value.value, {
    trustDomain: "cluster.local",
    rootNamespace: "istio-system",
    enableAutoMtls: true,
    outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
  });
});

Example.run();

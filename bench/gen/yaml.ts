/**
 * Renders a {@link MeshModel} as plain Kubernetes/Istio YAML: exactly the documents the mesh.ts form lowers to
 * (test/bench checks this), one file per namespace plus `istio-system.yaml`.
 */
import yaml from "js-yaml";
import { egressOf, PORT, VERSIONS, principalOf, type GenService, type MeshModel } from "./model.ts";

type Doc = Record<string, unknown>;
const fqdn = (s: GenService) => `${s.name}.${s.namespace}.svc.cluster.local`;
const meta = (name: string, namespace: string, extra: Doc = {}) => ({ name, namespace, ...extra });

function platform(s: GenService): Doc[] {
  const app = { app: s.name };
  const docs: Doc[] = [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(s.name, s.namespace, { labels: { app: s.name, service: s.name } }),
      spec: { ports: [{ name: "http", port: PORT, targetPort: PORT }], selector: app },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(s.serviceAccount, s.namespace) },
  ];
  for (const v of VERSIONS) {
    const labels = { app: s.name, version: v };
    docs.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(`${s.name}-${v}`, s.namespace, { labels }),
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: s.serviceAccount,
            containers: [{ name: s.name, image: `${s.name}:${v}`, ports: [{ containerPort: PORT }] }],
          },
        },
      },
    });
  }
  return docs;
}

function networking(s: GenService): Doc[] {
  const host = fqdn(s);
  const to = (subset: string) => ({ destination: { host, subset } });
  return [
    {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: meta(s.name, s.namespace),
      spec: {
        host,
        trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
        subsets: VERSIONS.map((v) => ({ name: v, labels: { app: s.name, version: v } })),
      },
    },
    {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: meta(s.name, s.namespace),
      spec: {
        hosts: [host],
        http: [
          { name: "beta", match: [{ headers: { "end-user": { exact: s.betaUser } } }], route: [to("v3")] },
          {
            name: "api-v2",
            match: [{ uri: { prefix: "/api/v2/" } }, { headers: { "x-api-version": { exact: "2" } } }],
            route: [to("v2")],
          },
          { name: "legacy", match: [{ uri: { exact: "/legacy" } }], timeout: "2s", route: [to("v1")] },
          { name: "default", route: VERSIONS.map((v, i) => ({ ...to(v), weight: s.weights[i] })) },
        ],
      },
    },
  ];
}

/** The DSL lists a principal once when both callers are the same service; so does the YAML. */
function security(s: GenService, model: MeshModel): Doc[] {
  const [a, b] = s.callers.map((c) => principalOf(model.services[c]!));
  const selector = { matchLabels: { app: s.name } };
  return [
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: meta(`${s.name}-allow`, s.namespace),
      spec: {
        selector,
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { principals: [...new Set([a, b])] } }],
            to: [{ operation: { methods: ["GET", "POST"], paths: ["/api/*", "/legacy"] } }],
          },
        ],
      },
    },
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: meta(`${s.name}-deny-admin`, s.namespace),
      spec: {
        selector,
        action: "DENY",
        rules: [{ from: [{ source: { notPrincipals: [a] } }], to: [{ operation: { paths: ["/admin/*"] } }] }],
      },
    },
  ];
}

/** Every document of the model, in declaration order. */
export function meshDocuments(model: MeshModel): Doc[] {
  const docs: Doc[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "istio-system" } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta("istio", "istio-system"),
      data: {
        mesh: "enableAutoMtls: true\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\ntrustDomain: cluster.local\n",
      },
    },
  ];
  for (const ns of model.namespaces) {
    docs.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { "istio-injection": "enabled" } },
    });
    docs.push({
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: meta("default", ns),
      spec: { mtls: { mode: "STRICT" } },
    });
  }
  for (const s of model.services) docs.push(...platform(s), ...networking(s), ...security(s, model));
  if (model.sidecars) {
    for (const ns of model.namespaces) {
      const hosts = [
        "./*",
        "istio-system/*",
        ...egressOf(model, ns).map((i) => `${model.services[i]!.namespace}/${fqdn(model.services[i]!)}`),
      ];
      docs.push({
        apiVersion: "networking.istio.io/v1",
        kind: "Sidecar",
        metadata: meta("default", ns),
        spec: { egress: [{ hosts }] },
      });
    }
  }
  return docs;
}

const namespaceOf = (d: Doc) =>
  (d.metadata as { namespace?: string }).namespace ??
  (d.kind === "Namespace" ? (d.metadata as { name: string }).name : "istio-system");

/** The YAML form: file name → text, one file per namespace (`<namespace>.yaml`), in a stable order. */
export function renderYaml(model: MeshModel): Map<string, string> {
  const byNs = new Map<string, Doc[]>();
  for (const d of meshDocuments(model)) {
    const ns = namespaceOf(d);
    byNs.set(ns, [...(byNs.get(ns) ?? []), d]);
  }
  const header = `# @generated by bench/gen (N=${model.n}, seed=${model.seed}). A synthetic mesh for the meshc benchmark.\n`;
  return new Map(
    [...byNs].map(
      ([ns, docs]) =>
        [`${ns}.yaml`, header + docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join("---\n")] as const,
    ),
  );
}

/**
 * Workloads that are not versions of a service, such as the ingress gateway's pods. Each lowers to a
 * `Deployment` (and its `ServiceAccount`), so the compiler knows its labels, service account and sidecar.
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { KubeGateway } from "./kube-gateway.ts";
import type { Service, Version } from "./service.ts";

/** Options of {@link workload}. */
export interface WorkloadProps extends Suppressible {
  /** The namespace (→ the Deployment's `metadata.namespace`). @default "default" */
  readonly namespace?: NamespaceRef;
  /** Pod labels (→ `spec.template.metadata.labels`, what selectors match). @default { app: <name> } */
  readonly labels?: Labels;
  /** The pod's service account (→ `spec.template.spec.serviceAccountName`, its mTLS identity). @default the workload name */
  readonly serviceAccount?: string;
  /** Whether the pod runs an Istio sidecar (false → annotation `sidecar.istio.io/inject: "false"`). @default true */
  readonly sidecar?: boolean;
  /** Deployment replicas (→ `spec.replicas`). @default 1 */
  readonly replicas?: number;
  /** Container image (→ `spec.template.spec.containers[0].image`). @default "<name>" */
  readonly image?: string;
  /** The pods' IP addresses, when known (→ the Deployment's `status.podIPs`). @default [] */
  readonly addresses?: readonly string[];
}

/** A declared workload. */
export interface Workload<N extends string = string> extends DslValue<"workload"> {
  readonly name: N;
  readonly namespace: string;
  readonly labels: Labels;
  readonly serviceAccount: string;
  readonly props: WorkloadProps;
}

/**
 * Declare a workload (→ Deployment + ServiceAccount).
 * @example
 * workload("istio-ingressgateway", { namespace: "istio-system", labels: { istio: "ingressgateway" },
 *                                    serviceAccount: "istio-ingressgateway-service-account" })
 */
export function workload<const N extends string>(name: N, props: WorkloadProps = {}): Workload<N> {
  return declare({
    [BRAND]: "workload",
    site: captureSite(),
    name,
    namespace: namespaceName(props.namespace ?? "default"),
    labels: props.labels ?? { app: name },
    serviceAccount: props.serviceAccount ?? name,
    props,
  });
}

/** True for a value made by {@link workload}. */
export const isWorkload = isKind("workload") as (value: unknown) => value is Workload;

/**
 * Which workloads a policy applies to: a service (all its versions, `app: <name>`), one version, a workload, or
 * Istio's own `{ matchLabels }`.
 */
export type SelectorRef =
  | Service
  | Version
  | Workload
  | {
      /** `selector.matchLabels`: the labels of the workloads selected. */
      readonly matchLabels: Labels;
    };

/**
 * Someone a request can come from, for authorization `principals`: a service (each of its service accounts),
 * a version, a workload, a Gateway API Gateway (its deployment's service account, `<name>-istio`), or a principal string (`cluster.local/ns/bookinfo/sa/bookinfo-productpage`).
 */
export type PrincipalRef = Service | Version | Workload | KubeGateway | string;

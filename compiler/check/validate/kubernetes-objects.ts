/**
 * What the Kubernetes API server rejects before any Istio webhook sees an object: invalid names, namespaces, labels,
 * port numbers and port names (k8s.io/apimachinery `pkg/api/validation/objectmeta.go` `ValidateObjectMeta`, and
 * k8s.io/kubernetes `pkg/apis/core/validation/validation.go` `ValidateService`, `validateContainerPorts`, and
 * `pkg/apis/discovery/validation` `ValidateEndpointSlice`). Runs over
 * the input documents, so YAML and mesh.ts inputs are checked alike, each finding at the offending field. Besides
 * fidelity, this keeps every name that becomes an output path (`envoy/<namespace>/<workload>.json`) a plain one.
 */
import { isIPv4, isIPv6 } from "node:net";
import { createDiagnostic, type Diagnostic, type DiagnosticMessage } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { InputDocument } from "../../load/document.ts";
import { spanAt, type FieldPath } from "../../diagnostics/span.ts";
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  isValidPortNumber,
  labelValueProblem,
  portNameProblem,
  qualifiedNameProblem,
  shown,
} from "./_k8s-names.ts";

// The documents are unvalidated JSON data.
type Json = Readonly<Record<string, unknown>>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const record = (v: unknown): Json => (isRecord(v) ? v : {});
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

type Report = (message: DiagnosticMessage, path: FieldPath, args: readonly (string | number)[]) => void;

/**
 * The name rule of each kind (`ValidateNamespaceName`, `ValidateServiceName`, and `NameIsDNSSubdomain` for
 * Deployments, Pods, ServiceAccounts, ConfigMaps and custom resources, apiextensions-apiserver
 * `customresource/validator.go`). Istio's webhook is stricter for Gateways (`ValidateGateway`: a DNS-1123 label).
 */
function nameRule(kind: string, apiVersion: string): (name: string) => string | undefined {
  if (kind === "Namespace") return dns1123LabelProblem;
  if (kind === "Service" && apiVersion === "v1") return dns1035LabelProblem;
  if (kind === "Gateway" && apiVersion.startsWith("networking.istio.io/")) return dns1123LabelProblem;
  return dns1123SubdomainProblem;
}

/** `ValidateLabels`: keys are qualified names, values label values. */
function checkLabels(report: Report, labels: unknown, path: FieldPath): void {
  for (const [k, v] of Object.entries(record(labels))) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem !== undefined) report(Messages.Invalid_label_key_0_Colon_1, [...path, k], [shown(k), keyProblem]);
    const valueProblem = typeof v === "string" ? labelValueProblem(v) : undefined;
    if (valueProblem !== undefined)
      report(Messages.Invalid_label_value_0_for_1_Colon_2, [...path, k], [shown(v), k, valueProblem]);
  }
}

function checkMeta(report: Report, doc: InputDocument, kind: string, apiVersion: string): void {
  const meta = record(doc.object["metadata"]);
  const name = meta["name"];
  if (typeof name === "string") {
    const problem = nameRule(kind, apiVersion)(name);
    if (problem !== undefined)
      report(Messages.Invalid_0_name_1_Colon_2, ["metadata", "name"], [kind, shown(name), problem]);
  }
  const namespace = meta["namespace"];
  if (typeof namespace === "string" && kind !== "Namespace") {
    const problem = dns1123LabelProblem(namespace);
    if (problem !== undefined)
      report(Messages.Invalid_namespace_name_0_Colon_1, ["metadata", "namespace"], [shown(namespace), problem]);
  }
  checkLabels(report, meta["labels"], ["metadata", "labels"]);
}

function checkPortNumber(report: Report, value: unknown, path: FieldPath): void {
  if (value !== undefined && !isValidPortNumber(value))
    report(Messages.Invalid_port_number_0_at_1, path, [shown(value), path.join(".")]);
}

/** `validateServicePort` and `ValidateService`: numbers, DNS-1123 label names, required with several ports. */
function checkServicePorts(report: Report, doc: InputDocument): void {
  const ports = list(record(doc.object["spec"])["ports"]);
  ports.forEach((entry, i) => {
    const path = ["spec", "ports", i];
    const p = isRecord(entry) ? entry : {};
    // `port` is required: a missing one (or an entry that is not an object) is as invalid as port 0.
    checkPortNumber(report, p["port"] ?? null, [...path, "port"]);
    const target = p["targetPort"];
    if (typeof target === "string") {
      const problem = portNameProblem(target);
      if (problem !== undefined)
        report(
          Messages.Invalid_port_name_0_at_1_Colon_2,
          [...path, "targetPort"],
          [shown(target), [...path, "targetPort"].join("."), problem],
        );
    } else checkPortNumber(report, target, [...path, "targetPort"]);
    const name = p["name"];
    if (typeof name === "string" && name !== "") {
      const problem = dns1123LabelProblem(name);
      if (problem !== undefined)
        report(
          Messages.Invalid_port_name_0_at_1_Colon_2,
          [...path, "name"],
          [shown(name), [...path, "name"].join("."), problem],
        );
    } else if (ports.length > 1) {
      report(Messages.Service_port_name_required, path, [
        String(p["port"]),
        String(record(doc.object["metadata"])["name"]),
      ]);
    }
  });
}

const ADDRESS_TYPES = ["IPv4", "IPv6", "FQDN"];
/** The most addresses one EndpointSlice endpoint may list (discovery validation `maxAddresses`). */
const MAX_ADDRESSES = 100;

/** Why `value` is not an address of `addressType` (`validation.IsValidIPv4Address`, `IsValidIPv6Address`, FQDN). */
function addressProblem(addressType: string, value: unknown): string | undefined {
  if (typeof value !== "string") return "an address must be a string";
  if (addressType === "IPv4") return isIPv4(value) ? undefined : "must be a valid IPv4 address";
  if (addressType === "IPv6") return isIPv6(value) ? undefined : "must be a valid IPv6 address";
  return dns1123SubdomainProblem(value);
}

/**
 * k8s.io/kubernetes pkg/apis/discovery/validation `ValidateEndpointSlice`: `addressType` is required and one of
 * IPv4, IPv6 or FQDN; each endpoint lists 1 to 100 addresses of that type and an optional DNS-1123 label hostname;
 * each port an optional DNS-1123 label name and a port number.
 */
function checkEndpointSlice(report: Report, doc: InputDocument): void {
  const name = String(record(doc.object["metadata"])["name"]);
  const addressType = doc.object["addressType"];
  const known = typeof addressType === "string" && ADDRESS_TYPES.includes(addressType);
  if (!known)
    report(Messages.EndpointSlice_0_addressType_1_is_not_supported, addressType === undefined ? [] : ["addressType"], [
      name,
      addressType === undefined ? "(missing)" : shown(addressType),
    ]);
  list(doc.object["endpoints"]).forEach((e, i) => {
    const endpoint = record(e);
    const at = ["endpoints", i, "addresses"];
    const addresses = endpoint["addresses"];
    if (!Array.isArray(addresses) || addresses.length === 0 || addresses.length > MAX_ADDRESSES) {
      report(Messages.Invalid_endpoint_address_0_at_1_Colon_2, Array.isArray(addresses) ? at : ["endpoints", i], [
        shown(addresses ?? "none"),
        at.join("."),
        `an endpoint must list from 1 to ${MAX_ADDRESSES} addresses`,
      ]);
    } else if (known) {
      addresses.forEach((a, j) => {
        const problem = addressProblem(addressType, a);
        if (problem !== undefined)
          report(
            Messages.Invalid_endpoint_address_0_at_1_Colon_2,
            [...at, j],
            [shown(a), [...at, j].join("."), problem],
          );
      });
    }
    const hostname = endpoint["hostname"];
    if (hostname !== undefined) {
      const path = ["endpoints", i, "hostname"];
      const problem = typeof hostname === "string" ? dns1123LabelProblem(hostname) : "must be a string";
      if (problem !== undefined)
        report(Messages.Invalid_endpoint_hostname_0_at_1_Colon_2, path, [shown(hostname), path.join("."), problem]);
    }
  });
  list(doc.object["ports"]).forEach((entry, i) => {
    const p = record(entry);
    const path = ["ports", i];
    checkPortNumber(report, p["port"], [...path, "port"]);
    const portName = p["name"];
    if (typeof portName === "string" && portName !== "") {
      const problem = dns1123LabelProblem(portName);
      if (problem !== undefined)
        report(
          Messages.Invalid_port_name_0_at_1_Colon_2,
          [...path, "name"],
          [shown(portName), [...path, "name"].join("."), problem],
        );
    }
  });
}

/** `validateContainerPorts` over a pod spec, and its template's labels. */
function checkPodSpec(report: Report, spec: unknown, path: FieldPath): void {
  list(record(spec)["containers"]).forEach((c, ci) => {
    list(record(c)["ports"]).forEach((p, pi) => {
      if (!isRecord(p)) return;
      const at = [...path, "containers", ci, "ports", pi];
      checkPortNumber(report, p["containerPort"], [...at, "containerPort"]);
      if (typeof p["name"] === "string") {
        const problem = portNameProblem(p["name"]);
        if (problem !== undefined)
          report(
            Messages.Invalid_port_name_0_at_1_Colon_2,
            [...at, "name"],
            [shown(p["name"]), [...at, "name"].join("."), problem],
          );
      }
    });
  });
}

function checkDocument(doc: InputDocument, out: Diagnostic[]): void {
  const kind = doc.object["kind"];
  const apiVersion = doc.object["apiVersion"];
  if (typeof kind !== "string" || typeof apiVersion !== "string") return;
  const report: Report = (message, path, args) =>
    out.push(createDiagnostic(message, spanAt(doc.spans, path, doc.span), args));
  checkMeta(report, doc, kind, apiVersion);
  if (kind === "Service" && apiVersion === "v1") checkServicePorts(report, doc);
  if (kind === "Pod" && apiVersion === "v1") checkPodSpec(report, doc.object["spec"], ["spec"]);
  if (kind === "EndpointSlice" && apiVersion === "discovery.k8s.io/v1") checkEndpointSlice(report, doc);
  if (kind === "Deployment" && apiVersion.startsWith("apps/")) {
    const template = record(record(doc.object["spec"])["template"]);
    checkLabels(report, record(template["metadata"])["labels"], ["spec", "template", "metadata", "labels"]);
    checkPodSpec(report, template["spec"], ["spec", "template", "spec"]);
  }
}

/**
 * The API server's object validation over every input document.
 *
 * @example validateKubernetesObjects([deploymentNamed("../../victim")]) →
 *   [{ code: 2330, message: "Invalid Deployment name '../../victim': a lowercase RFC 1123 subdomain must ...", ... }]
 */
export function validateKubernetesObjects(docs: readonly InputDocument[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of docs) checkDocument(doc, out);
  return out;
}

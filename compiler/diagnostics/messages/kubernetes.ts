/**
 * 2330–2359: Kubernetes object validation, as the API server applies it before anything is stored
 * (k8s.io/apimachinery `pkg/util/validation` and `pkg/api/validation`, k8s.io/kubernetes `pkg/apis/core/validation`),
 * and limits of meshc's own output that follow from names.
 */
import { diag } from "../diagnostic.ts";

export const kubernetesMessages = {
  Invalid_0_name_1_Colon_2: diag(2330, "error", "Invalid {0} name {1}: {2}.", {
    hint: "The Kubernetes API server rejects this object; rename it (for example 'my-name').",
    why: "The API server rejects an object whose name is not a DNS-1123 subdomain (a DNS-1123 label for namespaces and Istio Gateways, a DNS-1035 label for Services); meshc uses names as file names, so it never writes such a name.",
    bad: "kind: Deployment\nmetadata: {name: ../../victim}",
    fixed: "kind: Deployment\nmetadata: {name: victim}",
  }),
  Invalid_namespace_name_0_Colon_1: diag(2331, "error", "Invalid namespace {0}: {1}.", {
    hint: "The Kubernetes API server rejects this object; namespaces are lowercase RFC 1123 labels (for example 'shop').",
    why: "A namespace is a DNS-1123 label; the API server rejects objects in any other.",
    bad: "metadata: {name: cart, namespace: Shop_1}",
    fixed: "metadata: {name: cart, namespace: shop-1}",
  }),
  Invalid_port_number_0_at_1: diag(
    2332,
    "error",
    "Invalid port number {0} at '{1}': must be an integer from 1 to 65535.",
    {
      why: "Ports are integers from 1 to 65535; the API server rejects anything else, and Envoy cannot listen on it.",
      bad: "ports:\n- {name: http, port: 65536}",
      fixed: "ports:\n- {name: http, port: 8080}",
    },
  ),
  Invalid_port_name_0_at_1_Colon_2: diag(2333, "error", "Invalid port name {0} at '{1}': {2}.", {
    why: "Service port names are DNS-1123 labels and container port names IANA service names (at most 15 characters, with a letter).",
    bad: "ports:\n- {name: HTTP_web, port: 80}",
    fixed: "ports:\n- {name: http-web, port: 80}",
  }),
  Service_port_name_required: diag(
    2334,
    "error",
    "Port '{0}' of Service '{1}' has no name, which a Service with more than one port requires.",
    {
      why: "A Service with several ports must name each one, so that endpoints and Istio's protocol selection can refer to them.",
      bad: "ports:\n- {name: http, port: 80}\n- {port: 81}",
      fixed: "ports:\n- {name: http, port: 80}\n- {name: http-admin, port: 81}",
    },
  ),
  Invalid_label_key_0_Colon_1: diag(2335, "error", "Invalid label key {0}: {1}.", {
    why: "Label keys are an optional DNS subdomain prefix and a name of up to 63 characters; the API server rejects others.",
    bad: 'labels: {"-app": cart}',
    fixed: "labels: {app: cart}",
  }),
  Invalid_label_value_0_for_1_Colon_2: diag(2336, "error", "Invalid value {0} for label '{1}': {2}.", {
    why: "Label values are empty or up to 63 alphanumeric characters, '-', '_' or '.'; the API server rejects others.",
    bad: 'labels: {app: "cart v1"}',
    fixed: "labels: {app: cart-v1}",
  }),
  Workload_0_declared_as_Deployment_and_Pod: diag(
    2337,
    "error",
    "Workload '{0}' is declared both as a Deployment and as a Pod; their Envoy configurations would be written to the same file.",
    {
      related: { first: "The {0} '{1}' is declared here." },
      hint: "Rename one of them.",
      why: "build writes each workload's Envoy configuration to envoy/<namespace>/<name>.json, so a Deployment and a Pod of the same name would overwrite each other.",
      bad: "kind: Pod\nmetadata: {name: cart, namespace: shop}\n---\nkind: Deployment\nmetadata: {name: cart, namespace: shop}",
      fixed:
        "kind: Pod\nmetadata: {name: cart-debug, namespace: shop}\n---\nkind: Deployment\nmetadata: {name: cart, namespace: shop}",
    },
  ),
  EndpointSlice_0_addressType_1_is_not_supported: diag(
    2355,
    "error",
    "EndpointSlice '{0}': addressType {1} is not 'IPv4', 'IPv6' or 'FQDN'.",
    {
      why: "The API server requires an EndpointSlice's addressType (k8s.io/kubernetes pkg/apis/discovery/validation ValidateEndpointSlice); istiod reads only IPv4 and IPv6 slices.",
      bad: "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-1, labels: {kubernetes.io/service-name: db}}\nendpoints:\n- addresses: [10.0.0.1]",
      fixed:
        "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-1, labels: {kubernetes.io/service-name: db}}\naddressType: IPv4\nendpoints:\n- addresses: [10.0.0.1]",
    },
  ),
  Invalid_endpoint_address_0_at_1_Colon_2: diag(2356, "error", "Invalid endpoint address {0} at '{1}': {2}.", {
    hint: "List from 1 to 100 addresses of the slice's addressType for each endpoint.",
    why: "The API server rejects an EndpointSlice endpoint without addresses, with more than 100, or with an address that is not of the slice's addressType (an IPv4 address for IPv4); meshc would otherwise route to an address no Pod can have.",
    bad: "addressType: IPv4\nendpoints:\n- addresses: [10.0.0.300]",
    fixed: "addressType: IPv4\nendpoints:\n- addresses: [10.0.0.3]",
  }),
  Invalid_endpoint_hostname_0_at_1_Colon_2: diag(2357, "error", "Invalid endpoint hostname {0} at '{1}': {2}.", {
    why: "An EndpointSlice endpoint's hostname is a DNS-1123 label (the first label of `<hostname>.<service>.<namespace>.svc.<domain>`); the API server rejects others.",
    bad: "endpoints:\n- {addresses: [10.0.0.1], hostname: db.0}",
    fixed: "endpoints:\n- {addresses: [10.0.0.1], hostname: db-0}",
  }),
} as const;

/** 5100–5199: requests the evaluator cannot resolve against the mesh (docs/requests.md). */
import { diag } from "../diagnostic.ts";

export const evalMessages = {
  Unknown_source_workload_0: diag(5101, "error", "The request's source '{0}' is not a declared workload.", {
    hint: "Declare a Deployment or Pod named '{0}', or write the source as '<namespace>/<workload>' of one that exists: {1}.",
    why: "The request's source must be a declared workload, so its labels, identity and sidecar are known.",
    bad: "GET http://reviews.bookinfo:9080/ from bookinfo/productpage-v9",
    fixed: "GET http://reviews.bookinfo:9080/ from bookinfo/productpage-v1",
    lang: "text",
  }),
  Host_0_does_not_resolve_from_namespace_1: diag(
    5102,
    "error",
    "Host '{0}' does not resolve to a service from namespace '{1}'.",
    {
      hint: "Short names resolve in the source's namespace; write 'name.namespace' or the full 'name.namespace.svc.cluster.local'.",
      why: "Short host names resolve in the source's namespace.",
      bad: "GET http://reviews:9080/ from shop/web",
      fixed: "GET http://reviews.bookinfo:9080/ from shop/web",
      lang: "text",
    },
  ),
  Headless_service_0_has_no_ready_endpoints: diag(
    5130,
    "error",
    "Headless Service '{0}' has no ready endpoints, so its name resolves to no address.",
    {
      hint: "Declare the Pods its selector picks (with status.podIP), or an EndpointSlice for it with ready endpoints.",
      why: "A headless Service (clusterIP: None) has no virtual IP: DNS answers with its endpoints' addresses, and the client connects to one of them. Without endpoints there is nothing to connect to.",
      bad: "GET http://db.shop:5432/ from shop/web   # db is headless and selects no Pod with an address",
      fixed: "GET http://db.shop:5432/ from shop/web   # after declaring db's Pods with status.podIP",
      lang: "text",
    },
  ),
  Host_0_is_no_endpoint_hostname_of_1_Colon_2: diag(
    5131,
    "error",
    "'{0}' names no endpoint of headless Service '{1}': its endpoints' hostnames are {2}.",
    {
      hint: "Use '<hostname>.<service>.<namespace>' with the hostname of one of its endpoints (a Pod's spec.hostname with spec.subdomain set to the Service, or an EndpointSlice endpoint's hostname).",
      why: "Under a headless Service, DNS resolves '<hostname>.<service>.<namespace>.svc.cluster.local' to the endpoint with that hostname; any other name does not resolve.",
      bad: "tcp://db-7.db.shop:5432 from shop/web",
      fixed: "tcp://db-0.db.shop:5432 from shop/web",
      lang: "text",
    },
  ),
  Service_0_has_several_ports_1: diag(
    5103,
    "error",
    "Service '{0}' has several ports ({1}) and the request gives none.",
    {
      hint: "Add ':<port>' to the URL.",
      why: "Without a port, a service with several ports is ambiguous.",
      bad: "GET http://reviews.bookinfo/reviews/1 from bookinfo/productpage-v1",
      fixed: "GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1",
      lang: "text",
    },
  ),
  Unknown_ingress_gateway_0: diag(5104, "error", "The request's source 'ingress {0}' is not a declared Gateway.", {
    hint: "Declare a Gateway named '{0}', or use one of: {1}.",
    why: "'from ingress' names a declared Gateway.",
    bad: "GET http://shop.example.com/ from ingress istio-system/public",
    fixed: "GET http://shop.example.com/ from ingress bookinfo/bookinfo-gateway",
    lang: "text",
  }),
  Port_0_is_not_a_port_of_1: diag(5105, "error", "Port {0} is not a port of '{1}'.", {
    hint: "Its ports are: {2}.",
    why: "A client without a sidecar reaches only the ports the Service exposes; from a workload with a sidecar, a port the Service lacks is a host outside the registry on that port (routed by a VirtualService naming it on port 80, else the catch-all).",
    bad: "GET http://reviews.bookinfo:8080/ from outside",
    fixed: "GET http://reviews.bookinfo:9080/ from outside",
    lang: "text",
  }),
  Service_0_has_no_ports: diag(5106, "error", "Service '{0}' declares no ports, so no request can reach it.", {
    why: "A service without ports cannot receive requests.",
    bad: "# Service with 'ports: []'",
    fixed: "ports:\n- {name: http, port: 80}",
    lang: "text",
  }),
  TCP_request_to_port_0_of_1_which_is_2: diag(
    5108,
    "error",
    "Port {0} of '{1}' is {2}, so a 'tcp://' request cannot be evaluated on it.",
    {
      hint: "Send an HTTP request ('GET http://...') to an HTTP port; 'tcp://' requests go to TCP ports (tcp, mongo, mysql, redis) or ports without a protocol, 'tls://' requests to TLS and HTTPS ports.",
      why: "On an HTTP port the client's sidecar runs an HTTP connection manager, which cannot carry raw TCP bytes; TLS ports carry a TLS handshake (tls://).",
      bad: "tcp://reviews.bookinfo:9080 from bookinfo/productpage-v1",
      fixed: "GET http://reviews.bookinfo:9080/ from bookinfo/productpage-v1",
      lang: "text",
    },
  ),
  TLS_request_to_port_0_of_1_which_is_2: diag(
    5110,
    "error",
    "Port {0} of '{1}' is {2}, so a '{3}://' request cannot reach it: the client's sidecar runs an HTTP connection manager there.",
    {
      hint: "Send 'GET http://...' to it (a DestinationRule with tls mode SIMPLE makes the sidecar originate TLS), or use a TLS or HTTPS port of the host.",
      why: "On an HTTP port the client's sidecar parses HTTP; the bytes of a TLS handshake fail there.",
      bad: "GET https://reviews.bookinfo:9080/ from bookinfo/productpage-v1",
      fixed: "GET http://reviews.bookinfo:9080/ from bookinfo/productpage-v1",
      lang: "text",
    },
  ),
  // 5111 (a sidecar's TLS routing by VirtualService tls rules was not modelled) is retired: sidecars route TLS on its
  // SNI in both engines (istio/sni.ts, envoy/engine/tcp.ts). Do not reuse the code.
  // 5109 (tcp:// from an ingress gateway) is retired: gateways' TCP and TLS servers are modelled. Do not reuse it.
  // 5107 (the Envoy engine had no gateway configuration) is retired: the Envoy engine evaluates ingress requests on
  // the gateway configuration meshc emits (compiler/emit/envoy/gateway). Do not reuse the code.
} as const;

/** 5100–5199: requests the evaluator cannot resolve against the mesh (DESIGN §3). */
import { diag } from "../diagnostic.ts";

export const evalMessages = {
  Unknown_source_workload_0: diag(
    5101,
    "error",
    "The request's source '{0}' is not a declared workload.",
    "Declare a Deployment or Pod named '{0}', or write the source as '<namespace>/<workload>' of one that exists: {1}.",
  ),
  Host_0_does_not_resolve_from_namespace_1: diag(
    5102,
    "error",
    "Host '{0}' does not resolve to a service from namespace '{1}'.",
    "Short names resolve in the source's namespace; write 'name.namespace' or the full 'name.namespace.svc.cluster.local'.",
  ),
  Service_0_has_several_ports_1: diag(
    5103,
    "error",
    "Service '{0}' has several ports ({1}) and the request gives none.",
    "Add ':<port>' to the URL.",
  ),
  Unknown_ingress_gateway_0: diag(
    5104,
    "error",
    "The request's source 'ingress {0}' is not a declared Gateway.",
    "Declare a Gateway named '{0}', or use one of: {1}.",
  ),
  Port_0_is_not_a_port_of_1: diag(5105, "error", "Port {0} is not a port of '{1}'.", "Its ports are: {2}."),
  Service_0_has_no_ports: diag(5106, "error", "Service '{0}' declares no ports, so no request can reach it."),
  TCP_request_to_port_0_of_1_which_is_2: diag(
    5108,
    "error",
    "Port {0} of '{1}' is {2}, so a 'tcp://' request cannot be evaluated on it.",
    "Send an HTTP request ('GET http://...') to an HTTP port; 'tcp://' requests go to TCP ports (tcp, mongo, mysql, redis) or ports without a protocol. TLS and HTTPS ports need TLS routing, which meshc does not model yet.",
  ),
  TCP_request_from_ingress_0: diag(
    5109,
    "error",
    "A 'tcp://' request from 'ingress {0}' cannot be evaluated: meshc models only the HTTP servers of gateways.",
    "Send it from a workload ('from <namespace>/<workload>') or from 'outside'.",
  ),
  // 5107 (the Envoy engine had no gateway configuration) is retired: the Envoy engine evaluates ingress requests on
  // the gateway configuration meshc emits (compiler/emit/envoy/gateway). Do not reuse the code.
} as const;

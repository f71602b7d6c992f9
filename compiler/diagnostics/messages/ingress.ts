/**
 * 2360–2369: Kubernetes Ingress, as istiod converts it into a Gateway and VirtualServices (istio
 * `pilot/pkg/config/kube/ingress`). istiod accepts every Ingress it processes and logs what it drops, so these are
 * warnings: each names traffic the Ingress author meant to route that istiod sends nowhere useful.
 */
import { diag } from "../diagnostic.ts";

export const ingressMessages = {
  Ingress_0_backend_Service_1_is_not_declared_in_namespace_2: diag(
    2360,
    "warning",
    "Ingress '{0}' sends this path to Service '{1}', which is not declared in namespace '{2}'.",
    {
      hint: "An Ingress backend is a Service of the Ingress's own namespace; name one that exists there.",
      why: "istiod routes the path to '<service>.<namespace>.svc.cluster.local' whatever the registry holds; with no such Service the gateway has no cluster for it and answers 503.",
      bad: "# Ingress in namespace shop\nbackend: {service: {name: web-frontend, port: {number: 80}}}",
      fixed: "# Ingress in namespace shop, Service shop/web\nbackend: {service: {name: web, port: {number: 80}}}",
    },
  ),
  Ingress_0_backend_port_1_is_not_a_port_of_Service_2: diag(
    2361,
    "warning",
    "Ingress '{0}' sends this path to port {1} of Service '{2}', which has no such port.",
    {
      hint: "Use one of the Service's ports ({3}).",
      why: "istiod routes the path to the Service on the port written; the gateway has no cluster for a port the Service lacks and answers 503.",
      bad: "# Service web: ports [{name: http, port: 80, targetPort: 8080}]\nbackend: {service: {name: web, port: {number: 8080}}}",
      fixed: "backend: {service: {name: web, port: {number: 80}}}",
    },
  ),
  Ingress_0_backend_port_name_1_does_not_resolve_the_path_is_dropped: diag(
    2362,
    "warning",
    "Ingress '{0}' names port '{1}' of Service '{2}', which has no port of that name: istiod drops this path.",
    {
      hint: "Name a port the Service declares, or give the port's number.",
      why: "istiod resolves a named backend port against the Service's ports (conversion.go resolveNamedPort); when it cannot, it logs 'failed to resolve named port' and leaves the path out of the VirtualService, so requests to it fall through to other paths or get 404.",
      bad: "# Service web: ports [{name: http, port: 80}]\nbackend: {service: {name: web, port: {name: https}}}",
      fixed: "backend: {service: {name: web, port: {name: http}}}",
    },
  ),
} as const;

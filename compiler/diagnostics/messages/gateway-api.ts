/**
 * 2300–2349: the Kubernetes Gateway API, as istiod judges it in status conditions
 * (istio `pilot/pkg/config/kube/gateway/conditions.go`): each is a condition istiod would write as False, with its
 * reason. istiod accepts the resources and runs the rest of the config, so these are warnings.
 */
import { diag } from "../diagnostic.ts";

export const gatewayApiMessages = {
  Route_0_is_not_accepted_by_parent_1_2_Colon_3: diag(
    2300,
    "warning",
    "{0} '{1}' is not accepted by parent '{2}' ({3}): {4}.",
    {
      hint: "Routes bind only to listeners whose hostname, allowedRoutes namespaces and kinds, sectionName and port admit them.",
      why: "istiod binds a route only to listeners that admit it; a route no listener accepts routes nothing.",
      bad: "# listener hostname: '*.example.com'\nhostnames: [shop.example.org]\nparentRefs: [{name: gateway, namespace: istio-system}]",
      fixed: "hostnames: [shop.example.com]\nparentRefs: [{name: gateway, namespace: istio-system}]",
    },
  ),
  Route_0_has_an_unresolved_reference_1_Colon_2: diag(
    2301,
    "warning",
    "{0} '{1}' has an unresolved reference ({2}): {3}.",
    {
      why: "A backendRef istiod cannot resolve is dropped from the route, and requests to it fail.",
      bad: "backendRefs: [{name: reviewz, port: 9080}]",
      fixed: "backendRefs: [{name: reviews, port: 9080}]",
    },
  ),
  Route_0_reference_not_permitted_Colon_1: diag(
    2302,
    "warning",
    "{0} '{1}' refers to another namespace without a ReferenceGrant (RefNotPermitted): {2}.",
    {
      hint: "Add a ReferenceGrant in the referenced namespace that allows {0} from namespace '{3}'.",
      why: "A route may send traffic to another namespace only when a ReferenceGrant there allows it.",
      bad: "# HTTPRoute in namespace web\nbackendRefs: [{name: api, namespace: backend, port: 80}]",
      fixed:
        "kind: ReferenceGrant\nmetadata: {namespace: backend}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]\n  to: [{group: '', kind: Service}]",
    },
  ),
  Gateway_0_listener_1_is_not_programmed_2_Colon_3: diag(
    2303,
    "warning",
    "Listener '{1}' of Gateway '{0}' is not programmed ({2}): {3}.",
    {
      why: "istiod does not program a listener it cannot serve, so routes bound to it get no traffic.",
      bad: "listeners: [{name: web, port: 80, protocol: http}]",
      fixed: "listeners: [{name: web, port: 80, protocol: HTTP}]",
    },
  ),
  Gateway_0_is_not_accepted_1_Colon_2: diag(2304, "warning", "Gateway '{0}' is not fully accepted ({1}): {2}.", {
    why: "istiod serves a Gateway only on the addresses it understands (one Hostname naming a Service, or none).",
    bad: "addresses: [{type: NamedAddress, value: my-lb}]",
    fixed: "addresses: [{type: Hostname, value: istio-ingressgateway}]",
  }),
} as const;

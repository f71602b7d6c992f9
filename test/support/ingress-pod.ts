/**
 * The ingress gateway pod the gateway tests share (YAML): a Deployment labelled `istio: ingressgateway` in
 * `istio-system` behind a Service whose port 80 targets 8081, so tests can tell the Gateway's port from the pod's
 * listen port (istiod gateway.go builds `0.0.0.0_<targetPort>`). Without the `istio-system` Namespace document.
 */
export const INGRESS_POD = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: istio-system}
spec: {template: {metadata: {labels: {istio: ingressgateway}}, spec: {serviceAccountName: ingress}}}
---
apiVersion: v1
kind: Service
metadata: {name: ingress, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8081}]
`;

/** Node id → workload (compiler/serve/node-id.ts): meshc's `<namespace>/<workload>` and Istio's service node ids. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseIstioNodeId, workloadForNode, type NodeMatch } from "../../compiler/serve/index.ts";
import { yamlIR } from "./_fixtures.ts";

const ir = yamlIR();
const summary = (m: NodeMatch) =>
  m.kind === "workload" ? { workload: m.workload.id, how: m.how } : { unknown: m.reason };

const Parse = suite("parseIstioNodeId (istio pilot/pkg/model/context.go ParseServiceNodeWithMetadata)");

Parse("splits Type~IP~pod.namespace~namespace.svc.domain", () => {
  assert.equal(parseIstioNodeId("sidecar~10.0.0.5~cart-v1-5d8f7b9c4-x2x7k.shop~shop.svc.cluster.local"), {
    type: "sidecar",
    ip: "10.0.0.5",
    pod: "cart-v1-5d8f7b9c4-x2x7k",
    namespace: "shop",
  });
});

Parse("rejects other shapes: wrong type, missing parts, pod id not in the DNS domain's namespace", () => {
  assert.equal(
    [
      "proxy~1.2.3.4~a.shop~shop.svc.cluster.local",
      "sidecar~1.2.3.4~a.shop",
      "sidecar~1.2.3.4~a.other~shop.svc.cluster.local",
      "shop/cart-v1",
    ].map(parseIstioNodeId),
    [undefined, undefined, undefined, undefined],
  );
});

Parse.run();

const Map_ = suite("workloadForNode");

Map_("'<namespace>/<workload>' names a declared workload", () => {
  assert.equal(summary(workloadForNode(ir, "shop/cart-v1")), { workload: "shop/cart-v1", how: "namespace/name" });
  assert.equal(summary(workloadForNode(ir, "shop/debug")), { workload: "shop/debug", how: "namespace/name" });
});

Map_("an Istio node id finds a Pod by name, a Deployment by its pods' names, else a workload by pod IP", () => {
  assert.equal(
    [
      "sidecar~10.0.0.9~debug.shop~shop.svc.cluster.local",
      "sidecar~10.9.9.9~cart-v1-5d8f7b9c4-x2x7k.shop~shop.svc.cluster.local",
      "sidecar~10.0.0.5~cart-v1-abc.shop~shop.svc.cluster.local",
    ].map((id) => summary(workloadForNode(ir, id))),
    [
      { workload: "shop/debug", how: "Istio node id, Pod name" },
      { workload: "shop/cart-v1", how: "Istio node id, pod of Deployment" },
      { workload: "shop/cart-v1", how: "Istio node id, pod IP" },
    ],
  );
});

Map_("anything else is unknown, with the reason", () => {
  assert.equal(
    ["shop/nope", "sidecar~10.1.1.1~web-6d4cf56db6-x7k2p.shop~shop.svc.cluster.local"].map((id) =>
      summary(workloadForNode(ir, id)),
    ),
    [
      {
        unknown:
          "not a declared '<namespace>/<workload>' nor an Istio node id '<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>'",
      },
      { unknown: "no workload in namespace 'shop' runs pod 'web-6d4cf56db6-x7k2p' or has address 10.1.1.1" },
    ],
  );
});

Map_.run();

import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseYamlText } from "../../compiler/load/yaml/index.ts";
import { extent, located } from "./_located.ts";

const FILE = "mesh/reviews.yaml";
const TEXT = `# leading comment
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  labels:
    app.kubernetes.io/name: reviews   # a key with dots and a slash
spec:
  hosts: [reviews, "reviews.bookinfo.svc.cluster.local"]
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination: {host: reviews, subset: v2}
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    -
    - destination:
        host: reviews
      weight: 10
---
# an empty document is skipped
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
  annotations:
    note: |
      two
      lines
    empty:
`;

const Spans = suite("every node's span, keyed by its dotted path");

Spans("documents keep their plain JSON values, empty documents are skipped", () => {
  const result = parseYamlText(FILE, TEXT);
  assert.equal(result.diagnostics, []);
  assert.equal(
    result.value.map((d) => d.value),
    [
      {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: "reviews", labels: { "app.kubernetes.io/name": "reviews" } },
        spec: {
          hosts: ["reviews", "reviews.bookinfo.svc.cluster.local"],
          http: [
            {
              match: [{ headers: { "end-user": { exact: "jason" } } }],
              route: [{ destination: { host: "reviews", subset: "v2" } }],
            },
            {
              route: [
                { destination: { host: "reviews", subset: "v1" }, weight: 90 },
                null,
                { destination: { host: "reviews" }, weight: 10 },
              ],
            },
          ],
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "reviews", annotations: { note: "two\nlines\n", empty: null } },
      },
    ],
  );
});

Spans("values, keys and documents point at their text", () => {
  const [vs, svc] = parseYamlText(FILE, TEXT).value;
  const at = (doc: typeof vs, path: string) => located({ [FILE]: TEXT }, doc?.spans.get(path));
  const vsPaths = [
    "apiVersion",
    "metadata.name",
    "metadata.labels.app.kubernetes.io/name#key",
    "metadata.labels.app.kubernetes.io/name",
    "spec.hosts",
    "spec.hosts.1",
    "spec.http.0.match.0.headers.end-user#key",
    "spec.http.0.match.0.headers.end-user",
    "spec.http.0.match.0.headers.end-user.exact",
    "spec.http.0.route.0.destination",
    "spec.http.0.route.0.destination.subset",
    "spec.http.1.route.0.weight",
    "spec.http.1.route.2.weight",
  ];
  assert.equal(
    vsPaths.map((p) => `${p}: ${at(vs, p)}`),
    [
      `apiVersion: ${FILE}(2,13) "networking.istio.io/v1"`,
      `metadata.name: ${FILE}(5,9) "reviews"`,
      `metadata.labels.app.kubernetes.io/name#key: ${FILE}(7,5) "app.kubernetes.io/name"`,
      `metadata.labels.app.kubernetes.io/name: ${FILE}(7,29) "reviews"`,
      `spec.hosts: ${FILE}(9,10) "[reviews, \\"reviews.bookinfo.svc.cluster.local\\"]"`,
      `spec.hosts.1: ${FILE}(9,20) "\\"reviews.bookinfo.svc.cluster.local\\""`,
      `spec.http.0.match.0.headers.end-user#key: ${FILE}(13,9) "end-user"`,
      `spec.http.0.match.0.headers.end-user: ${FILE}(14,11) "exact: jason"`,
      `spec.http.0.match.0.headers.end-user.exact: ${FILE}(14,18) "jason"`,
      `spec.http.0.route.0.destination: ${FILE}(16,20) "{host: reviews, subset: v2}"`,
      `spec.http.0.route.0.destination.subset: ${FILE}(16,44) "v2"`,
      `spec.http.1.route.0.weight: ${FILE}(21,15) "90"`,
      `spec.http.1.route.2.weight: ${FILE}(25,15) "10"`,
    ],
  );
  assert.is(vs?.spans.has("spec.http.1.route.1"), false, "an empty entry ('-' alone) has no text");
  assert.equal(
    ["metadata.annotations.note", "metadata.annotations.empty"].map((p) => `${p}: ${at(svc, p)}`),
    [
      `metadata.annotations.note: ${FILE}(34,11) "|\\n      two\\n      lines"`,
      // An absent value reads as null and points at its key.
      `metadata.annotations.empty: ${FILE}(37,5) "empty"`,
    ],
  );
  assert.equal(
    [vs?.span, svc?.span].map((s) => extent({ [FILE]: TEXT }, s)),
    [`${FILE}(2,1)-(25,17)`, `${FILE}(29,1)-(37,11)`],
  );
});

Spans("a byte order mark shifts nothing", () => {
  const text = "\uFEFFkind: Pod\n";
  const [doc] = parseYamlText("bom.yaml", text).value;
  assert.equal(located({ "bom.yaml": text }, doc?.spans.get("kind")), `bom.yaml(1,8) "Pod"`);
});

Spans.run();

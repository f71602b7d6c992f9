import { suite } from "uvu";
import * as assert from "uvu/assert";
import { lineAndColumn } from "../../compiler/diagnostics/span.ts";
import { FILE, meshDiagnostics } from "./_check.ts";
import { REVIEWS } from "./cases/references.ts";

// Whole diagnostics (hint and related locations included) for the reference checks; DESIGN.md §6's example.
const References = suite("reference diagnostics in full");

const at = (text: string, start: number) => lineAndColumn(text, start);

References("MESH2001 names the subset, the service as written, the declared subsets and the DestinationRule", () => {
  // GIVEN a route to reviews@v4 while the DestinationRule declares v1, v2 and v3
  const text = REVIEWS("  - route:\n    - destination: {host: reviews, subset: v4}");
  // WHEN validated
  const [d, ...rest] = meshDiagnostics(text);
  // THEN one error, at `v4`, pointing at the DestinationRule's subsets
  assert.equal(rest, []);
  assert.equal(
    {
      ...d,
      span: d && at(text, d.span!.start),
      related: d?.related?.map((r) => ({ ...r, span: at(text, r.span.start) })),
    },
    {
      code: 2001,
      severity: "error",
      message: "Subset 'v4' is not declared for service 'reviews'.",
      span: { line: 8, column: 44 },
      hint: "Declare it under 'subsets' in a DestinationRule for 'reviews' (declared subsets: v1, v2, v3).",
      related: [
        {
          message: "DestinationRule bookinfo/reviews declares the subsets of 'reviews.bookinfo.svc.cluster.local'.",
          span: { line: 15, column: 12 },
        },
      ],
      resource: { kind: "VirtualService", namespace: "bookinfo", name: "reviews" },
    },
  );
  assert.is(d?.span?.file, FILE);
});

References("MESH2002 lists the known hosts in the hint", () => {
  const text = REVIEWS("  - route:\n    - destination: {host: ratings}");
  const [d, ...rest] = meshDiagnostics(text);
  assert.equal(rest, []);
  assert.equal(
    { ...d, span: d && at(text, d.span!.start) },
    {
      code: 2002,
      severity: "warning",
      message: "Host 'ratings' is not a known service or ServiceEntry host.",
      span: { line: 8, column: 27 },
      hint: "Declare it as a Kubernetes Service or a ServiceEntry; known hosts: *.example.com, reviews.bookinfo.svc.cluster.local.",
      resource: { kind: "VirtualService", namespace: "bookinfo", name: "reviews" },
    },
  );
});

References.run();

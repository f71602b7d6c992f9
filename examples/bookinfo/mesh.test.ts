/**
 * Unit tests of bookinfo's routing and authorization decisions, written with meshc's TypeScript test API: the way a
 * team would test its own mesh.ts in CI (`npx uvu -r tsx examples/bookinfo`, or any test runner).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { destinations, expectThat, loadMesh, simulate } from "meshc/test";

const mesh = loadMesh("examples/bookinfo/mesh.ts");
const Bookinfo = suite("bookinfo");

Bookinfo("jason always sees reviews v2", () => {
  expectThat(
    mesh,
    "GET http://reviews.bookinfo:9080/reviews/0 from bookinfo/productpage-v1 header end-user=jason",
    "reviews@v2",
    "allow by bookinfo/reviews-viewer",
  );
});

Bookinfo("everyone else gets 90% v1 and 10% v2", () => {
  const result = simulate(mesh, "GET http://reviews.bookinfo:9080/reviews/0 from bookinfo/productpage-v1");
  assert.equal(destinations(result), {
    "reviews.bookinfo.svc.cluster.local@v1": 0.9,
    "reviews.bookinfo.svc.cluster.local@v2": 0.1,
  });
  assert.equal(result.route, { resource: "VirtualService bookinfo/reviews", index: 1, name: "canary" });
});

Bookinfo("productpage may not call ratings directly", () => {
  expectThat(
    mesh,
    "GET http://ratings.bookinfo:9080/ratings/0 from bookinfo/productpage-v1",
    "deny by default",
    "status 403",
  );
});

Bookinfo("a plaintext client outside the mesh is reset by STRICT mTLS", () => {
  expectThat(mesh, "GET http://productpage.bookinfo:9080/productpage from outside", "status 0");
});

Bookinfo("a failing expectation throws with what was found and the trace", () => {
  assert.throws(
    () => expectThat(mesh, "GET http://reviews.bookinfo:9080/reviews/0 from bookinfo/productpage-v1", "reviews@v3"),
    (e: Error) =>
      e.message.includes("expected reviews@v3, found reviews@v1 90%, reviews@v2 10%") && e.message.includes("trace:"),
  );
});

Bookinfo.run();

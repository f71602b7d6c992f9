/**
 * Route-shadowing logic: when an earlier HTTP match takes every request of a later one. Envoy matches `regex`
 * against the whole value (RE2 full match), `prefix` as a string prefix, and headers by name case-insensitively.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { matchCovers, regexLiteralPrefix, stringMatchCovers } from "../../compiler/check/analyze/_match-cover.ts";
import type { HTTPMatchRequest, StringMatch } from "../../compiler/ir/istio-api.ts";

const Prefix = suite("regexLiteralPrefix");

Prefix("is the literal text every full match must start with", () => {
  assert.equal(["/api/v1/products/[0-9]+", "^/api\\.v2/.*", "/items?", "/a|/b", "[a-z]+"].map(regexLiteralPrefix), [
    "/api/v1/products/",
    "/api.v2/",
    "/item",
    "",
    "",
  ]);
});

Prefix.run();

const Strings = suite("stringMatchCovers");

Strings("a prefix covers longer prefixes, exact values and regexes that start with it", () => {
  const p = { prefix: "/api" };
  assert.equal(
    [
      { prefix: "/api/v1" },
      { exact: "/api" },
      { regex: "/api/[0-9]+" },
      { prefix: "/ap" },
      { regex: ".*/api" },
      undefined,
    ].map((b) => stringMatchCovers(p, b)),
    [true, true, true, false, false, false],
  );
});

Strings("a regex covers the exact values it fully matches; case-insensitive covers case-sensitive only", () => {
  assert.equal(
    [
      stringMatchCovers({ regex: "/items/[0-9]+" }, { exact: "/items/42" }),
      stringMatchCovers({ regex: "/items/[0-9]+" }, { exact: "/items/42/x" }),
      stringMatchCovers({ prefix: "/API" }, { prefix: "/api/v1" }, true, false),
      stringMatchCovers({ prefix: "/api" }, { prefix: "/api/v1" }, false, true),
      // `{}` (header present) is valid Istio input the StringMatch type does not spell out.
      stringMatchCovers({} as StringMatch, { exact: "x" }),
    ],
    [true, false, true, false, true],
  );
});

Strings.run();

const Matches = suite("matchCovers");

Matches("a match with fewer conditions covers one with more; unknown fields never cover", () => {
  assert.equal(
    [
      matchCovers({ uri: { prefix: "/" } }, { uri: { exact: "/a" }, method: { exact: "GET" } }),
      matchCovers({ uri: { prefix: "/" }, method: { exact: "GET" } }, { uri: { exact: "/a" } }),
      matchCovers(
        { headers: { "X-Beta": { exact: "1" } } },
        { headers: { "x-beta": { exact: "1" } }, uri: { prefix: "/b" } },
      ),
      matchCovers({ port: 8080 }, { port: 9090 }),
      matchCovers({ sourceLabels: { app: "web" } }, { sourceLabels: { app: "web", version: "v1" } }),
      // A field meshc does not know (a newer Istio's): never treated as covering.
      matchCovers({ futureField: true } as HTTPMatchRequest, {}),
    ],
    [true, false, true, false, true, false],
  );
});

Matches(
  "source conditions follow istio route.go sourceMatchHTTP: gateways decide alone, else labels and namespace",
  () => {
    const mesh = { gateways: ["mesh"] };
    assert.equal(
      [
        // The later match names `mesh`, so its labels are not checked: a label-restricted earlier match does not cover it.
        matchCovers({ sourceLabels: { app: "web" } }, { gateways: ["mesh"], sourceLabels: { app: "web" } }),
        matchCovers(mesh, { gateways: ["mesh"], sourceLabels: { app: "web" } }),
        matchCovers({ gateways: ["mesh"], sourceLabels: { app: "web" } }, { gateways: ["mesh"] }),
        matchCovers(mesh, { sourceLabels: { app: "web" } }),
        matchCovers({}, { gateways: ["mesh"] }),
        matchCovers({ sourceNamespace: "a" }, { sourceNamespace: "a", sourceLabels: { app: "web" } }),
        matchCovers({ sourceNamespace: "a" }, { gateways: ["mesh"], sourceNamespace: "a" }),
      ],
      [false, true, true, false, true, true, false],
    );
  },
);

Matches.run();

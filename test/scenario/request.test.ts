import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseRequest } from "../../compiler/scenario/index.ts";

const Request = suite("parseRequest: docs/requests.md requests as ASTs");
const whole = (text: string) => ({ file: "--request", start: 0, length: text.length });

Request("the docs/requests.md example: a workload source and a header", () => {
  const text = "GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage header end-user=jason";
  assert.equal(parseRequest(text), {
    value: {
      method: "GET",
      scheme: "http",
      host: "reviews.bookinfo",
      port: 9080,
      path: "/reviews/1",
      query: "",
      headers: { "end-user": "jason" },
      source: { kind: "workload", namespace: "bookinfo", name: "productpage" },
      plaintext: false,
      span: whole(text),
    },
    diagnostics: [],
  });
});

Request("from outside, a POST, a full host name and a query string", () => {
  const text = "POST http://ratings.bookinfo.svc.cluster.local:9080/ratings/0?user=1&x=%20 from outside";
  assert.equal(parseRequest(text, "cli"), {
    value: {
      method: "POST",
      scheme: "http",
      host: "ratings.bookinfo.svc.cluster.local",
      port: 9080,
      path: "/ratings/0",
      query: "user=1&x=%20",
      headers: {},
      source: { kind: "outside" },
      plaintext: false,
      span: { file: "cli", start: 0, length: text.length },
    },
    diagnostics: [],
  });
});

Request("without 'from' the source is outside; without a port or path, port is undefined and the path '/'", () => {
  const text = "GET http://details";
  assert.equal(parseRequest(text).value, {
    method: "GET",
    scheme: "http",
    host: "details",
    port: undefined,
    path: "/",
    query: "",
    headers: {},
    source: { kind: "outside" },
    plaintext: false,
    span: whole(text),
  });
});

Request("grpc:// implies POST; ingress source; quoted, escaped, repeated and mixed-case headers; plaintext", () => {
  const text =
    'grpc://reviews:9080/reviews.Reviews/Get plaintext header X-Note="two words \\"quoted\\" \\\\" from ingress bookinfo/bookinfo-gateway header x-note=again header Cookie=a=b;c=d';
  assert.equal(parseRequest(text).value, {
    method: "POST",
    scheme: "grpc",
    host: "reviews",
    port: 9080,
    path: "/reviews.Reviews/Get",
    query: "",
    // A repeated header is seen joined with ',' (Envoy's getAllOfHeaderAsString).
    headers: { "x-note": 'two words "quoted" \\,again', cookie: "a=b;c=d" },
    source: { kind: "ingress", namespace: "bookinfo", gateway: "bookinfo-gateway" },
    plaintext: true,
    span: whole(text),
  });
});

Request("an explicit POST is accepted for grpc://, and any upper-case method for http://", () => {
  assert.equal(parseRequest("POST grpc://a:1/s/M").value?.method, "POST");
  assert.equal(parseRequest("PURGE http://a:1/").value?.method, "PURGE");
});

Request("keywords inside longer words and hosts are names: 'nospace', 'from.x'", () => {
  const text = "GET http://from.x:80/ from nospace/statuses";
  assert.equal(parseRequest(text).value?.source, { kind: "workload", namespace: "nospace", name: "statuses" });
  assert.equal(parseRequest(text).value?.host, "from.x");
});

Request("header names that are Object.prototype members are ordinary headers", () => {
  assert.equal(
    parseRequest("GET http://a:1/ header constructor=x header __proto__=y").value?.headers,
    JSON.parse('{"constructor":"x","__proto__":"y"}'),
  );
});

Request("'ip <address>': IPv4 as written, IPv6 in Envoy's text form (inet_ntop), after 'from' or before it", () => {
  assert.equal(parseRequest("GET http://a:1/ from outside ip 203.0.113.7").value?.ip, "203.0.113.7");
  assert.equal(parseRequest("GET http://a:1/ ip 2001:DB8:0:0:0:0:0:7 from ingress ns/gw").value?.ip, "2001:db8::7");
  assert.equal(parseRequest("tcp://a:1 ip ::ffff:198.51.100.1").value?.ip, "::ffff:198.51.100.1");
  assert.equal(
    parseRequest("GET http://a:1/ ip 1.2.3.4 ip 1.2.3.5").diagnostics.map((d) => d.code),
    [4010],
  );
});

Request.run();

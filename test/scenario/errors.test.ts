import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Messages } from "../../compiler/diagnostics/messages.ts";
import { parseRequest, parseScenarios } from "../../compiler/scenario/index.ts";
import { asJson } from "./_support.ts";

const F = "t.scenarios";
const R = "--request";

/** A one-scenario file whose expectation line is `line`. */
const expecting = (line: string) => `scenario "a"\n  GET http://a:1/\n  ${line}\n`;

type Case = readonly [name: string, kind: "file" | "request", text: string, expected: readonly object[]];

const error = (
  code: number,
  message: string,
  file: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  extra = {},
) => ({
  code: `MESH${code}`,
  severity: "error",
  message,
  file,
  line,
  column,
  endLine,
  endColumn,
  ...extra,
});

// ---------------------------------------------------------------------------------------------------------------------
const Kinds = suite("every syntax error kind, with its full diagnostic");

const CASES: readonly Case[] = [
  [
    "4001 a character no token starts with",
    "file",
    expecting("expect $allow"),
    [error(4001, "Unexpected text '$'.", F, 3, 10, 3, 11)],
  ],
  [
    "4002 an unterminated scenario name",
    "file",
    'scenario "a\n  GET http://a:1/\n  expect allow\n',
    [error(4002, "Unterminated string literal.", F, 1, 10, 1, 12, { hint: "Close it with '\"'." })],
  ],
  [
    "4002 an unterminated header value",
    "request",
    'GET http://a:1/ header x="two words',
    [error(4002, "Unterminated string literal.", R, 1, 26, 1, 36, { hint: "Close it with '\"'." })],
  ],
  [
    "4003 a misspelt keyword on a new line: only what may start a line is listed",
    "file",
    expecting("expect reviews\n  expct reviews@v2"),
    [error(4003, "Expected 'expect' or 'scenario' but found 'expct'.", F, 4, 3, 4, 8)],
  ],
  [
    "4003 a bad word inside a request lists every continuation",
    "request",
    "GET http://a:1/ frm a/b",
    [
      error(
        4003,
        "Expected 'from', 'header', 'jwt', 'cert', 'plaintext', 'sni' or 'ip' but found 'frm'.",
        R,
        1,
        17,
        1,
        20,
      ),
    ],
  ],
  [
    "4003 an expectation that is none of the forms",
    "file",
    expecting("expect 200"),
    [
      error(
        4003,
        "Expected 'allow', 'deny', 'status', 'no', 'mtls', 'plaintext', 'origination', 'timeout', 'retries', 'principal', 'hop' or a name but found '200'.",
        F,
        3,
        10,
        3,
        13,
      ),
    ],
  ],
  [
    "4003 a scenario name that is not quoted",
    "file",
    "scenario jason\n  GET http://a:1/\n  expect allow\n",
    [error(4003, "Expected a quoted string but found 'jason'.", F, 1, 10, 1, 15)],
  ],
  [
    "4003 a header without its value",
    "file",
    expecting("header\n  expect allow"),
    [error(4003, "Expected 'name=value' but found 'expect'.", F, 3, 9, 3, 9)],
  ],
  [
    "4003 a file that ends halfway through a request",
    "file",
    'scenario "a"\n  GET http://a:1/ from x/y\n  expect allow\nscenario "b"\n  GET http://b:1/ from',
    [error(4003, "Expected 'outside', 'ingress' or a name but found end of file.", F, 5, 23, 5, 23)],
  ],
  // A missing token is pointed at where it belongs, at the end of the line, not at the next line's statement.
  [
    "4003 a subset missing after '@'",
    "file",
    expecting("expect reviews@\n  expect allow"),
    [error(4003, "Expected a name but found 'expect'.", F, 3, 18, 3, 18)],
  ],
  [
    "4003 a percentage without '%'",
    "file",
    expecting("expect status 503 50"),
    [error(4003, "Expected '%' but found end of file.", F, 3, 23, 3, 23)],
  ],
  [
    "4003 a missing '%' is pointed at after the number, not at the next scenario",
    "file",
    `${expecting("expect status 503 50\n# note")}${'scenario "b"\n  GET http://b:1/\n  expect allow\n'}`,
    [error(4003, "Expected '%' but found 'scenario'.", F, 3, 23, 3, 23)],
  ],
  [
    "4003 'by' with a bare policy name",
    "file",
    expecting("expect deny by ratings-viewer"),
    [
      error(
        4003,
        "Expected 'default' or a policy such as 'bookinfo/reviews-viewer' but found 'ratings-viewer'.",
        F,
        3,
        18,
        3,
        32,
      ),
    ],
  ],
  [
    "4003 a workload without its namespace",
    "request",
    "GET http://a:1/ from productpage",
    [error(4003, "Expected '/' but found end of request.", R, 1, 33, 1, 33)],
  ],
  [
    "4003 an empty request",
    "request",
    "",
    [error(4003, "Expected a method such as 'GET' or a URL but found end of request.", R, 1, 1, 1, 1)],
  ],
  [
    "4004 httpx://",
    "request",
    "GET httpx://a/",
    [
      error(4004, "Unsupported URL scheme 'httpx'.", R, 1, 5, 1, 10, {
        hint: "Write 'http://', 'https://', 'grpc://' (HTTP/2), 'tcp://' (a TCP connection) or 'tls://' (a TLS connection).",
      }),
    ],
  ],
  [
    "4043 sni on a plaintext request",
    "request",
    "tcp://a:1 sni a",
    [
      error(4043, "'sni' applies only to tls:// and https:// requests.", R, 1, 11, 1, 14, {
        hint: "Use a tls:// or https:// URL, or remove 'sni'.",
      }),
    ],
  ],
  [
    "4050 ip on a workload's request",
    "request",
    "GET http://a:1/ from ns/w ip 10.0.0.1",
    [
      error(
        4050,
        "'ip' applies only to requests from 'outside' or from 'ingress <namespace>/<gateway>'.",
        R,
        1,
        27,
        1,
        38,
        { hint: "Remove 'ip': a workload connects from its pod's address (its Pod's status.podIP)." },
      ),
    ],
  ],
  [
    "4051 an IPv4 address out of range",
    "request",
    "GET http://a:1/ ip 10.0.0.256",
    [
      error(4051, "'10.0.0.256' is not an IPv4 or IPv6 address.", R, 1, 20, 1, 30, {
        hint: "Write an address such as '203.0.113.7' or '2001:db8::7' (no port, no prefix length).",
      }),
    ],
  ],
  [
    "4051 an IPv6 address with two '::'",
    "request",
    "GET http://a:1/ from ingress ns/gw ip 2001::db8::1",
    [
      error(4051, "'2001::db8::1' is not an IPv4 or IPv6 address.", R, 1, 39, 1, 51, {
        hint: "Write an address such as '203.0.113.7' or '2001:db8::7' (no port, no prefix length).",
      }),
    ],
  ],
  ["4005 no host", "request", "GET http://:80/", [error(4005, "The URL 'http://:80/' has no host.", R, 1, 5, 1, 16)]],
  [
    "4006 port 0",
    "request",
    "GET http://a:0/",
    [error(4006, "Port '0' is not a number from 1 to 65535.", R, 1, 14, 1, 15)],
  ],
  [
    "4006 port 65536",
    "request",
    "GET http://a:65536/",
    [error(4006, "Port '65536' is not a number from 1 to 65535.", R, 1, 14, 1, 19)],
  ],
  [
    "4007 a fragment",
    "request",
    "GET http://a:1/#top",
    [
      error(4007, "The URL fragment '#top' is never sent to a server.", R, 1, 16, 1, 20, {
        hint: "Remove it, or encode '#' as '%23' if it belongs to the path.",
      }),
    ],
  ],
  [
    "4008 http:// without a method",
    "request",
    "http://a:1/",
    [error(4008, "A request to an 'http://' URL must start with its method, such as 'GET'.", R, 1, 1, 1, 12)],
  ],
  [
    "4009 grpc:// with GET",
    "request",
    "GET grpc://a:1/s/M",
    [
      error(4009, "A gRPC request is always sent with 'POST', not 'GET'.", R, 1, 1, 1, 4, {
        hint: "Leave the method out: 'grpc://' implies POST.",
      }),
    ],
  ],
  [
    "4010 'from' twice and 'plaintext' twice",
    "request",
    "GET http://a:1/ from x/y plaintext from outside plaintext",
    [
      error(4010, "'from' may appear only once in a request.", R, 1, 36, 1, 48),
      error(4010, "'plaintext' may appear only once in a request.", R, 1, 49, 1, 58),
    ],
  ],
  [
    "4011 an invalid host",
    "request",
    "GET http://a_b:1/",
    [error(4011, "'a_b' is not a valid host name.", R, 1, 12, 1, 15)],
  ],
  [
    "4022 a method and a header on a tcp:// request",
    "request",
    "GET tcp://m:1 header a=b",
    [
      error(4022, "A 'tcp://' request opens a TCP connection and has no method ('GET').", R, 1, 1, 1, 4, {
        hint: "Remove it, or send an HTTP request such as 'GET http://mongo.db:27017/'.",
      }),
      error(4022, "A 'tcp://' request opens a TCP connection and has no headers.", R, 1, 15, 1, 25, {
        hint: "Remove it, or send an HTTP request such as 'GET http://mongo.db:27017/'.",
      }),
    ],
  ],
  [
    "4022 a path on a tcp:// URL",
    "request",
    "tcp://m:1/x?y",
    [
      error(4022, "A 'tcp://' request opens a TCP connection and has no path or query '/x?y'.", R, 1, 10, 1, 14, {
        hint: "Remove it, or send an HTTP request such as 'GET http://mongo.db:27017/'.",
      }),
    ],
  ],
  [
    "4041 a word after 'jwt' that names no kind of bad token",
    "request",
    "GET http://a:1/ jwt revoked iss=x sub=y",
    [
      error(4041, "'revoked' is not a kind of bad JWT.", R, 1, 21, 1, 28, {
        hint: "Write 'jwt invalid', 'jwt expired' or 'jwt wrong-audience', then the claims.",
      }),
    ],
  ],
  [
    "4042 a jwt clause without an issuer, and 'jwt' twice",
    "request",
    "GET http://a:1/ jwt sub=y jwt iss=x",
    [
      error(4042, "A 'jwt' clause needs the claim 'iss=<issuer>'.", R, 1, 17, 1, 26, {
        hint: "Name the issuer a RequestAuthentication's jwtRules list, and usually 'sub=<subject>'.",
      }),
      error(4010, "'jwt' may appear only once in a request.", R, 1, 27, 1, 36),
    ],
  ],
  [
    "4046 cert on a plaintext request",
    "request",
    "GET http://a:1/ cert",
    [
      error(4046, "'cert' applies only to tls:// and https:// requests.", R, 1, 17, 1, 21, {
        hint: "Use a tls:// or https:// URL, or remove 'cert'.",
      }),
    ],
  ],
  [
    "4047 a word after 'cert' that names no kind of bad certificate, and 'cert' twice",
    "request",
    "tls://a:1 cert revoked cert",
    [
      error(4047, "'revoked' is not a kind of bad client certificate.", R, 1, 16, 1, 23, {
        hint: "Write 'cert untrusted' or 'cert expired', or 'cert' alone for a certificate the server trusts.",
      }),
      error(4010, "'cert' may appear only once in a request.", R, 1, 24, 1, 28),
    ],
  ],
  [
    "4048 a certificate attribute other than san",
    "request",
    "GET https://a:1/ cert cn=x san=y",
    [error(4048, "'cn' is not an attribute of a client certificate: write 'san=<name>[,<name>]'.", R, 1, 23, 1, 25)],
  ],
  [
    "4012 a percentage over 100",
    "file",
    expecting("expect reviews@v1 120%"),
    [error(4012, "Percentage '120%' is more than 100%.", F, 3, 21, 3, 24)],
  ],
  [
    "4013 percentages adding up to more than 100",
    "file",
    expecting("expect reviews@v1 90%, reviews@v2 20%"),
    [error(4013, "The percentages in this expectation add up to 110%, which is more than 100%.", F, 3, 3, 3, 40)],
  ],
  [
    "4014 a distribution entry without a percentage",
    "file",
    expecting("expect reviews@v1 90%, reviews@v2"),
    [error(4014, "Each destination in a distribution needs a percentage, such as 'reviews@v2 50%'.", F, 3, 26, 3, 36)],
  ],
  [
    "4044 hop 0",
    "file",
    expecting("expect hop 0 at default/sleep"),
    [
      error(4044, "'0' is not a hop number: hops count from 1.", F, 3, 14, 3, 15, {
        hint: "Hop 1 is the client's proxy, hop 2 the first gateway pod after it (docs/results.md, Hops).",
      }),
    ],
  ],
  [
    "4045 a hop expectation that names nothing",
    "file",
    expecting("expect hop 2"),
    [
      error(4045, "'expect hop 2' names nothing to check.", F, 3, 3, 3, 15, {
        hint: "Add 'at <namespace>/<workload>', 'to <service>', 'mtls', 'plaintext', 'origination', 'allow' or 'deny'.",
      }),
    ],
  ],
  [
    "4015 status 99",
    "file",
    expecting("expect status 99"),
    [
      error(4015, "'99' is not an HTTP status code.", F, 3, 17, 3, 19, {
        hint: "Use 100 to 599, or 0 for a connection that got no response.",
      }),
    ],
  ],
  [
    "4016 fractional retries",
    "file",
    expecting("expect retries 1.5"),
    [error(4016, "'1.5' is not a whole number of retry attempts.", F, 3, 18, 3, 21)],
  ],
  [
    "4017 a duplicate scenario name, with the first as related information",
    "file",
    `${expecting("expect allow")}${expecting("expect deny")}`,
    [
      error(4017, "Scenario 'a' is declared more than once.", F, 4, 10, 4, 13, {
        related: [
          { message: "Scenario 'a' is first declared here.", file: F, line: 1, column: 10, endLine: 1, endColumn: 13 },
        ],
      }),
    ],
  ],
  [
    "4018 an empty scenario name",
    "file",
    'scenario ""\n  GET http://a:1/\n  expect allow\n',
    [error(4018, "A scenario name must not be empty.", F, 1, 10, 1, 12)],
  ],
  [
    "4020 a scenario without expectations",
    "file",
    'scenario "a"\n  GET http://a:1/\nscenario "b"\n  GET http://b:1/\n  expect allow\n',
    [
      error(4020, "Scenario 'a' has no expectations.", F, 1, 10, 1, 13, {
        hint: "Add at least one 'expect' line after its request, such as 'expect allow'.",
      }),
    ],
  ],
  [
    "4021 an expectation before any scenario",
    "file",
    `expect allow\n${expecting("expect deny")}`,
    [
      error(4021, "An 'expect' line must follow the request of a scenario.", F, 1, 1, 1, 13, {
        hint: "Start the scenario with 'scenario \"name\"' and a request such as 'GET http://reviews:9080/'.",
      }),
    ],
  ],
];

for (const [name, kind, text, expected] of CASES) {
  Kinds(name, () => {
    const result = kind === "file" ? parseScenarios(text, F) : parseRequest(text);
    assert.equal(asJson(result.diagnostics, kind === "file" ? F : R, text), expected);
  });
}

Kinds("every 4xxx code of the catalog has a case above", () => {
  const covered = new Set(CASES.flatMap(([, , , expected]) => expected.map((e) => (e as { code: string }).code)));
  const codes = Object.values(Messages)
    .map((m) => m.code)
    .filter((code) => code >= 4000 && code < 5000 && code !== Messages.Scenario_0_is_first_declared_here.code);
  assert.equal(
    codes.filter((code) => !covered.has(`MESH${code}`)),
    [],
  );
});

Kinds("a request with errors has no value", () => {
  assert.equal(parseRequest("GET httpx://a/").value, undefined);
  assert.equal(parseRequest("GET http://a:1/ frm").value, undefined);
});

Kinds.run();

// ---------------------------------------------------------------------------------------------------------------------
const Recovery = suite("error recovery: every error in a file is reported");

Recovery("lexing, parsing and value errors in several scenarios are all reported, in file order", () => {
  // GIVEN one error of each stage, spread over three scenarios, with good scenarios between them
  const text = [
    'scenario "one"',
    "  GET http://a:1/ from bookinfo",
    "  expect allow",
    'scenario "good"',
    "  GET http://a:1/",
    "  expect reviews@v2",
    'scenario "two"',
    "  GET http://a:1/",
    "  expct allow",
    "  expect status 700",
    'scenario "three"',
    "  GET httpx://a/ header x=1 ~",
    "  expect mtls",
    "",
  ].join("\n");
  // WHEN
  const { value, diagnostics } = parseScenarios(text, F);
  // THEN
  assert.equal(asJson(diagnostics, F, text), [
    error(4003, "Expected '/' but found 'expect'.", F, 2, 32, 2, 32),
    error(4003, "Expected 'from', 'header', 'plaintext' or 'expect' but found 'expct'.", F, 9, 3, 9, 8),
    // Recovery resumes at the next `expect` of the same scenario, so its errors are reported too.
    error(4015, "'700' is not an HTTP status code.", F, 10, 17, 10, 20, {
      hint: "Use 100 to 599, or 0 for a connection that got no response.",
    }),
    error(4004, "Unsupported URL scheme 'httpx'.", F, 12, 7, 12, 12, {
      hint: "Write 'http://', 'https://', 'grpc://' (HTTP/2), 'tcp://' (a TCP connection) or 'tls://' (a TLS connection).",
    }),
    error(4001, "Unexpected text '~'.", F, 12, 29, 12, 30),
  ]);
  // The scenario without errors is still read completely.
  assert.equal(
    value.scenarios.find((s) => s.name === "good")?.expectations.map((e) => e.kind),
    ["distribution"],
  );
});

Recovery("garbage between scenarios is skipped once, and parsing resumes at the next scenario", () => {
  const text =
    'junk words here\nscenario "a"\n  GET http://a:1/\n  expect allow\n% more junk\nscenario "b"\n  GET http://b:1/\n  expect deny\n';
  const { value, diagnostics } = parseScenarios(text, F);
  assert.equal(asJson(diagnostics, F, text), [
    error(4003, "Expected 'scenario' but found 'junk'.", F, 1, 1, 1, 5),
    error(4003, "Expected 'expect' or 'scenario' but found '%'.", F, 5, 1, 5, 2),
  ]);
  assert.equal(
    value.scenarios.map((s) => s.name),
    ["a", "b"],
  );
});

Recovery.run();

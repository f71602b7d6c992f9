/**
 * CST → AST (Chevrotain `examples/tutorial/step3_actions/step3a_actions_visitor.js`). One method per grammar rule,
 * each returning its AST node, or undefined when error recovery left the node incomplete (the parser has already
 * reported why). Checks that need values, not just token kinds (URL parts, status codes, percentages), report here.
 *
 * Methods are called directly with a node's children and span rather than through `visit()`, whose result is
 * `any`; `validateVisitor()` still checks that every grammar rule has its method.
 */
import type { CstNode, IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { RequestClientCert, RequestJwt, RequestSource, SimRequest } from "../eval/types.ts";
import type { Span } from "../diagnostics/span.ts";
import type { Expectation, Scenario, ScenarioFile } from "./ast.ts";
import type * as C from "./cst.d.ts";
import { parser } from "./parser.ts";
import { headerPair, real, tokenSpan, unquote } from "./_values.ts";
import { parseUrl, type UrlScheme } from "./_url.ts";
import { ExpectationVisitor } from "./_visit-expect.ts";
import { canonicalIp } from "../ir/ip-address.ts";

const BaseVisitor = parser.getBaseCstVisitorConstructor<Span, unknown>();

/** A request parsed from text: always has the span it was written at. */
export type ParsedRequest = SimRequest & { readonly span: Span };

/** Turns one file's CST into its AST; `diagnostics` collects what only values reveal. */
export class ScenarioVisitor extends BaseVisitor implements C.ICstNodeVisitor<Span, unknown> {
  readonly diagnostics: Diagnostic[] = [];
  readonly #expect: ExpectationVisitor;

  constructor(readonly file: string) {
    super();
    this.#expect = new ExpectationVisitor(file, this.diagnostics);
    this.validateVisitor();
  }

  /** The span of a CST node; nodes that recovery left without tokens get an empty span at `fallback`. */
  spanOf(node: CstNode, fallback = 0): Span {
    const loc = node.location;
    if (loc === undefined || Number.isNaN(loc.startOffset)) return { file: this.file, start: fallback, length: 0 };
    const end = Number.isNaN(loc.endOffset ?? NaN) ? loc.startOffset : (loc.endOffset ?? loc.startOffset) + 1;
    return { file: this.file, start: loc.startOffset, length: end - loc.startOffset };
  }

  /** Visit the first node of a child list, which may be absent or incomplete after error recovery. */
  one<N extends CstNode, R>(
    nodes: readonly N[] | undefined,
    visit: (children: N["children"], span: Span) => R | undefined,
  ): R | undefined {
    const node = nodes?.[0];
    return node === undefined ? undefined : visit(node.children, this.spanOf(node));
  }

  /**
   * Scenarios in file order. A file-level `expect` (parsed so only after a syntax error, see parser.ts) belongs to
   * the scenario before it.
   */
  scenarioFile(ctx: C.ScenarioFileCstChildren, span: Span): ScenarioFile {
    const statements = [...(ctx.scenario ?? []), ...(ctx.expectation ?? [])].sort(
      (a, b) => this.spanOf(a).start - this.spanOf(b).start,
    );
    const groups: { node: C.ScenarioCstNode; extra: C.ExpectationCstNode[] }[] = [];
    for (const node of statements) {
      if (node.name === "scenario") groups.push({ node: node, extra: [] });
      else if (groups.length > 0) groups.at(-1)!.extra.push(node);
      else
        this.diagnostics.push(
          createDiagnostic(Messages.Expect_must_follow_the_request_of_a_scenario, this.spanOf(node)),
        );
    }
    const scenarios: Scenario[] = [];
    const seen = new Map<string, Span>();
    for (const { node, extra } of groups) {
      const scenario = this.scenario(node.children, this.spanOf(node), extra);
      if (scenario === undefined) continue;
      const first = seen.get(scenario.name);
      if (first) this.duplicateScenario(scenario, first);
      else seen.set(scenario.name, scenario.nameSpan);
      scenarios.push(scenario);
    }
    return { kind: "scenarioFile", span, scenarios };
  }

  private duplicateScenario(scenario: Scenario, first: Span): void {
    const related = [
      {
        message: createDiagnostic(Messages.Scenario_0_is_first_declared_here, first, [scenario.name]).message,
        span: first,
      },
    ];
    this.diagnostics.push(
      createDiagnostic(Messages.Scenario_0_is_declared_more_than_once, scenario.nameSpan, [scenario.name], related),
    );
  }

  scenario(ctx: C.ScenarioCstChildren, span: Span, extra: readonly C.ExpectationCstNode[] = []): Scenario | undefined {
    const nameToken = real(ctx.StringLiteral);
    const request = this.one(ctx.request, (c, s) => this.request(c, s));
    const nodes = [...(ctx.expectation ?? []), ...extra];
    const expectations = nodes.flatMap((node) => this.expectation(node.children, this.spanOf(node)) ?? []);
    const last = nodes.at(-1);
    const whole =
      last === undefined ? span : { ...span, length: this.spanOf(last).start + this.spanOf(last).length - span.start };
    if (nameToken === undefined) return undefined;
    const nameSpan = tokenSpan(this.file, nameToken);
    const name = unquote(nameToken.image, nameSpan, this.diagnostics);
    if (name.trim() === "") this.diagnostics.push(createDiagnostic(Messages.Scenario_name_must_not_be_empty, nameSpan));
    // Only for a complete request: a file that stops halfway through one has already been reported.
    if (nodes.length === 0 && request !== undefined)
      this.diagnostics.push(createDiagnostic(Messages.Scenario_0_has_no_expectations, nameSpan, [name]));
    if (request === undefined) return undefined;
    return { kind: "scenario", span: whole, name, nameSpan, request, expectations };
  }

  requestLine(ctx: C.RequestLineCstChildren): ParsedRequest | undefined {
    return this.one(ctx.request, (c, s) => this.request(c, s));
  }

  request(ctx: C.RequestCstChildren, span: Span): ParsedRequest | undefined {
    const urlToken = real(ctx.Url);
    if (urlToken === undefined) return undefined;
    const { url, diagnostics } = parseUrl(urlToken.image, urlToken.startOffset, this.file);
    this.diagnostics.push(...diagnostics);
    const method = this.method(real(ctx.Method), urlToken, url?.scheme);
    this.onlyOnce(ctx.source?.map((n) => this.spanOf(n)) ?? [], "from");
    this.onlyOnce(ctx.Plaintext?.map((t) => tokenSpan(this.file, t)) ?? [], "plaintext");
    // No `from`: a mesh-external client (no sidecar, plaintext), the most natural reading of a bare request and the
    // client `curl` on a laptop would be.
    const given = this.one(ctx.source, (c) => this.source(c));
    let complete = given !== undefined || ctx.source === undefined;
    const source: RequestSource = given ?? { kind: "outside" };
    const headers = new Map<string, string>(); // a Map, so a header named '__proto__' or 'constructor' is just a header
    const connection = url?.scheme === "tcp" || url?.scheme === "tls";
    const noPart = (at: Span, what: string) =>
      this.diagnostics.push(
        createDiagnostic(Messages.A_0_request_opens_a_1_connection_and_has_no_2, at, [
          url!.scheme,
          url!.scheme.toUpperCase(),
          what,
        ]),
      );
    for (const node of ctx.header ?? []) {
      if (connection) noPart(this.spanOf(node), "headers");
      const header = this.header(node.children);
      complete &&= header !== undefined;
      if (header === undefined) continue;
      // A repeated header is one header with both values joined by ',', which is what Envoy's header matchers see
      // (envoy source/common/http/header_utility.cc, getAllOfHeaderAsString).
      const before = headers.get(header.name);
      headers.set(header.name, before === undefined ? header.value : `${before},${header.value}`);
    }
    this.onlyOnce(ctx.jwt?.map((n) => this.spanOf(n)) ?? [], "jwt");
    const jwt = this.one(ctx.jwt, (c, s) => this.jwt(c, s));
    if (connection && ctx.jwt !== undefined) noPart(this.spanOf(ctx.jwt[0]!), "JWT");
    // `sni <name>`: the server name of the TLS handshake (tls:// and https:// only; default: the URL's host).
    this.onlyOnce(ctx.Sni?.map((t) => tokenSpan(this.file, t)) ?? [], "sni");
    const sniToken = real(ctx.Name);
    const tlsUrl = url?.scheme === "tls" || url?.scheme === "https";
    if (ctx.Sni !== undefined && url !== undefined && !tlsUrl)
      this.diagnostics.push(
        createDiagnostic(Messages.Sni_applies_only_to_tls_and_https_requests, tokenSpan(this.file, ctx.Sni[0]!)),
      );
    // `cert ...`: the client certificate of the TLS handshake (tls:// and https:// only).
    this.onlyOnce(ctx.cert?.map((n) => this.spanOf(n)) ?? [], "cert");
    const cert = this.one(ctx.cert, (c) => this.cert(c));
    if (ctx.cert !== undefined && url !== undefined && !tlsUrl)
      this.diagnostics.push(
        createDiagnostic(Messages.Cert_applies_only_to_tls_and_https_requests, this.spanOf(ctx.cert[0]!)),
      );
    // `ip <address>`: the address an `outside` or `ingress` client connects from (a workload's is its pod's).
    this.onlyOnce(ctx.clientIp?.map((n) => this.spanOf(n)) ?? [], "ip");
    const ip = this.one(ctx.clientIp, (c) => this.clientIp(c));
    if (ctx.clientIp !== undefined && given?.kind === "workload")
      this.diagnostics.push(
        createDiagnostic(
          Messages.Ip_applies_only_to_requests_from_outside_or_an_ingress_gateway,
          this.spanOf(ctx.clientIp[0]!),
        ),
      );
    if (ctx.clientIp !== undefined && (ip === undefined || given?.kind === "workload")) return undefined;
    if (url === undefined || method === undefined || !complete) return undefined;
    if (connection && ((ctx.header?.length ?? 0) > 0 || ctx.jwt !== undefined)) return undefined;
    if (ctx.Sni !== undefined && (!tlsUrl || sniToken === undefined)) return undefined;
    if (ctx.jwt !== undefined && jwt === undefined) return undefined;
    if (ctx.cert !== undefined && (!tlsUrl || cert === undefined)) return undefined;
    const { scheme, host, port, path, query } = url;
    const plaintext = (ctx.Plaintext?.length ?? 0) > 0;
    const request = {
      method,
      scheme,
      host,
      port,
      path,
      query,
      headers: Object.fromEntries(headers),
      source,
      plaintext,
    };
    const sni = sniToken === undefined ? {} : { sni: sniToken.image.toLowerCase() };
    return {
      ...request,
      ...(jwt === undefined ? {} : { jwt }),
      ...sni,
      ...(ip === undefined ? {} : { ip }),
      ...(cert === undefined ? {} : { cert }),
      span,
    };
  }

  /**
   * http:// needs a method; grpc:// is always POST (gRPC over HTTP/2, https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md);
   * tcp:// (meshc's TCP connection) has none: its method is "".
   */
  private method(token: IToken | undefined, url: IToken, scheme: UrlScheme | undefined): string | undefined {
    if (scheme === "tcp" || scheme === "tls") {
      if (token === undefined) return "";
      this.diagnostics.push(
        createDiagnostic(Messages.A_0_request_opens_a_1_connection_and_has_no_2, tokenSpan(this.file, token), [
          scheme,
          scheme.toUpperCase(),
          `method ('${token.image}')`,
        ]),
      );
      return undefined;
    }
    if (scheme === "grpc") {
      if (token !== undefined && token.image !== "POST") {
        this.diagnostics.push(
          createDiagnostic(Messages.gRPC_request_is_always_POST_not_0, tokenSpan(this.file, token), [token.image]),
        );
      }
      return "POST";
    }
    if (token === undefined && (scheme === "http" || scheme === "https")) {
      this.diagnostics.push(
        createDiagnostic(Messages.Request_to_an_http_URL_needs_a_method, tokenSpan(this.file, url)),
      );
    }
    return token?.image;
  }

  private onlyOnce(spans: readonly Span[], word: string): void {
    for (const span of spans.slice(1))
      this.diagnostics.push(createDiagnostic(Messages._0_may_appear_only_once_in_a_request, span, [word]));
  }

  source(ctx: C.SourceCstChildren): RequestSource | undefined {
    if (ctx.Outside !== undefined) return { kind: "outside" };
    const name = this.one(ctx.qualifiedName, (c) => this.qualifiedName(c));
    if (name === undefined) return undefined;
    return ctx.Ingress !== undefined
      ? { kind: "ingress", namespace: name.namespace, gateway: name.name }
      : { kind: "workload", namespace: name.namespace, name: name.name };
  }

  qualifiedName(ctx: C.QualifiedNameCstChildren): { namespace: string; name: string } | undefined {
    const [namespace, name] = (ctx.Name ?? []).filter((t) => !t.isInsertedInRecovery);
    return namespace && name ? { namespace: namespace.image, name: name.image } : undefined;
  }

  /** `ip <address>`: the address in Envoy's text form (`inet_ntop`), or undefined when it is none (reported). */
  clientIp(ctx: C.ClientIpCstChildren): string | undefined {
    const token = real(ctx.Ipv6) ?? real(ctx.Name) ?? real(ctx.NumberLiteral);
    if (token === undefined) return undefined;
    const ip = canonicalIp(token.image);
    if (ip === undefined)
      this.diagnostics.push(
        createDiagnostic(Messages._0_is_not_an_IP_address, tokenSpan(this.file, token), [token.image]),
      );
    return ip;
  }

  header(ctx: C.HeaderCstChildren): { name: string; value: string } | undefined {
    const pair = real(ctx.HeaderPair);
    return pair && headerPair(pair, this.file, this.diagnostics);
  }

  /**
   * `jwt [invalid|expired|wrong-audience] iss=<issuer> sub=<subject> [<claim>=<v1>[,<v2>]]...`: claim names keep their
   * case; a value with commas, or a repeated claim, is a list (`aud` with one value stays a string).
   */
  jwt(ctx: C.JwtCstChildren, span: Span): RequestJwt | undefined {
    const flawToken = real(ctx.Name);
    const flaw = flawToken?.image;
    if (flawToken !== undefined && flaw !== "invalid" && flaw !== "expired" && flaw !== "wrong-audience") {
      this.diagnostics.push(createDiagnostic(Messages.Unknown_JWT_flaw_0, tokenSpan(this.file, flawToken), [flaw!]));
      return undefined;
    }
    const claims = new Map<string, string[]>(); // a Map: a claim named '__proto__' is just a claim
    for (const token of ctx.HeaderPair ?? []) {
      if (token.isInsertedInRecovery === true) continue;
      const eq = token.image.indexOf("=");
      const { value } = headerPair(token, this.file, this.diagnostics);
      const name = token.image.slice(0, eq);
      claims.set(name, [...(claims.get(name) ?? []), ...value.split(",")]);
    }
    if (!claims.has("iss")) {
      this.diagnostics.push(createDiagnostic(Messages.JWT_needs_an_issuer, span));
      return undefined;
    }
    const out: Record<string, string | readonly string[]> = {};
    for (const [k, v] of claims) out[k] = v.length === 1 ? v[0]! : v;
    return { claims: out, ...(flaw === undefined ? {} : { flaw: flaw as NonNullable<RequestJwt["flaw"]> }) };
  }

  /**
   * `cert [untrusted|expired] [san=<name>[,<name>]]...`: the client certificate; `san` values, repeated or
   * comma-separated, are its subject alternative names (none without `san=`).
   */
  cert(ctx: C.CertCstChildren): RequestClientCert | undefined {
    const flawToken = real(ctx.Name);
    const flaw = flawToken?.image;
    let ok = true;
    if (flawToken !== undefined && flaw !== "untrusted" && flaw !== "expired") {
      this.diagnostics.push(
        createDiagnostic(Messages.Unknown_client_certificate_flaw_0, tokenSpan(this.file, flawToken), [flaw!]),
      );
      ok = false;
    }
    const sans: string[] = [];
    for (const token of ctx.HeaderPair ?? []) {
      if (token.isInsertedInRecovery === true) continue;
      const name = token.image.slice(0, token.image.indexOf("="));
      if (name !== "san") {
        const span = { file: this.file, start: token.startOffset, length: name.length };
        this.diagnostics.push(createDiagnostic(Messages.Client_certificate_attribute_0_is_unknown, span, [name]));
        ok = false;
        continue;
      }
      const { value } = headerPair(token, this.file, this.diagnostics);
      sans.push(...value.split(",").filter((v) => v !== ""));
    }
    if (!ok) return undefined;
    return { ...(flaw === undefined ? {} : { flaw: flaw as NonNullable<RequestClientCert["flaw"]> }), sans };
  }

  // ---- expectations: built by ExpectationVisitor (_visit-expect.ts) ----

  expectation(ctx: C.ExpectationCstChildren, span: Span): Expectation | undefined {
    if (ctx.Mtls !== undefined) return { kind: "mtls", span };
    if (ctx.Plaintext !== undefined) return { kind: "plaintext", span };
    if (ctx.Origination !== undefined) return { kind: "origination", span };
    const principal = this.one(ctx.principal, (c) => this.principal(c));
    if (principal !== undefined) return { kind: "principal", span, principal: principal.value };
    return (
      this.one(ctx.authz, (c) => this.authz(c, span)) ??
      this.one(ctx.status, (c) => this.status(c, span)) ??
      this.one(ctx.noRoute, (c) => this.noRoute(c, span)) ??
      this.one(ctx.timeout, (c) => this.timeout(c, span)) ??
      this.one(ctx.retries, (c) => this.retries(c, span)) ??
      this.one(ctx.hop, (c) => this.hop(c, span)) ??
      this.one(ctx.distribution, (c) => this.distribution(c, span))
    );
  }
  /** `expect principal "iss/sub"`, or `expect principal none` (value null: no JWT was verified). */
  principal(ctx: C.PrincipalCstChildren): { value: string | null } | undefined {
    const str = real(ctx.StringLiteral);
    if (str !== undefined) return { value: unquote(str.image, tokenSpan(this.file, str), this.diagnostics) };
    const name = real(ctx.Name);
    if (name === undefined) return undefined;
    if (name.image === "none") return { value: null };
    return { value: name.image };
  }
  authz(ctx: C.AuthzCstChildren, span: Span): Expectation | undefined {
    return this.#expect.authz(ctx, span, (nodes) => this.one(nodes, (c, s) => this.policyRef(c, s)));
  }
  policyRef(ctx: C.PolicyRefCstChildren, span: Span): string | null | undefined {
    return this.#expect.policyRef(ctx, span);
  }
  status(ctx: C.StatusCstChildren, span: Span): Expectation | undefined {
    return this.#expect.status(
      ctx,
      span,
      this.one(ctx.percentage, (c) => this.percentage(c)),
    );
  }
  noRoute(_ctx: C.NoRouteCstChildren, span: Span): Expectation {
    return { kind: "noRoute", span };
  }
  timeout(ctx: C.TimeoutCstChildren, span: Span): Expectation | undefined {
    return this.#expect.timeout(ctx, span);
  }
  retries(ctx: C.RetriesCstChildren, span: Span): Expectation | undefined {
    return this.#expect.retries(ctx, span);
  }
  hop(ctx: C.HopCstChildren, span: Span): Expectation | undefined {
    const name = this.one(ctx.qualifiedName, (c) => this.qualifiedName(c));
    return this.#expect.hop(ctx, span, {
      proxy: name === undefined ? undefined : `${name.namespace}/${name.name}`,
      destination: this.one(ctx.destination, (c, s) => this.destination(c, s)),
      authz: this.one(ctx.authz, (c) => this.authz(c, span)),
    });
  }
  destination(ctx: C.DestinationCstChildren, span: Span): ReturnType<ExpectationVisitor["destination"]> {
    return this.#expect.destination(ctx, span);
  }
  distribution(ctx: C.DistributionCstChildren, span: Span): Expectation | undefined {
    const targets = (ctx.target ?? []).map((node) => this.target(node.children, this.spanOf(node)));
    return this.#expect.distribution(targets, span);
  }
  target(ctx: C.TargetCstChildren, span: Span): ReturnType<ExpectationVisitor["target"]> {
    return this.#expect.target(
      ctx,
      span,
      this.one(ctx.percentage, (c) => this.percentage(c)),
    );
  }
  /** null: written but invalid (reported); a caller sees undefined when there is no percentage at all. */
  percentage(ctx: C.PercentageCstChildren): number | null {
    return this.#expect.percentage(ctx);
  }
}
